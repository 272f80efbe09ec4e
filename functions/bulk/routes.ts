// The bulk function's admin routes: upload a CSV of awards, read how its batch stands.
import { ValidationError, parseWith } from '@tessera/core';
import * as z from 'zod';
import { json } from '../shared/http.ts';
import type { AdminRoutes } from '../shared/admin-router.ts';
import { readBulkBatch, submitBulk } from './bulk.ts';

const BulkBatchQuery = z
  .object({
    /** `none` leaves the rows out: a progress poll needs only the counts. */
    rows: z.enum(['all', 'none']).default('all'),
  })
  .strict();

export const BULK_ROUTES: AdminRoutes = {
  'POST /admin/bulk': {
    action: 'bulk.submit',
    summary: 'Upload a CSV of awards (eventId,email,name,achievementId,evidenceUrl[,evidenceNarrative]); answers 202 {batchId} and runs it after',
    request: { body: z.string().describe('text/csv: the header line, then one award per row'), bodyTypes: ['text/csv'] },
    async handle({ deps, actor, body, contentType }) {
      if (contentType !== 'text/csv') {
        throw new ValidationError(`a bulk upload is a CSV file: send it as Content-Type: text/csv, not ${contentType || 'no Content-Type'}`, [
          { path: 'Content-Type', message: 'must be text/csv' },
        ]);
      }
      const batch = await submitBulk(deps, actor, body);
      return json(202, { batchId: batch.id, rows: batch.rows }, { Location: `/admin/bulk/${batch.id}` });
    },
  },
  'GET /admin/bulk/{batchId}': {
    action: 'bulk.read',
    summary: "A bulk batch: status (running or done), counts and each row's outcome (?rows=none for the counts alone)",
    request: { query: BulkBatchQuery },
    async handle({ deps, params, query }) {
      const { rows } = parseWith(BulkBatchQuery, query, 'bulk batch query');
      return json(200, await readBulkBatch(deps, params.batchId ?? '', { rows: rows === 'all' }));
    },
  },
};
