// CSV bulk batches: the batch item (status, progress, counts), its input in chunks, and the results
// of each chunk once run. A chunk's results and the batch's progress are written in one transaction,
// so a run that dies mid-chunk leaves the batch exactly where the last finished chunk left it.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { BulkBatch, BulkInputRow, BulkRowResult, type BulkCounts } from '@tessera/core';
import * as z from 'zod';
import { keys } from '../keys.ts';
import { getRecord, isNew, queryRecords, type TableContext } from '../table-context.ts';
import { writeTransaction } from '../transactions.ts';

const InputChunk = z.object({ rows: z.array(BulkInputRow) });
const ResultChunk = z.object({ rows: z.array(BulkRowResult) });

export interface BulkBatchesRepository {
  /** Stores the input chunks, then the batch: a batch is visible only once all of its input is. */
  create(batch: BulkBatch, chunks: readonly BulkInputRow[][]): Promise<void>;
  get(id: string): Promise<BulkBatch | undefined>;
  /** The rows of input chunk `chunk` ([] if there is none). */
  input(id: string, chunk: number): Promise<BulkInputRow[]>;
  /** The results of every chunk run so far, in row order. */
  results(id: string): Promise<BulkRowResult[]>;
  /** Stores chunk `chunk`'s results and moves the batch past it (done after its last chunk), only
   *  if that chunk is still the batch's next one: false when another run got there first (then
   *  nothing is written). */
  commitChunk(id: string, chunk: number, results: readonly BulkRowResult[], at: string): Promise<boolean>;
  /** Records that a stalled run is started again, only if the batch is still running and was last
   *  updated at `seenUpdatedAt`: of several readers noticing the stall at once, one resumes it. */
  markResumed(id: string, seenUpdatedAt: string, at: string): Promise<boolean>;
  /** Gives a running batch up: done, with why; the rows not reached have no result. */
  stop(id: string, reason: string, at: string): Promise<void>;
  /** Every batch still running, oldest first (a sparse GSI1 query). */
  listRunning(): Promise<BulkBatch[]>;
}

const countsOf = (results: readonly BulkRowResult[]): BulkCounts => ({
  accepted: results.filter((r) => r.outcome === 'accepted').length,
  duplicate: results.filter((r) => r.outcome === 'duplicate').length,
  invalid: results.filter((r) => r.outcome === 'invalid').length,
});

export function bulkBatchesRepository(table: TableContext): BulkBatchesRepository {
  const { client, tableName: TableName } = table;
  const get = (id: string) => getRecord(table, BulkBatch, 'BulkBatch', keys.bulkBatch(id));

  return {
    async create(batch, chunks) {
      // Chunk by chunk (each well under 400 KB: the caller sizes them); the batch item last.
      await Promise.all(chunks.map((rows, n) => client.send(new PutCommand({ TableName, Item: { rows, ...keys.bulkInput(batch.id, n), entity: 'BulkInput' } }))));
      await client.send(
        new PutCommand({
          TableName,
          Item: { ...batch, ...keys.bulkBatch(batch.id), ...(batch.status === 'running' ? keys.runningBulkBatch(batch.createdAt, batch.id) : {}), entity: 'BulkBatch' },
          ConditionExpression: isNew,
        }),
      );
    },

    get,

    async input(id, chunk) {
      return (await getRecord(table, InputChunk, 'BulkInput', keys.bulkInput(id, chunk)))?.rows ?? [];
    },

    async results(id) {
      const chunks = await queryRecords(table, ResultChunk, 'BulkResults', {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.bulkResultsOf(id).pk, ':prefix': keys.bulkResultsOf(id).skPrefix },
        ConsistentRead: true,
      });
      return chunks.flatMap((c) => c.rows);
    },

    async commitChunk(id, chunk, results, at) {
      const batch = await get(id);
      if (!batch || batch.status !== 'running' || batch.chunksDone !== chunk) return false;
      const last = chunk + 1 >= batch.chunks;
      const counts = countsOf(results);
      const outcome = await writeTransaction(table, {
        results: { Put: { TableName, Item: { rows: results, ...keys.bulkResults(id, chunk), entity: 'BulkResults' }, ConditionExpression: isNew } },
        batch: {
          Update: {
            TableName,
            Key: keys.bulkBatch(id),
            UpdateExpression:
              'SET chunksDone = :next, updatedAt = :at, chunkStartedAt = :at, resumes = :zero, counts.accepted = counts.accepted + :accepted, counts.#duplicate = counts.#duplicate + :duplicate, counts.invalid = counts.invalid + :invalid' +
              (last ? ', #status = :done, finishedAt = :at REMOVE gsi1pk, gsi1sk' : ''),
            ConditionExpression: '#status = :running AND chunksDone = :chunk',
            ExpressionAttributeNames: { '#status': 'status', '#duplicate': 'duplicate' },
            ExpressionAttributeValues: {
              ':next': chunk + 1,
              ':zero': 0,
              ':chunk': chunk,
              ':at': at,
              ':running': 'running',
              ':accepted': counts.accepted,
              ':duplicate': counts.duplicate,
              ':invalid': counts.invalid,
              ...(last ? { ':done': 'done' } : {}),
            },
          },
        },
      });
      return outcome.committed;
    },

    async markResumed(id, seenUpdatedAt, at) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: keys.bulkBatch(id),
            UpdateExpression: 'SET updatedAt = :at, resumes = resumes + :one',
            ConditionExpression: '#status = :running AND updatedAt = :seen',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':at': at, ':one': 1, ':running': 'running', ':seen': seenUpdatedAt },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async stop(id, reason, at) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: keys.bulkBatch(id),
            UpdateExpression: 'SET #status = :done, finishedAt = :at, stopped = :reason, updatedAt = :at REMOVE gsi1pk, gsi1sk',
            ConditionExpression: '#status = :running',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':done': 'done', ':at': at, ':reason': reason, ':running': 'running' },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    listRunning: () =>
      queryRecords(table, BulkBatch, 'BulkBatch', {
        IndexName: 'GSI1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.runningBulkBatches().gsi1pk },
      }),
  };
}
