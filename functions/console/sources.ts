// Webhook sources in the console: every source with its events counted by outcome, each source's
// events log (filtered by outcome and from-date) and, for the roles that manage sources, the replay
// form. The log, the counts and the replay are the admin API's own functions
// (functions/catalogue/deliveries.ts); a source reads through sourceView, so no secret or token shows.
import { ReplayRequest, SourceEventsQuery } from '@tessera/catalogue';
import { DELIVERY_OUTCOMES, DeliveryOutcome, h, NotFoundError, type ErrorDetail, type SafeHtml } from '@tessera/core';
import type { Translator } from '@tessera/i18n';
import { countSourceOutcomes, listSourceEvents, replaySourceEvents, type OutcomeCounts, type SourceEvents } from '../catalogue/deliveries.ts';
import { readableWebhookUrl, sourceView } from '../catalogue/sources.ts';
import type { HttpResponse } from '../shared/http.ts';
import { csrfField, may, type PageContext } from './layout.ts';
import { formatDateTime } from './format.ts';
import { ok, redirect, signedIn, type ConsoleRoute, type SignedInCall } from './router.ts';
import { fieldError } from './submissions.ts';

/** The outcomes a replay re-runs: refused bodies were never kept, accepted events are done. */
export const REPLAYABLE = ReplayRequest.shape.outcome.options;
type Replayable = (typeof REPLAYABLE)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A from-date as the log's `from`: the start of that day, UTC. */
const startOfDay = (day: string) => `${day}T00:00:00.000Z`;

export const outcomeLabel = (t: Translator, outcome: string) => t.t('console.eventOutcome', { outcome });
const sourcePath = (id: string) => `/console/sources/${encodeURIComponent(id)}`;

/** The outcome columns' header cells, in DELIVERY_OUTCOMES order (the counts' cells follow it). */
export const outcomeHeaders = (t: Translator) => DELIVERY_OUTCOMES.map((o) => h`<th scope="col" class="num">${outcomeLabel(t, o)}</th>`);
export const outcomeCells = (t: Translator, counts: OutcomeCounts) => DELIVERY_OUTCOMES.map((o) => h`<td class="num">${t.number(counts[o])}</td>`);

// ---- The list -------------------------------------------------------------------------------------

async function sourceList(call: SignedInCall): Promise<HttpResponse> {
  const { t, deps, page } = call;
  const sources = (await deps.store.webhookSources.list()).sort((a, b) => a.id.localeCompare(b.id));
  const rows: SafeHtml[] = [];
  for (const source of sources) {
    const view = sourceView(source);
    const counts = await countSourceOutcomes(deps, source.id);
    rows.push(h`<tr><th scope="row"><a href="${sourcePath(source.id)}">${view.name ?? view.id}</a></th><td>${view.id}</td><td>${view.kind}</td>
<td>${webhookUrlCell(t, readableWebhookUrl(deps, source))}</td><td class="num">${t.number(view.rules.length)}</td>${outcomeCells(t, counts)}</tr>`);
  }
  const body = rows.length
    ? h`<table><caption>${t.t('console.sourcesCaption')}</caption><thead><tr><th scope="col">${t.t('console.fieldName')}</th><th scope="col">${t.t('console.fieldId')}</th><th scope="col">${t.t('console.sourceKind')}</th><th scope="col">${t.t('console.webhookUrl')}</th><th scope="col" class="num">${t.t('console.sourceRules')}</th>${outcomeHeaders(t)}</tr></thead>
<tbody>${rows}</tbody></table>`
    : h`<p role="status">${t.t('console.noSources')}</p>`;
  return ok(page, t.t('console.sourcesTitle'), body);
}

function webhookUrlCell(t: Translator, url: string | undefined): SafeHtml {
  return url ? h`<code>${url}</code>` : h`<span class="muted">${t.t('console.webhookUrlHidden')}</span>`;
}

// ---- A source's page: details, the events log, the replay form -----------------------------------

export type Filter = { query: SourceEventsQuery; values: { outcome: string; from: string }; errors: ErrorDetail[] };

/** The log's filter from the page's query: an outcome of the list, a from-date; each bad one named beside its field. */
function readFilter(call: SignedInCall): Filter {
  const outcome = call.query.get('outcome') ?? '';
  const from = call.query.get('from') ?? '';
  const errors: ErrorDetail[] = [];
  const parsedOutcome = DeliveryOutcome.safeParse(outcome);
  if (outcome !== '' && !parsedOutcome.success) errors.push({ path: 'outcome', message: call.t.t('console.badOutcome') });
  if (from !== '' && !DAY.test(from)) errors.push({ path: 'from', message: call.t.t('console.badDate') });
  const query: SourceEventsQuery = {
    limit: 200,
    ...(parsedOutcome.success ? { outcome: parsedOutcome.data } : {}),
    ...(from !== '' && DAY.test(from) ? { from: startOfDay(from) } : {}),
  };
  return { query, values: { outcome, from }, errors };
}

function filterForm(t: Translator, id: string, filter: Filter): SafeHtml {
  const outcome = fieldError(filter.errors, 'outcome');
  const from = fieldError(filter.errors, 'from');
  return h`<form method="get" action="${sourcePath(id)}" class="filters" aria-label="${t.t('console.eventsFilter')}">
<div><label for="outcome">${t.t('console.outcome')}</label><select id="outcome" name="outcome"${outcome.attributes}><option value="">${t.t('console.anyOutcome')}</option>${DELIVERY_OUTCOMES.map(
    (o) => h`<option value="${o}"${filter.values.outcome === o ? h` selected` : ''}>${outcomeLabel(t, o)}</option>`,
  )}</select>${outcome.message}</div>
<div><label for="from">${t.t('console.searchFrom')}</label><input type="date" id="from" name="from" value="${filter.values.from}"${from.attributes}>${from.message}</div>
<div><button type="submit">${t.t('console.filter')}</button></div></form>`;
}

function eventsTable(page: PageContext, log: SourceEvents): SafeHtml {
  const { t } = page;
  if (log.events.length === 0) return h`<p>${t.t('console.noEvents')}</p>`;
  const linkSubmissions = may(page.session, 'submission.read');
  return h`<table class="log"><caption>${t.t('console.eventsTitle')}</caption><thead><tr><th scope="col">${t.t('console.received')}</th><th scope="col">${t.t('console.eventKey')}</th><th scope="col">${t.t('console.eventType')}</th><th scope="col">${t.t('console.outcome')}</th><th scope="col">${t.t('console.eventReason')}</th><th scope="col">${t.t('console.eventSubmission')}</th></tr></thead>
<tbody>${[...log.events].reverse().map(
    (e) => h`<tr><td>${formatDateTime(t, e.receivedAt)}</td><td><code>${e.key || '—'}</code></td><td>${e.type}</td><td>${outcomeLabel(t, e.outcome)}</td>
<td>${e.reason ?? ''}${e.replayedAt ? h` <span class="muted">(${t.t('console.replayedAt', { at: formatDateTime(t, e.replayedAt) })})</span>` : ''}</td>
<td>${e.submissionId ? (linkSubmissions ? h`<a href="/console/submissions/${encodeURIComponent(e.submissionId)}">${e.submissionId}</a>` : e.submissionId) : ''}</td></tr>`,
  )}</tbody></table>`;
}

function replayForm(t: Translator, page: PageContext, id: string, values: { outcome?: string; from?: string }, errors: ErrorDetail[]): SafeHtml {
  const outcome = fieldError(errors, 'replay-outcome');
  const from = fieldError(errors, 'replay-from');
  return h`<section class="card" aria-labelledby="replay-heading"><h2 id="replay-heading">${t.t('console.replayTitle')}</h2><p id="replay-hint">${t.t('console.replayHint')}</p>
<form method="post" action="${sourcePath(id)}/replay" novalidate>${csrfField(page.csrf)}
<label for="replay-outcome">${t.t('console.replayOutcome')}</label><select id="replay-outcome" name="outcome"${outcome.attributes}>${REPLAYABLE.map(
    (o) => h`<option value="${o}"${values.outcome === o ? h` selected` : ''}>${outcomeLabel(t, o)}</option>`,
  )}</select>${outcome.message}
<label for="replay-from">${t.t('console.replayFrom')}</label><input type="date" id="replay-from" name="from" value="${values.from ?? ''}"${from.attributes}>${from.message}
<p><button type="submit" class="primary" aria-describedby="replay-hint">${t.t('console.replay')}</button></p></form></section>`;
}

/** The replay form's state: as first shown, or refused with each message beside its field. */
type ReplayState = { status: number; values: { outcome?: string; from?: string }; errors: ErrorDetail[] };

/** What a source's page shows, read by sourcePage; rendering it needs nothing else (bench/console-render.ts). */
export type SourcePageData = {
  view: ReturnType<typeof sourceView>;
  webhookUrl?: string;
  filter: Filter;
  /** Absent when the filter was refused. */
  log?: SourceEvents;
  /** The outcome a replay was just queued for (after its redirect). */
  replayed?: Replayable;
  replay: Omit<ReplayState, 'status'>;
};

export function sourceBody(page: PageContext, data: SourcePageData): SafeHtml {
  const { t } = page;
  const { view, log, filter, replayed } = data;
  const notice = replayed ? h`<p role="status" class="notice">${t.t('console.replayQueued', { outcome: outcomeLabel(t, replayed) })}</p>` : '';
  const details = h`<div class="card"><dl>
<dt>${t.t('console.fieldId')}</dt><dd>${view.id}</dd>
<dt>${t.t('console.sourceKind')}</dt><dd>${view.kind}</dd>
${view.issuerId ? h`<dt>${t.t('console.fieldIssuer')}</dt><dd>${view.issuerId}</dd>` : ''}
<dt>${t.t('console.webhookUrl')}</dt><dd>${webhookUrlCell(t, data.webhookUrl)}</dd>
</dl>
${
  view.rules.length
    ? h`<table><caption>${t.t('console.sourceRules')}</caption><thead><tr><th scope="col">${t.t('console.ruleCourse')}</th><th scope="col">${t.t('console.filterAchievement')}</th><th scope="col" class="num">${t.t('console.ruleMinScore')}</th></tr></thead>
<tbody>${view.rules.map((r) => h`<tr><td>${r.course}</td><td>${r.achievementId}</td><td class="num">${r.minScore === undefined ? '—' : t.number(r.minScore, { style: 'percent' })}</td></tr>`)}</tbody></table>`
    : h`<p class="muted">${t.t('console.noRules')}</p>`
}</div>`;
  const counts = log
    ? h`<table><caption>${log.from ? t.t('console.eventsCountedFrom', { total: log.total, from: t.date(log.from) }) : t.t('console.eventsCounted', { total: log.total })}</caption>
<thead><tr>${outcomeHeaders(t)}</tr></thead><tbody><tr>${outcomeCells(t, log.counts)}</tr></tbody></table>`
    : '';
  const truncated = log?.truncated ? h`<p class="muted">${t.t('console.eventsTruncated', { shown: log.truncated.shown, of: log.truncated.of })}</p>` : '';
  const replayCard = may(page.session, 'source.manage') ? replayForm(t, page, view.id, data.replay.values, data.replay.errors) : '';
  // The replay form before the log: the log can be 200 lines long.
  return h`<p><a href="/console/sources">${t.t('console.allSources')}</a></p>${notice}${details}${replayCard}
<h2 id="events-heading">${t.t('console.eventsTitle')}</h2>${filterForm(t, view.id, filter)}${counts}${truncated}${log ? eventsTable(page, log) : ''}`;
}

async function sourcePage(call: SignedInCall, replay: ReplayState = { status: 200, values: {}, errors: [] }) {
  const { t, deps, page } = call;
  const id = call.params.id!;
  const source = await deps.store.webhookSources.get(id);
  if (!source) throw new NotFoundError(t.t('console.noSource', { id }));
  const view = sourceView(source);
  const filter = readFilter(call);
  const log = filter.errors.length ? undefined : await listSourceEvents(deps, id, filter.query);
  const replayed = REPLAYABLE.find((o) => o === call.query.get('replayed'));
  const body = sourceBody(page, { view, webhookUrl: readableWebhookUrl(deps, source), filter, log, replayed, replay });
  return ok(page, view.name ?? view.id, body, filter.errors.length ? 400 : replay.status);
}

/** POST /console/sources/{id}/replay: the form's fields as the admin API's ReplayRequest, then its core. */
async function replay(call: SignedInCall): Promise<HttpResponse> {
  const { t } = call;
  const values = { outcome: call.form.get('outcome') ?? '', from: (call.form.get('from') ?? '').trim() };
  const errors: ErrorDetail[] = [];
  if (values.from !== '' && !DAY.test(values.from)) errors.push({ path: 'replay-from', message: t.t('console.badDate') });
  const request = ReplayRequest.safeParse({ outcome: values.outcome, ...(values.from && DAY.test(values.from) ? { from: startOfDay(values.from) } : {}) });
  // The from-date is checked above; what ReplayRequest can still refuse is the outcome.
  if (!request.success) errors.push({ path: 'replay-outcome', message: t.t('console.badReplayOutcome') });
  if (errors.length || !request.success) return sourcePage(call, { status: 400, values, errors });
  const done = await replaySourceEvents(call.deps, call.signedIn.actor, call.params.id!, request.data);
  return redirect(`${sourcePath(done.sourceId)}?${new URLSearchParams({ replayed: done.outcome })}`);
}

export const sourceRoutes: ConsoleRoute[] = [
  { method: 'GET', path: '/sources', action: 'source.read', handle: signedIn(sourceList) },
  { method: 'GET', path: '/sources/{id}', action: 'source.read', handle: signedIn((call) => sourcePage(call)) },
  { method: 'POST', path: '/sources/{id}/replay', action: 'source.manage', handle: signedIn(replay) },
];
