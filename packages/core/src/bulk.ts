// CSV bulk awards (POST /admin/bulk): a batch of award rows that runs after the upload is answered.
// Each row is judged on its own; the batch records every row's outcome, chunk by chunk, so that an
// interrupted run resumes where it stopped.
import * as z from 'zod';
import { AwardRequest } from './contracts.ts';
import type { ErrorDetail } from './errors.ts';

/** The source every bulk row is submitted under (reserved: no webhook source may take it). Its event
 *  ids are the rows' own, so the same file uploaded again lands on the same submissions. */
export const BULK_SOURCE_ID = 'bulk';

export const BULK_ROW_OUTCOMES = ['accepted', 'duplicate', 'invalid'] as const;
export const BulkRowOutcome = z.enum(BULK_ROW_OUTCOMES);
export type BulkRowOutcome = z.infer<typeof BulkRowOutcome>;

const Detail = z.object({ path: z.string(), message: z.string() });

/** One row's outcome; `row` is its line in the uploaded file (the header is line 1). */
export const BulkRowResult = z.object({
  row: z.number().int().min(1),
  outcome: BulkRowOutcome,
  submissionId: z.string().optional(),
  errors: z.array(Detail).optional(),
});
export type BulkRowResult = z.infer<typeof BulkRowResult>;

/** A row as stored for the run: the award it asks for (its occurredAt is the upload time), or why
 *  it cannot be one (found when the file was read: a bad e-mail, a missing column). */
export const BulkInputRow = z.union([z.object({ row: z.number().int().min(1), award: AwardRequest }), z.object({ row: z.number().int().min(1), errors: z.array(Detail).min(1) })]);
export type BulkInputRow = z.infer<typeof BulkInputRow>;

export const BulkCounts = z.object({ accepted: z.number().int().min(0), duplicate: z.number().int().min(0), invalid: z.number().int().min(0) });
export type BulkCounts = z.infer<typeof BulkCounts>;

export const BulkBatch = z.object({
  id: z.string().min(1),
  status: z.enum(['running', 'done']),
  /** Who uploaded it (admin user id) and when. */
  createdBy: z.string().min(1),
  createdAt: z.string(),
  /** SHA-256 of the uploaded file, hex: the same file twice is easy to tell. */
  fileSha256: z.string(),
  rows: z.number().int().min(0),
  /** The input is stored in this many chunks; chunks [0, chunksDone) have their results stored. */
  chunks: z.number().int().min(0),
  chunksDone: z.number().int().min(0),
  counts: BulkCounts,
  /** The last time the run stored progress (or was started or resumed): how a stalled run is seen. */
  updatedAt: z.string(),
  /** When the next chunk began: a row whose submission was received since is this chunk's own (a
   *  run cut short created it). Moves only with progress, never on a resume. */
  chunkStartedAt: z.string(),
  /** Times in a row a stalled run was started again from its stored progress (0 after progress). */
  resumes: z.number().int().min(0),
  finishedAt: z.string().optional(),
  /** Set when the run was given up: why, and the rows it never reached are not in `rows`. */
  stopped: z.string().optional(),
});
export type BulkBatch = z.infer<typeof BulkBatch>;

/** What a row's problems look like when they come from the file rather than from the catalogue. */
export type BulkRowErrors = ErrorDetail[];
