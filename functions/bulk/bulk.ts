// CSV bulk awards (issue 9, "Bulk"): an uploaded file becomes a stored batch at once (202); its rows
// then go through the same intake as a webhook's award request, each on its own, chunk after chunk,
// after the upload has been answered. Progress is stored per chunk, so a run that dies resumes from
// the last finished chunk; a run that stops making progress is noticed when the batch is read.
import { createHash, randomBytes } from 'node:crypto';
import { readBulkCsv, type Actor, type CatalogueAchievement } from '@tessera/catalogue';
import {
  BULK_SOURCE_ID,
  NotFoundError,
  TesseraError,
  UnprocessableError,
  type AwardRequest,
  type BulkBatch,
  type BulkCounts,
  type BulkInputRow,
  type BulkRowResult,
  type Submission,
} from '@tessera/core';
import type { Dependencies } from '../shared/dependencies.ts';
import { PayloadTooLargeError } from '../shared/http.ts';
import { awardableAchievement, submissionIdFor, submitAwardOf, type IntakeResult } from '../webhook-intake/intake.ts';

/** Bulk rows come from the reserved source `bulk`, pinned to no issuer. */
const BULK_SOURCE = { id: BULK_SOURCE_ID };

/** The largest file taken. API Gateway takes 10 MB, but Lambda takes at most 6 MB of request (the
 *  event around the body included): 5 MB leaves room, and holds some 40,000 typical rows. */
export const MAX_BULK_BYTES = 5_000_000;
/** The most rows a file may have: the batch's answer (every row's outcome) must stay well inside
 *  Lambda's 6 MB response. */
export const MAX_BULK_ROWS = 20_000;
/** A chunk is the unit of progress: its rows run, then its results and the batch's progress are
 *  stored in one transaction. Bounded in rows and in bytes, so no item nears DynamoDB's 400 KB. */
const CHUNK_ROWS = 250;
const CHUNK_BYTES = 100_000;
/** Rows of a chunk in flight at once (rows that share an event id run one after the other). */
const ROW_CONCURRENCY = 16;
/** A running batch whose progress is older than this is stalled (its runner died): reading it resumes it. */
export const STALL_AFTER_MS = 5 * 60_000;
/** Resumes in a row without progress before the batch is given up (status done, with `stopped`). */
export const MAX_RESUMES = 3;

/** Splits rows into chunks of at most CHUNK_ROWS rows and about CHUNK_BYTES of JSON each. */
export function chunkRows(rows: readonly BulkInputRow[]): BulkInputRow[][] {
  const chunks: BulkInputRow[][] = [];
  let current: BulkInputRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row));
    if (current.length && (current.length >= CHUNK_ROWS || bytes + size > CHUNK_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Stores the file as a new batch and hands it to the runner. A file that is too large, is not CSV or
 *  has a wrong header is refused whole, and nothing is stored; a bad row is that row's outcome. */
export async function submitBulk(deps: Dependencies, actor: Actor, csv: string): Promise<BulkBatch> {
  const bytes = Buffer.byteLength(csv);
  if (bytes > MAX_BULK_BYTES) {
    throw new PayloadTooLargeError(`a bulk CSV may be at most ${MAX_BULK_BYTES} bytes (5 MB); this one is ${bytes}: split it into several files`);
  }
  const now = deps.clock.now().toISOString();
  const rows = readBulkCsv(csv, now);
  if (rows.length > MAX_BULK_ROWS) {
    throw new PayloadTooLargeError(`a bulk CSV may have at most ${MAX_BULK_ROWS} rows; this one has ${rows.length}: split it into several files`);
  }
  const chunks = chunkRows(rows);
  const batch: BulkBatch = {
    id: `bulk_${randomBytes(16).toString('base64url')}`,
    status: 'running',
    createdBy: actor.id,
    createdAt: now,
    fileSha256: createHash('sha256').update(csv).digest('hex'),
    rows: rows.length,
    chunks: chunks.length,
    chunksDone: 0,
    counts: { accepted: 0, duplicate: 0, invalid: 0 },
    updatedAt: now,
    chunkStartedAt: now,
    resumes: 0,
  };
  await deps.store.bulkBatches.create(batch, chunks);
  await deps.store.audit.append({
    actor: actor.id,
    roles: actor.roles,
    action: 'bulk.submitted',
    entity: 'bulk',
    entityId: batch.id,
    summary: `${rows.length} rows in ${chunks.length} chunks (file sha256 ${batch.fileSha256})`,
  });
  await deps.bulkRunner.continue(batch.id);
  return batch;
}

export type RunOutcome = 'done' | 'more' | 'taken';

/**
 * Runs the batch's chunks from its stored progress until it is done, or until `hasTime()` says no
 * chunk should be started ('more': hand it on), or another run is ahead of this one ('taken').
 * A failure reaching the store or the workflow is thrown: the chunk is left unfinished, and its
 * rows are safe to run again (the intake is idempotent; see judge).
 */
export async function runBatch(deps: Dependencies, batchId: string, options: { hasTime?: () => boolean } = {}): Promise<RunOutcome> {
  for (;;) {
    const batch = await deps.store.bulkBatches.get(batchId);
    if (!batch || batch.status === 'done') return 'done';
    if (options.hasTime && !options.hasTime()) return 'more';
    const rows = await deps.store.bulkBatches.input(batchId, batch.chunksDone);
    const results = await runChunk(deps, batch, rows);
    const committed = await deps.store.bulkBatches.commitChunk(batchId, batch.chunksDone, results, deps.clock.now().toISOString());
    if (!committed) return 'taken';
  }
}

/** What a chunk's rows share, read once for the chunk instead of once per row. */
type ChunkContext = {
  /** Each achievement the chunk names, checked once (awardableAchievement: its rejection is each row's `invalid`). */
  achievement(id: string): Promise<CatalogueAchievement>;
  /** The submissions the chunk's events already are (one BatchGet per 100 rows, not a failed write and two reads per repeat). */
  existing: ReadonlyMap<string, Submission>;
};

async function runChunk(deps: Dependencies, batch: BulkBatch, rows: readonly BulkInputRow[]): Promise<BulkRowResult[]> {
  const achievements = new Map<string, Promise<CatalogueAchievement>>();
  const achievement = (id: string) => {
    let found = achievements.get(id);
    if (!found) {
      found = awardableAchievement(deps, BULK_SOURCE, id);
      found.catch(() => {}); // each row that names it awaits (and reports) the rejection itself
      achievements.set(id, found);
    }
    return found;
  };
  const ids = rows.flatMap((row) => ('award' in row ? [submissionIdFor(BULK_SOURCE.id, row.award.eventId)] : []));
  const existing = new Map((await deps.store.submissions.getMany(ids)).map((submission) => [submission.id, submission]));
  const chunk: ChunkContext = { achievement, existing };

  // Rows with the same event id run in file order, one after the other: the first is the one
  // accepted, the later ones are its duplicates, however the rows interleave.
  const groups = new Map<string, BulkInputRow[]>();
  for (const row of rows) {
    const key = 'award' in row ? `event:${row.award.eventId}` : `row:${row.row}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const queue = [...groups.values()];
  const results: BulkRowResult[] = [];
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      const seen = new Set<string>();
      for (const row of group) results.push(await runRow(deps, batch, chunk, row, seen));
    }
  };
  await Promise.all(Array.from({ length: Math.min(ROW_CONCURRENCY, queue.length) }, worker));
  return results.sort((a, b) => a.row - b.row);
}

async function runRow(deps: Dependencies, batch: BulkBatch, chunk: ChunkContext, row: BulkInputRow, seen: Set<string>): Promise<BulkRowResult> {
  if (!('award' in row)) return { row: row.row, outcome: 'invalid', errors: row.errors };
  try {
    const achievement = await chunk.achievement(row.award.achievementId);
    // The repeat check read before the chunk: only a row whose event no earlier row of this group
    // has just submitted may trust it.
    const stored = seen.has(row.award.eventId) ? undefined : chunk.existing.get(submissionIdFor(BULK_SOURCE.id, row.award.eventId));
    const outcome = stored
      ? await judgeStored(deps, batch, stored)
      : await judge(deps, batch, row.award, await submitAwardOf(deps, BULK_SOURCE, achievement, row.award, { background: true }), seen);
    seen.add(row.award.eventId);
    return { row: row.row, ...outcome };
  } catch (error) {
    // An achievement that is unknown, a draft or retired: this row's problem, not the batch's.
    if (error instanceof UnprocessableError)
      return { row: row.row, outcome: 'invalid', errors: error.details.length ? error.details : [{ path: '(row)', message: error.message }] };
    if (error instanceof TesseraError && error.status < 500) return { row: row.row, outcome: 'invalid', errors: [{ path: '(row)', message: error.message }] };
    throw error;
  }
}

type Judged = Pick<BulkRowResult, 'outcome' | 'submissionId'>;

/**
 * The one place that reads the intake's answer. A new submission is `accepted`; an existing one is a
 * `duplicate` (this event already came, in an earlier file or earlier in this one, or the learner
 * already has this achievement through another submission), except when this same chunk, run before
 * and cut short, created it: then it is this row's own, `accepted` (see isOwnEarlierAttempt).
 */
async function judge(deps: Dependencies, batch: BulkBatch, award: AwardRequest, intake: IntakeResult, seen: Set<string>): Promise<Judged> {
  const { submissionId } = intake;
  if (intake.created) return { outcome: 'accepted', submissionId };
  // The learner already holds, or is being considered for, this achievement (another submission).
  if (intake.duplicate === 'learner' || seen.has(award.eventId)) return { outcome: 'duplicate', submissionId };
  const existing = await deps.store.submissions.get(submissionId);
  return { outcome: existing && isOwnEarlierAttempt(batch, existing) ? 'accepted' : 'duplicate', submissionId };
}

/**
 * A row whose event is already a submission (the chunk's repeat check found it): no intake write,
 * the same answer the intake would give. Its workflow is started again while the submission is
 * still RECEIVED, as the intake does for a repeat: the run that stored it may have died before its
 * start (a second start is a no-op); past RECEIVED, its workflow has run.
 */
async function judgeStored(deps: Dependencies, batch: BulkBatch, stored: Submission): Promise<Judged> {
  if (stored.status === 'RECEIVED') await deps.workflow.start(stored.id, { submissionId: stored.id }, { background: true });
  return { outcome: isOwnEarlierAttempt(batch, stored) ? 'accepted' : 'duplicate', submissionId: stored.id };
}

/** This chunk, run before and cut short, stored it: the same event (the submission id says so),
 *  from the bulk source, received since this chunk began. */
const isOwnEarlierAttempt = (batch: BulkBatch, existing: Submission) => existing.sourceId === BULK_SOURCE.id && existing.receivedAt >= batch.chunkStartedAt;

/** GET /admin/bulk/{batchId}'s answer. */
export type BulkBatchView = {
  batchId: string;
  status: BulkBatch['status'];
  createdAt: string;
  createdBy: string;
  finishedAt?: string;
  /** Rows in the file, and rows with an outcome so far. */
  total: number;
  processed: number;
  counts: BulkCounts;
  stopped?: string;
  rows?: BulkRowResult[];
};

/**
 * The batch as it stands. A running batch without progress for STALL_AFTER_MS has lost its runner
 * (a crash, a timeout): reading it starts a run again from the stored progress. After MAX_RESUMES
 * such restarts in a row without progress, it is given up: `done`, with `stopped` saying why, and
 * the rows never reached have no outcome. So no batch stays `running` for ever once anyone looks.
 */
export async function readBulkBatch(deps: Dependencies, batchId: string, options: { rows: boolean }): Promise<BulkBatchView> {
  let batch = await deps.store.bulkBatches.get(batchId);
  if (!batch) throw new NotFoundError(`no bulk batch '${batchId}'`);
  const now = deps.clock.now();
  if (batch.status === 'running' && now.getTime() - Date.parse(batch.updatedAt) > STALL_AFTER_MS) {
    if (batch.resumes >= MAX_RESUMES) {
      await deps.store.bulkBatches.stop(
        batchId,
        `stopped after ${batch.resumes} restarts without progress at row chunk ${batch.chunksDone + 1} of ${batch.chunks}; upload the rows without an outcome again`,
        now.toISOString(),
      );
    } else if (await deps.store.bulkBatches.markResumed(batchId, batch.updatedAt, now.toISOString())) {
      await deps.bulkRunner.continue(batchId);
    }
    batch = (await deps.store.bulkBatches.get(batchId))!;
  }
  const { accepted, duplicate, invalid } = batch.counts;
  return {
    batchId: batch.id,
    status: batch.status,
    createdAt: batch.createdAt,
    createdBy: batch.createdBy,
    ...(batch.finishedAt ? { finishedAt: batch.finishedAt } : {}),
    total: batch.rows,
    processed: accepted + duplicate + invalid,
    counts: batch.counts,
    ...(batch.stopped ? { stopped: batch.stopped } : {}),
    ...(options.rows ? { rows: await deps.store.bulkBatches.results(batchId) } : {}),
  };
}
