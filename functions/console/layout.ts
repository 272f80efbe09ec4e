// The console's page layout: navigation limited to what the signed-in person's roles allow, the
// language switch and sign-out (both forms carry the CSRF token), and a main landmark. No script,
// no external style or font: the page's own CSS is the only thing the strict CSP lets in.
import { authorize, type Action } from '@tessera/catalogue';
import { h, type SafeHtml } from '@tessera/core';
import { LANGUAGES, translator, type MessageKey, type Translator } from '@tessera/i18n';
import type { ConsoleSession } from '@tessera/store';

/** The console's sections, in navigation order, with the action that opens each. */
export const SECTIONS = [
  { path: '/console/reviews', label: 'console.navReviews', action: 'review.decide' },
  { path: '/console/submissions', label: 'console.navSubmissions', action: 'submission.read' },
  { path: '/console/achievements', label: 'console.navAchievements', action: 'catalogue.read' },
  { path: '/console/stacks', label: 'console.navStacks', action: 'catalogue.read' },
  { path: '/console/frameworks', label: 'console.navFrameworks', action: 'catalogue.read' },
  { path: '/console/sources', label: 'console.navSources', action: 'source.read' },
  { path: '/console/reports', label: 'console.navReports', action: 'report.read' },
] as const satisfies readonly { path: string; label: MessageKey; action: Action }[];

export type PageContext = {
  t: Translator;
  /** The path of this page, for aria-current and to come back to after a language change. */
  path: string;
  /** The token every form posts back (csrf field). */
  csrf: string;
  session?: ConsoleSession;
};

export const csrfField = (csrf: string) => h`<input type="hidden" name="csrf" value="${csrf}">`;

/** May the signed-in person do `action`? Pages show a button only when this says yes. */
export const may = (session: ConsoleSession | undefined, action: Action) => session !== undefined && authorize(session.roles, action).ok;

const STYLE = `
  :root { color: #1d2330; background: #fff; }
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; }
  a { color: #0b4fa8; }
  a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid #b35c00; outline-offset: 2px; }
  .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
  .skip:focus { left: .5rem; }
  header { background: #1d2330; color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
  header a { color: #fff; }
  header nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; }
  header nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
  header form { display: inline-flex; gap: .25rem; align-items: center; margin: 0; }
  header .who { margin-left: auto; display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
  main { max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
  th, td { border: 1px solid #c4c9d4; padding: .4rem .5rem; text-align: left; vertical-align: top; }
  th { background: #eef0f5; }
  table.log td, td code { overflow-wrap: anywhere; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .card { border: 1px solid #c4c9d4; border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
  dt { font-weight: 600; } dd { margin: 0 0 .5rem 0; }
  label { font-weight: 600; display: block; margin-top: .75rem; }
  input[type=text], input[type=email], input[type=password], input[type=date], input[type=number], select, textarea { font: inherit; padding: .35rem .5rem; border: 1px solid #5b6478; border-radius: 4px; max-width: 100%; }
  textarea { width: 100%; min-height: 4rem; }
  input[type=checkbox] { width: 1.25rem; height: 1.25rem; }
  button { font: inherit; padding: .45rem 1rem; border-radius: 6px; border: 1px solid #1d2330; background: #fff; color: #1d2330; cursor: pointer; margin: .25rem .5rem .25rem 0; min-height: 2.25rem; }
  button.primary, button.approve { background: #1f6b37; color: #fff; border-color: #1f6b37; }
  button.reject, button.danger { background: #fff; color: #a11d1d; border-color: #a11d1d; }
  header button { padding: .2rem .6rem; min-height: 1.75rem; }
  .error { color: #a11d1d; font-weight: 600; }
  .notice { border-left: 4px solid #0b4fa8; padding: .5rem 1rem; background: #eef4fc; }
  .muted { color: #4a5263; font-size: .9rem; }
  .inline { display: inline; }
  .filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; }
  .filters label { margin-top: 0; }
  figure { margin: 1rem 0; }
  figcaption { font-weight: 600; margin-bottom: .5rem; }
  .chart { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
  .chart.wide { grid-template-columns: 1fr; } .chart.wide figure { max-width: 40rem; }
  @media (max-width: 50rem) { .chart { grid-template-columns: 1fr; } }
  .chart-empty { margin: 0; padding: 1rem; border: 1px dashed #767676; border-radius: 4px; }
  svg text { font: 12px system-ui, sans-serif; fill: #1d2330; }
`;

export function consolePage(context: PageContext, title: string, body: SafeHtml): string {
  const { t, path, csrf, session } = context;
  const nav = session
    ? h`<nav aria-label="${t.t('console.navLabel')}"><ul>${SECTIONS.filter((s) => may(session, s.action)).map(
        (s) => h`<li><a href="${s.path}"${path === s.path || path.startsWith(`${s.path}/`) ? h` aria-current="page"` : ''}>${t.t(s.label)}</a></li>`,
      )}</ul></nav>`
    : '';
  const who = session
    ? h`<span>${t.t('console.signedInAs', { who: session.name ?? session.email ?? session.actorId })}</span>
<form method="post" action="/console/logout">${csrfField(csrf)}<button type="submit">${t.t('console.signOut')}</button></form>`
    : '';
  const languageSwitch = h`<form method="post" action="/console/language">${csrfField(csrf)}<input type="hidden" name="back" value="${path}">
<label for="console-lang" class="inline">${t.t('console.language')}</label>
<select id="console-lang" name="lang">${LANGUAGES.map((lang) => h`<option value="${lang}" lang="${lang}"${lang === t.language ? h` selected` : ''}>${translator(lang).t('common.languageName')}</option>`)}</select>
<button type="submit">${t.t('console.languageApply')}</button></form>`;
  return h`<!doctype html>
<html lang="${t.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · ${t.t('console.title')} · Tessera</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">${t.t('common.skipToContent')}</a>
<header><strong><a href="/console">${t.t('console.title')}</a></strong>${nav}<div class="who">${languageSwitch}${who}</div></header>
<main id="main">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`.value;
}
