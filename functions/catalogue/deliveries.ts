// The admin side of the LMS delivery pipeline: a source's events log (every delivery accounted
// for), its learner directory, and replays of kept events after a rule or directory fix. The events
// log and the replay are plain functions: the admin API and the console (functions/console) call them.
import { LearnerUploadQuery, ReplayRequest, SourceEventsQuery, parseCsv, CsvError, type Actor } from '@tessera/catalogue';
import {
  DELIVERY_OUTCOMES,
  DirectoryLearner,
  NotFoundError,
  ValidationError,
  parseJsonWith,
  parseWith,
  type DeliveryLogEntry,
  type DeliveryOutcome,
  type ErrorDetail,
} from '@tessera/core';
import type { Dependencies } from '../shared/dependencies.ts';
import { json } from '../shared/http.ts';
import type { AdminRoutes } from '../shared/admin-router.ts';

const LEARNER_HEADER = ['lmsUserId', 'email', 'name'] as const;
const MAX_LEARNER_ROWS = 50_000;

async function assertSource(deps: Pick<Dependencies, 'store'>, id: string | undefined): Promise<string> {
  if (!(await deps.store.webhookSources.get(id ?? ''))) throw new NotFoundError(`no source '${id}'`);
  return id!;
}

export type OutcomeCounts = Record<DeliveryOutcome, number>;

/** How many entries ended with each outcome (every outcome present, 0 when none). */
export function countOutcomes(entries: readonly Pick<DeliveryLogEntry, 'outcome'>[]): OutcomeCounts {
  const counts = Object.fromEntries(DELIVERY_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
  for (const entry of entries) counts[entry.outcome]++;
  return counts;
}

/** One line of the events log as people read it: the kept event itself and the partition keys stay inside. */
export type SourceEvent = Pick<DeliveryLogEntry, 'receivedAt' | 'key' | 'type' | 'outcome' | 'reason' | 'submissionId' | 'achievementId' | 'deliveryId' | 'replayedAt'>;

export type SourceEvents = {
  sourceId: string;
  from?: string;
  /** Every entry since `from` by outcome, whatever `outcome` filters the list to. */
  counts: OutcomeCounts;
  total: number;
  /** The latest `limit` entries with the outcome asked for, oldest first. */
  events: SourceEvent[];
  truncated?: { shown: number; of: number; hint: string };
};

/** A source's events log since `from` (all of it without), counted by outcome, its latest entries listed. */
export async function listSourceEvents(deps: Pick<Dependencies, 'store'>, sourceId: string, query: SourceEventsQuery): Promise<SourceEvents> {
  await assertSource(deps, sourceId);
  const { from, outcome, limit } = query;
  const entries = await deps.store.deliveries.listEntries(sourceId, { from });
  const shown = entries.filter((e) => outcome === undefined || e.outcome === outcome);
  return {
    sourceId,
    ...(from ? { from } : {}),
    counts: countOutcomes(entries),
    total: entries.length,
    events: shown.slice(-limit).map(({ receivedAt, key, type, outcome, reason, submissionId, achievementId, deliveryId, replayedAt }) => ({
      receivedAt,
      key,
      type,
      outcome,
      reason,
      submissionId,
      achievementId,
      deliveryId,
      replayedAt,
    })),
    ...(shown.length > limit ? { truncated: { shown: limit, of: shown.length, hint: 'the latest are shown: narrow with from=' } } : {}),
  };
}

/** A source's events received in [from, to) by outcome (all of them without a window): the sources
 *  list and the reports count with this. */
export async function countSourceOutcomes(deps: Pick<Dependencies, 'store'>, sourceId: string, window: { from?: string; to?: string } = {}): Promise<OutcomeCounts> {
  return countOutcomes(await deps.store.deliveries.listEntries(sourceId, window));
}

/** Queues a re-run of a source's kept events with one outcome (from a time on), audited as `actor`. */
export async function replaySourceEvents(
  deps: Pick<Dependencies, 'store' | 'deliveryQueue'>,
  actor: Actor,
  sourceId: string,
  request: ReplayRequest,
): Promise<{ sourceId: string; queued: true } & ReplayRequest> {
  await assertSource(deps, sourceId);
  await deps.deliveryQueue.send({ type: 'replay', sourceId, ...request });
  await deps.store.audit.append({
    actor: actor.id,
    roles: actor.roles,
    action: 'source.replayed',
    entity: 'source',
    entityId: sourceId,
    summary: `replay of ${request.outcome} events${request.from ? ` from ${request.from}` : ''}`,
  });
  return { sourceId, ...request, queued: true };
}

/** The CSV's rows as directory entries, and each bad row's problems (a bad row never sinks the rest). */
export function parseLearnerCsv(text: string): { learners: DirectoryLearner[]; errors: { row: number; errors: ErrorDetail[] }[] } {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw new ValidationError(`learner CSV: ${error.message}`, [{ path: `line ${error.line}`, message: error.message }]);
    throw error;
  }
  const [header, ...rows] = records;
  const names = header?.fields.map((f) => f.trim());
  if (!names || names.slice(0, 2).join() !== 'lmsUserId,email' || names.length > 3 || (names.length === 3 && names[2] !== 'name')) {
    throw new ValidationError(`learner CSV: the header must be ${LEARNER_HEADER.join(',')}`, [{ path: 'line 1', message: `expected ${LEARNER_HEADER.join(',')}` }]);
  }
  if (rows.length > MAX_LEARNER_ROWS) throw new ValidationError(`learner CSV: at most ${MAX_LEARNER_ROWS} rows a request`, [{ path: '(body)', message: `${rows.length} rows` }]);
  const learners = new Map<string, DirectoryLearner>();
  const errors: { row: number; errors: ErrorDetail[] }[] = [];
  for (const record of rows) {
    const [lmsUserId, email, name] = record.fields.map((f) => f.trim());
    const parsed = DirectoryLearner.safeParse({ lmsUserId, email, name: name || undefined });
    if (!parsed.success) {
      errors.push({ row: record.line, errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    } else if (learners.has(parsed.data.lmsUserId)) {
      errors.push({ row: record.line, errors: [{ path: 'lmsUserId', message: `${parsed.data.lmsUserId} is listed twice` }] });
    } else {
      learners.set(parsed.data.lmsUserId, parsed.data);
    }
  }
  return { learners: [...learners.values()], errors };
}

export const deliveryRoutes: AdminRoutes = {
  'GET /admin/sources/{id}/events': {
    action: 'source.read',
    summary: "A source's events log: every delivery's events with their outcome, and the counts per outcome",
    request: { query: SourceEventsQuery },
    async handle({ deps, params, query }) {
      return json(200, await listSourceEvents(deps, params.id ?? '', parseWith(SourceEventsQuery, query, 'events query')));
    },
  },
  'POST /admin/sources/{id}/learners': {
    action: 'source.manage',
    summary: "Upload a source's learner directory (text/csv lmsUserId,email,name; ?mode=add|replace); re-runs its unresolved events",
    request: { bodyTypes: ['text/csv'], query: LearnerUploadQuery },
    async handle({ deps, actor, params, query, body, contentType }) {
      const sourceId = await assertSource(deps, params.id);
      const { mode } = parseWith(LearnerUploadQuery, query, 'learner upload query');
      if (contentType !== 'text/csv')
        throw new ValidationError(`the learner directory is text/csv, not ${contentType || 'untyped'}`, [{ path: 'Content-Type', message: 'use text/csv' }]);
      const { learners, errors } = parseLearnerCsv(body);
      // Replace with bad rows would delete people the admin meant to keep: all rows right first.
      if (mode === 'replace' && errors.length)
        throw new ValidationError(
          `${errors.length} bad row(s): nothing replaced`,
          errors.flatMap((e) => e.errors.map((d) => ({ path: `row ${e.row}.${d.path}`, message: d.message }))),
        );
      const { written, removed } = await deps.store.learners.write(sourceId, learners, mode);
      await deps.store.audit.append({
        actor: actor.id,
        roles: actor.roles,
        action: 'source.learners',
        entity: 'source',
        entityId: sourceId,
        summary: `learner directory ${mode}: ${written} row(s) written, ${removed} removed, ${errors.length} refused`,
      });
      if (written) await deps.deliveryQueue.send({ type: 'replay', sourceId, outcome: 'unresolved' });
      return json(errors.length ? 207 : 200, { sourceId, mode, written, removed, rejected: errors.length, errors, replay: written ? 'unresolved events queued' : undefined });
    },
  },
  'POST /admin/sources/{id}/replay': {
    action: 'source.manage',
    summary: "Re-run a source's kept events with an outcome (ignored, unresolved, duplicate), from a time on",
    request: { body: ReplayRequest },
    async handle({ deps, actor, params, body }) {
      const request = parseJsonWith(ReplayRequest, body, 'replay');
      const replay = await replaySourceEvents(deps, actor, params.id ?? '', request);
      return json(202, { ...replay, events: `/admin/sources/${replay.sourceId}/events` });
    },
  },
};
