// Renders the local outbox as one self-contained HTML page for a human to read. Everything a
// mail carries is escaped; its HTML part runs in a sandboxed iframe (no scripts, no same origin).
import { escapeHtml, type Mail } from '@tessera/core';

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

/** Plain text with its links made clickable: locally the review and claim links are the point of a mail. */
function textWithLinks(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0];
    html += escapeHtml(text.slice(last, match.index));
    html += `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

function renderMail(mail: Mail, number: number): string {
  // <base target=_blank> with allow-popups(-to-escape-sandbox): a link in the mail opens in a
  // normal tab, where the review page's form works, instead of inside the locked-down frame.
  const srcdoc = `<base target="_blank">${mail.html}`;
  return `<article class="mail">
  <h2>${number}. ${escapeHtml(mail.subject)}</h2>
  <dl><dt>To</dt><dd>${escapeHtml(mail.to)}</dd><dt>Subject</dt><dd>${escapeHtml(mail.subject)}</dd></dl>
  <details open><summary>Text</summary><pre>${textWithLinks(mail.text)}</pre></details>
  <details open><summary>HTML</summary><iframe title="HTML part of mail ${number}" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(srcdoc)}"></iframe></details>
</article>`;
}

/** The outbox page; `mails` oldest first (as the outbox lists them), shown newest first. */
export function renderOutboxPage(mails: Mail[]): string {
  const items = mails.map((mail, index) => renderMail(mail, index + 1)).reverse();
  const body = items.length ? items.join('\n') : '<p class="empty">The outbox is empty: no mail has been sent yet.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src * data:; frame-src 'self'">
<title>Tessera outbox (${mails.length})</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
  header p { color: #555; }
  .mail { border: 1px solid #ccc; border-radius: 6px; padding: 1rem 1.25rem; margin: 1.5rem 0; }
  .mail h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 .75rem; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: .75rem; border-radius: 4px; }
  iframe { width: 100%; min-height: 24rem; border: 1px solid #ddd; border-radius: 4px; background: #fff; }
  summary { cursor: pointer; font-weight: 600; margin: .5rem 0; }
  .empty { color: #555; font-style: italic; }
</style>
</head>
<body>
<header>
<h1>Tessera outbox</h1>
<p>${mails.length === 1 ? '1 mail' : `${mails.length} mails`} that Tessera would have sent, newest first. Reload to see new ones.</p>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}
