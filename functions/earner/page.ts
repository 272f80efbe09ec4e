// The earner's pages, server-rendered in the reader's language (Accept-Language, then the `lang`
// cookie the switch sets): sign in, the link is on its way, confirm the sign-in link, their
// credentials with what each badge page shows. Forms only: nothing here needs JavaScript.
import { h, publicPaths, type SafeHtml } from '@tessera/core';
import { LANGUAGES, translator, type Language, type Translator } from '@tessera/i18n';
import { page } from '@tessera/issuance';
import type { EarnerCredentialView, EarnerSession } from './earner.ts';
import { visibilityOf } from './earner.ts';

export type StackProgressView = { stackId: string; name: string; held: number; required: number; complete: boolean };

const STYLE = h`<style>
  label { font-weight: 600; }
  input[type=email] { font: inherit; padding: .35rem .5rem; border: 1px solid #5b6478; border-radius: 4px; min-width: 16rem; }
  .checks label { font-weight: normal; display: block; margin: .25rem 0; }
  .lang { float: right; }
  .lang select { font: inherit; }
  .status-ACTIVE { color: #1f7a3d; } .status-REVOKED, .status-SUSPENDED { color: #a11d1d; }
  .notice { border-left: 4px solid #1f7a3d; padding: .5rem 1rem; background: #f1f8f3; }
  .error { color: #a11d1d; }
  a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
</style>`;

/** A GET form: choosing a language changes nothing but a preference cookie. */
function languageSwitch(t: Translator, action: string): SafeHtml {
  return h`<form class="lang" method="get" action="${action}">
<label for="lang">${t.t('common.languageSwitch')}</label>
<select id="lang" name="lang">${LANGUAGES.map((l) => h`<option value="${l}"${l === t.language ? h` selected` : ''}>${translator(l).t('common.languageName')}</option>`)}</select>
<button type="submit">${t.t('common.languageChoose')}</button>
</form>`;
}

function layout(t: Translator, title: string, content: SafeHtml, action = `/${publicPaths.earnerPage()}`): string {
  return page(title, h`${STYLE}${languageSwitch(t, action)}<main id="main">${content}</main><footer><p class="muted">${t.t('common.poweredBy')}</p></footer>`, {
    lang: t.language,
  });
}

export function signInPage(language: Language, options: { sent?: boolean; invalid?: boolean } = {}): string {
  const t = translator(language);
  return layout(
    t,
    t.t('me.signInTitle'),
    h`<h1>${t.t('me.signInTitle')}</h1>
${options.sent ? h`<p class="notice" role="status">${t.t('me.linkSent')}</p>` : ''}
<p>${t.t('me.signInIntro')}</p>
<form method="post" action="/${publicPaths.earnerPage()}" novalidate>
<p><label for="email">${t.t('me.email')}</label><br>
<input id="email" name="email" type="email" autocomplete="email" required${options.invalid ? h` aria-invalid="true" aria-describedby="email-error"` : ''}>
${options.invalid ? h`<br><span id="email-error" class="error">${t.t('me.emailInvalid')}</span>` : ''}</p>
<button type="submit">${t.t('me.sendLink')}</button>
</form>`,
  );
}

/** GET /me/{token}: a mail scanner may open the link; only the button (a POST) signs in. */
export function confirmSignInPage(language: Language, token: string): string {
  const t = translator(language);
  return layout(
    t,
    t.t('me.signInTitle'),
    h`<h1>${t.t('me.signInTitle')}</h1>
<form method="post" action="/${publicPaths.earnerSignIn(token)}"><button type="submit">${t.t('me.title')}</button></form>`,
    `/${publicPaths.earnerSignIn(token)}`,
  );
}

export function messagePage(language: Language, titleKey: 'common.notFoundTitle' | 'common.forbiddenTitle' | 'common.errorTitle', message: string): string {
  const t = translator(language);
  return layout(t, t.t(titleKey), h`<h1>${t.t(titleKey)}</h1><p>${message}</p><p><a href="/${publicPaths.earnerPage()}">${t.t('me.title')}</a></p>`);
}

export function earnerPage(
  language: Language,
  input: { session: EarnerSession; earnerName?: string; credentials: EarnerCredentialView[]; progress: StackProgressView[]; saved?: string },
): string {
  const t = translator(language);
  const { session } = input;
  const csrf = h`<input type="hidden" name="csrf" value="${session.csrfToken}">`;
  const savedView = input.credentials.find((c) => c.record.id === input.saved);
  return layout(
    t,
    t.t('me.title'),
    h`<h1>${t.t('me.title')}</h1>
<p>${t.t('me.signedInAs', { email: session.email })}</p>
<form method="post" action="/me/logout">${csrf}<button type="submit">${t.t('me.signOut')}</button></form>
${savedView ? h`<p class="notice" role="status">${t.t('me.saved', { name: savedView.name })}</p>` : ''}
${
  input.progress.length
    ? h`<h2>${t.t('me.progress')}</h2><ul>${input.progress.map(
        (p) => h`<li><label for="progress-${p.stackId}">${t.t('me.progressToward', { held: p.held, required: p.required, name: p.name })}</label>
<progress id="progress-${p.stackId}" max="${p.required}" value="${Math.min(p.held, p.required)}">${p.held}/${p.required}</progress></li>`,
      )}</ul>`
    : ''
}
<h2>${t.t('me.credentials')}</h2>
${input.credentials.length === 0 ? h`<p>${t.t('me.none')}</p>` : h`<p><a href="/me/credentials.zip" download>${t.t('me.downloadAll')}</a></p>`}
${input.credentials.map((c) => credentialCard(t, c, csrf, input.earnerName))}`,
  );
}

function credentialCard(t: Translator, view: EarnerCredentialView, csrf: SafeHtml, earnerName: string | undefined): SafeHtml {
  const { record } = view;
  const visibility = visibilityOf(record);
  const id = record.id;
  return h`<section class="card" aria-labelledby="cred-${id}">
<h3 id="cred-${id}">${view.name}</h3>
<p>${t.t('me.issuedOn', { date: t.date(record.issuedAt) })} · ${t.t('me.status')}: <strong class="status-${view.status ?? 'ACTIVE'}">${t.t(`me.status${view.status ?? 'ACTIVE'}`)}</strong></p>
<p><a href="/${publicPaths.badgePage(id)}">${t.t('me.openBadgePage', { name: view.name })}</a></p>
<form method="post" action="/me/credentials/${id}/visibility">
${csrf}
<fieldset class="checks"><legend>${t.t('me.visibility')}</legend>
<label><input type="checkbox" name="showName" value="on"${visibility.showName ? h` checked` : ''}> ${t.t('me.showName', { name: earnerName ?? '' })}</label>
${view.evidence.map(
  (e) =>
    h`<label><input type="checkbox" name="evidence" value="${e.index}"${visibility.evidence.includes(e.index) ? h` checked` : ''}> ${t.t('me.showEvidence', { evidence: e.label || t.t('me.evidenceUnnamed', { n: e.index + 1 }) })}</label>`,
)}
</fieldset>
<button type="submit">${t.t('me.save')}</button>
</form>
</section>`;
}
