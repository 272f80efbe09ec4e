// The bulk function: the /admin/bulk routes through the shared admin router, and the batch runs it
// hands itself (an asynchronous invocation carrying `{bulkBatchId}`, createLambdaBulkRunner).
import type { Context } from 'aws-lambda';
import { isBulkContinueEvent, type BulkContinueEvent } from '@tessera/adapters';
import { createAdminHandler } from '../shared/admin-router.ts';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import type { HttpRequest } from '../shared/http.ts';
import { logger } from '../shared/observability.ts';
import { runBatch } from './bulk.ts';
import { BULK_ROUTES } from './routes.ts';

/** A chunk is started only with this much time left (a chunk takes a few seconds; the rest is margin
 *  for its commit): then the run hands itself on instead of being cut off by the timeout. */
export const CHUNK_TIME_MS = 30_000;

/** Runs the batch while there is time, then hands the rest to a fresh invocation. A failure is
 *  thrown: Lambda retries the event (twice), and the run resumes from the stored progress. */
export async function continueBatch(deps: Dependencies, event: BulkContinueEvent, context: Pick<Context, 'getRemainingTimeInMillis'>) {
  const outcome = await runBatch(deps, event.bulkBatchId, { hasTime: () => context.getRemainingTimeInMillis() > CHUNK_TIME_MS });
  if (outcome === 'more') await deps.bulkRunner.continue(event.bulkBatchId);
  logger.info('bulk batch run', { batchId: event.bulkBatchId, outcome });
  return { batchId: event.bulkBatchId, outcome };
}

export const createHandler = (deps: () => Dependencies) => {
  const http = createAdminHandler(deps, BULK_ROUTES);
  return async (event: HttpRequest | BulkContinueEvent, context: Context) => (isBulkContinueEvent(event) ? continueBatch(deps(), event, context) : http(event, context));
};

export const handler = createHandler(dependencies);
