// Submissions: a search by e-mail, status, achievement and date of receipt (each achievement's
// submissions in the window, as the reports read them: a GSI2 query, no Scan), and a submission's
// page with its history, review and credential, where a registrar or admin revokes, suspends or
// reinstates it through the admin API's own core (functions/admin/credential-status.ts).
import {
  CredentialStatusRequest,
  h,
  NotFoundError,
  parseWith,
  SUBMISSION_STATUSES,
  ValidationError,
  type CredentialRecord,
  type ErrorDetail,
  type Submission,
} from '@tessera/core';
import type { Translator } from '@tessera/i18n';
import * as z from 'zod';
import { changeCredentialStatusAudited, CREDENTIAL_STATUS_ACTIONS } from '../admin/credential-status.ts';
import { reportWindow, type Window } from '../catalogue/reports.ts';
import type { Dependencies } from '../shared/dependencies.ts';
import { csrfField, may, type PageContext } from './layout.ts';
import { formatDateTime } from './format.ts';
import { ok, redirect, type ConsoleCall, type ConsoleRoute, type SignedInCall } from './router.ts';

/** The most rows one search shows (newest first); narrow the search for the rest. */
export const SEARCH_LIMIT = 200;

const day = z.union([z.literal(''), z.iso.date({ message: 'must be a date (YYYY-MM-DD)' })]).optional();
export const SubmissionSearch = z.object({
  email: z.string().trim().max(320).optional(),
  status: z.union([z.literal(''), z.enum(SUBMISSION_STATUSES)]).optional(),
  achievement: z.string().max(64).optional(),
  from: day,
  to: day,
});
export type SubmissionSearch = z.output<typeof SubmissionSearch>;

/** Achievements that can have submissions (published or retired), by id, with their names. */
export async function issuingAchievements(deps: Dependencies): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const listing of await deps.store.achievements.list()) if (listing.status !== 'draft') names.set(listing.id, listing.name);
  return new Map([...names].sort((a, b) => a[0].localeCompare(b[0])));
}

/** `to` is a day: the window ends at the end of it. */
export function windowOf(search: { from?: string; to?: string }, now: Date): Window {
  const to = search.to ? new Date(Date.parse(`${search.to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  return reportWindow({ from: search.from || undefined, to }, now);
}

export async function searchSubmissions(
  deps: Dependencies,
  search: SubmissionSearch,
  achievements: Map<string, string>,
): Promise<{ window: Window; found: Submission[]; more: boolean }> {
  const window = windowOf(search, deps.clock.now());
  const ids = search.achievement ? [search.achievement] : [...achievements.keys()];
  const email = search.email?.toLowerCase();
  const found: Submission[] = [];
  for (const id of ids) {
    for (const submission of await deps.store.submissions.listByAchievement(id, window)) {
      if (email && !submission.recipient.email.toLowerCase().includes(email)) continue;
      if (search.status && submission.status !== search.status) continue;
      found.push(submission);
    }
  }
  found.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  return { window, found: found.slice(0, SEARCH_LIMIT), more: found.length > SEARCH_LIMIT };
}

const dateTime = formatDateTime;

const statusLabel = (t: Translator, status: string) => t.t('console.submissionStatus', { status });

/** A field with its validation message beside it (and tied to it for screen readers). */
export function fieldError(errors: ErrorDetail[], name: string) {
  const message = errors.find((e) => e.path === name || e.path.startsWith(`${name}.`))?.message;
  return {
    attributes: message ? h` aria-invalid="true" aria-describedby="${name}-error"` : h``,
    message: message ? h`<p id="${name}-error" class="error">${message}</p>` : h``,
  };
}

function searchForm(t: Translator, values: Record<string, string>, achievements: Map<string, string>, errors: ErrorDetail[]) {
  const from = fieldError(errors, 'from');
  const to = fieldError(errors, 'to');
  return h`<form method="get" action="/console/submissions" class="filters" role="search" aria-label="${t.t('console.searchLabel')}">
<div><label for="email">${t.t('console.searchEmail')}</label><input type="text" id="email" name="email" value="${values.email ?? ''}" autocomplete="off"></div>
<div><label for="status">${t.t('console.searchStatus')}</label><select id="status" name="status"><option value="">${t.t('console.anyStatus')}</option>${SUBMISSION_STATUSES.map(
    (s) => h`<option value="${s}"${values.status === s ? h` selected` : ''}>${statusLabel(t, s)}</option>`,
  )}</select></div>
<div><label for="achievement">${t.t('console.filterAchievement')}</label><select id="achievement" name="achievement"><option value="">${t.t('console.allAchievements')}</option>${[
    ...achievements,
  ].map(([id, name]) => h`<option value="${id}"${values.achievement === id ? h` selected` : ''}>${name}</option>`)}</select></div>
<div><label for="from">${t.t('console.searchFrom')}</label><input type="date" id="from" name="from" value="${values.from ?? ''}"${from.attributes}>${from.message}</div>
<div><label for="to">${t.t('console.searchTo')}</label><input type="date" id="to" name="to" value="${values.to ?? ''}"${to.attributes}>${to.message}</div>
<div><button type="submit" class="primary">${t.t('console.search')}</button></div>
</form>`;
}

async function searchPage(call: ConsoleCall) {
  const { t, deps, page } = call;
  const values = Object.fromEntries(call.query);
  const achievements = await issuingAchievements(deps);
  let result: Awaited<ReturnType<typeof searchSubmissions>> | undefined;
  let errors: ErrorDetail[] = [];
  try {
    result = await searchSubmissions(deps, parseWith(SubmissionSearch, values, 'search'), achievements);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    errors = error.details.length ? error.details : [{ path: 'from', message: error.message }];
  }
  const table = result
    ? h`<p role="status">${t.t('console.searchFound', { count: result.found.length, from: t.date(result.window.from), to: t.date(result.window.to) })}${result.more ? h` ${t.t('console.searchMore', { limit: SEARCH_LIMIT })}` : ''}</p>
${
  result.found.length
    ? h`<table><caption>${t.t('console.submissionsTitle')}</caption><thead><tr><th scope="col">${t.t('console.learner')}</th><th scope="col">${t.t('console.filterAchievement')}</th><th scope="col">${t.t('console.searchStatus')}</th><th scope="col">${t.t('console.received')}</th></tr></thead>
<tbody>${result.found.map(
        (s) =>
          h`<tr><td><a href="/console/submissions/${encodeURIComponent(s.id)}">${s.recipient.name}</a> (${s.recipient.email})</td><td>${achievements.get(s.achievementId) ?? s.achievementId}</td><td>${statusLabel(t, s.status)}</td><td>${t.date(s.receivedAt)}</td></tr>`,
      )}</tbody></table>`
    : ''
}`
    : h``;
  return ok(page, t.t('console.submissionsTitle'), h`${searchForm(t, values, achievements, errors)}${table}`, errors.length ? 400 : 200);
}

function credentialActions(page: PageContext, t: Translator, credential: CredentialRecord, submissionId: string) {
  const form = (action: keyof typeof CREDENTIAL_STATUS_ACTIONS, label: string, cls: string) =>
    may(page.session, CREDENTIAL_STATUS_ACTIONS[action])
      ? h`<form method="post" action="/console/credentials/${encodeURIComponent(credential.id)}/${action}" class="card">${csrfField(page.csrf)}<input type="hidden" name="submission" value="${submissionId}">
<label for="reason-${action}">${t.t('console.reason')}</label><input type="text" id="reason-${action}" name="reason" required maxlength="1000" size="50">
<button type="submit" class="${cls}">${label}</button></form>`
      : '';
  if (credential.status === 'REVOKED') return h``;
  // Suspension is offered only to a credential issued with a suspension entry (TESSERA_STATUS_SUSPENSION).
  const suspendable = credential.statusEntries?.some((entry) => entry.purpose === 'suspension');
  const suspension = !suspendable
    ? ''
    : credential.status === 'SUSPENDED'
      ? form('unsuspend', t.t('console.unsuspend'), 'primary')
      : form('suspend', t.t('console.suspend'), 'danger');
  return h`${suspension}${form('revoke', t.t('console.revoke'), 'danger')}`;
}

async function submissionPage(call: SignedInCall) {
  const { t, deps, page } = call;
  const submission = await deps.store.submissions.get(call.params.id!);
  if (!submission) throw new NotFoundError(t.t('console.noSubmission'));
  const [achievement, credential] = await Promise.all([deps.store.achievements.get(submission.achievementId), deps.store.credentials.getBySubmission(submission.id)]);
  const review = submission.review;
  const body = h`<div class="card"><dl>
<dt>${t.t('console.learner')}</dt><dd>${submission.recipient.name} (${submission.recipient.email})</dd>
<dt>${t.t('console.filterAchievement')}</dt><dd>${achievement?.name ?? submission.achievementId}</dd>
<dt>${t.t('console.searchStatus')}</dt><dd>${statusLabel(t, submission.status)}</dd>
<dt>${t.t('console.source')}</dt><dd>${submission.sourceId} · ${submission.eventId}</dd>
<dt>${t.t('console.received')}</dt><dd>${t.date(submission.receivedAt)}</dd>
</dl></div>
<h2>${t.t('console.history')}</h2>
<table><caption class="muted">${t.t('console.history')}</caption><thead><tr><th scope="col">${t.t('console.when')}</th><th scope="col">${t.t('console.searchStatus')}</th><th scope="col">${t.t('console.note')}</th></tr></thead>
<tbody>${submission.history.map((e) => h`<tr><td>${dateTime(t, e.at)}</td><td>${statusLabel(t, e.status)}</td><td>${e.note ?? ''}</td></tr>`)}</tbody></table>
<h2>${t.t('console.review')}</h2>
${review ? h`<dl><dt>${t.t('console.decision')}</dt><dd>${review.decision === 'approve' ? t.t('console.approvedShort') : t.t('console.rejectedShort')}</dd><dt>${t.t('console.decidedBy')}</dt><dd>${review.decidedBy}, ${t.date(review.decidedAt)}</dd><dt>${t.t('console.commentShort')}</dt><dd>${review.comment || '—'}</dd></dl>` : h`<p>${t.t('console.noReview')}</p>`}
<h2>${t.t('console.credential')}</h2>
${
  credential
    ? h`<dl><dt>${t.t('console.credentialLink')}</dt><dd><a href="${credential.url}">${credential.url}</a></dd>
<dt>${t.t('console.searchStatus')}</dt><dd>${t.t('console.credentialStatus', { status: credential.status ?? 'ACTIVE' })}</dd></dl>
${
  credential.statusHistory?.length
    ? h`<table><caption class="muted">${t.t('console.statusHistory')}</caption><thead><tr><th scope="col">${t.t('console.when')}</th><th scope="col">${t.t('console.searchStatus')}</th><th scope="col">${t.t('console.reason')}</th><th scope="col">${t.t('console.decidedBy')}</th></tr></thead><tbody>${credential.statusHistory.map(
        (c) => h`<tr><td>${dateTime(t, c.at)}</td><td>${t.t('console.credentialStatus', { status: c.status })}</td><td>${c.reason}</td><td>${c.by}</td></tr>`,
      )}</tbody></table>`
    : ''
}
${credentialActions(page, t, credential, submission.id)}`
    : h`<p>${t.t('console.noCredential')}</p>`
}
<p><a href="/console/submissions">${t.t('console.backToSearch')}</a></p>`;
  return ok(page, t.t('console.submissionTitle', { learner: submission.recipient.name }), body);
}

const statusChange = (action: keyof typeof CREDENTIAL_STATUS_ACTIONS): ConsoleRoute => ({
  method: 'POST',
  path: `/credentials/{id}/${action}`,
  action: CREDENTIAL_STATUS_ACTIONS[action],
  async handle(raw) {
    const call = raw as SignedInCall;
    const { reason } = parseWith(CredentialStatusRequest, { reason: call.form.get('reason') ?? '' }, 'reason');
    await changeCredentialStatusAudited(call.deps, call.signedIn.actor, { credentialId: call.params.id!, action, reason });
    const submission = call.form.get('submission');
    return redirect(submission ? `/console/submissions/${encodeURIComponent(submission)}` : '/console/submissions');
  },
});

export const submissionRoutes: ConsoleRoute[] = [
  { method: 'GET', path: '/submissions', action: 'submission.read', handle: searchPage },
  { method: 'GET', path: '/submissions/{id}', action: 'submission.read', handle: (call) => submissionPage(call as SignedInCall) },
  statusChange('revoke'),
  statusChange('suspend'),
  statusChange('unsuspend'),
];
