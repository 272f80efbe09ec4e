// GET /verify: the page where a person pastes a credential or picks a baked badge image and reads
// the result check by check. Its one small script posts to POST /verify (same path) with fetch and
// writes the answer with textContent only; the CSP allows exactly that script, by its hash.
import { createHash } from 'node:crypto';
import type { VerificationResult } from '@tessera/credentials';
import { h, page, SafeHtml } from '../shared/html.ts';

const SCRIPT = `
const form = document.getElementById('verify-form');
const result = document.getElementById('result');
const TYPES = { png: 'image/png', svg: 'image/svg+xml', json: 'application/json' };
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}
function show(heading, verdict, items) {
  result.replaceChildren(el('h2', heading, verdict));
  const list = el('ul', undefined, 'checks');
  for (const item of items) {
    const li = el('li', undefined, item.ok ? 'ok' : 'failed');
    li.dataset.check = item.name;
    li.append(el('span', item.ok ? '\\u2713' : '\\u2717', 'mark'), el('strong', item.name), el('span', ' ' + item.message));
    list.append(li);
  }
  result.append(list);
}
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = document.getElementById('file').files[0];
  const pasted = document.getElementById('credential').value.trim();
  if (!file && !pasted) return show('Nothing to verify', 'failed', [{ name: 'input', ok: false, message: 'paste a credential or choose a file' }]);
  const extension = file ? (file.name.split('.').pop() || '').toLowerCase() : 'json';
  const type = (file && file.type) || TYPES[extension] || 'application/json';
  result.replaceChildren(el('p', 'Checking\\u2026', 'muted'));
  try {
    const response = await fetch(location.pathname, { method: 'POST', headers: { 'Content-Type': type }, body: file || pasted });
    const answer = await response.json();
    if (response.ok) show(answer.verified ? 'Verified' : 'Not verified', answer.verified ? 'ok' : 'failed', answer.checks);
    else show('Cannot verify this input', 'failed', (answer.details || [{ path: 'input', message: '' }]).map((d) => ({ name: d.path, ok: false, message: answer.message + (d.message ? ': ' + d.message : '') })));
  } catch (error) {
    show('Cannot verify right now', 'failed', [{ name: 'network', ok: false, message: String(error) }]);
  }
});
`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

/** Only this page's own script, fetches to its own origin, its inline styles. */
export const VERIFY_PAGE_CSP = `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; connect-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

/** What GET /verify?credential=<url> found, rendered on the server: the badge pages' link for
 *  readers without JavaScript. */
export type ServerVerification = { credentialUrl: string; result?: VerificationResult; problem?: string };

function serverResult(checked: ServerVerification | undefined): SafeHtml | string {
  if (!checked) return '';
  if (!checked.result) return h`<h2 class="failed">Cannot verify this credential</h2><p>${checked.credentialUrl}: ${checked.problem ?? ''}</p>`;
  const { result } = checked;
  return h`<h2 class="${result.verified ? 'ok' : 'failed'}">${result.verified ? 'Verified' : 'Not verified'}</h2>
<p class="muted">${checked.credentialUrl}</p>
<ul class="checks">${result.checks.map(
    (c) =>
      h`<li class="${c.ok ? 'ok' : 'failed'}" data-check="${c.name}"><span class="mark" aria-hidden="true">${c.ok ? '\u2713' : '\u2717'}</span><strong>${c.name}</strong> <span class="visually-hidden">${c.ok ? 'passed' : 'failed'}:</span> ${c.message}</li>`,
  )}</ul>`;
}

export function verifyPage(checked?: ServerVerification): string {
  return page(
    'Verify a badge',
    h`<style>
  input[type=file] { margin: .25rem 0 1rem; }
  #credential { min-height: 10rem; font: 13px/1.4 ui-monospace, monospace; }
  h2.ok { color: #1f7a3d; } h2.failed { color: #a11d1d; }
  ul.checks { list-style: none; padding: 0; }
  ul.checks li { padding: .4rem 0; border-bottom: 1px solid #eef0f4; overflow-wrap: anywhere; }
  .mark { display: inline-block; width: 1.5rem; font-weight: 700; }
  li.ok .mark { color: #1f7a3d; } li.failed .mark { color: #a11d1d; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
<h1>Verify an Open Badge</h1>
<p>Check any Open Badges 3.0 credential: paste its JSON, or choose the credential file or a baked badge image (PNG or SVG).
Every check is explained below.</p>
<form id="verify-form" class="card">
  <label for="credential"><strong>Credential JSON</strong></label>
  <textarea id="credential" name="credential" spellcheck="false" placeholder='{"@context": ["https://www.w3.org/ns/credentials/v2", …], …}'></textarea>
  <p><label for="file"><strong>…or a file</strong> (.json, baked .png or .svg)</label><br>
  <input id="file" name="file" type="file" accept=".json,.png,.svg,application/json,image/png,image/svg+xml"></p>
  <button type="submit">Verify</button>
</form>
<section id="result" aria-live="polite">${serverResult(checked)}</section>
<noscript><p class="muted">This page needs JavaScript to send the credential; without it, POST the credential to this address.</p></noscript>
<script>${new SafeHtml(SCRIPT)}</script>`,
  );
}
