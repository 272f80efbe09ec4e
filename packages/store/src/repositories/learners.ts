// A source's learner directory: LMS user id → e-mail and name, for platforms whose events carry
// neither (Caliper, Moodle without a web service token). Uploaded as CSV by an admin.
import { BatchWriteCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { DirectoryLearner } from '@tessera/core';
import { keys } from '../keys.ts';
import type { Store } from '../store.ts';
import { getRecord, queryRecords, type TableContext } from '../table-context.ts';

type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];
const BATCH = 25;

export function learnersRepository(table: TableContext): Store['learners'] {
  const { client, tableName } = table;

  /** BatchWriteItem 25 at a time, re-sending what DynamoDB hands back unprocessed. */
  async function batchWrite(requests: WriteRequest[]): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH) {
      let pending: WriteRequest[] = requests.slice(i, i + BATCH);
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** attempt));
        const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = UnprocessedItems?.[tableName] ?? [];
      }
    }
  }

  const list = (sourceId: string) => {
    const { pk, skPrefix } = keys.learnerDirectory(sourceId);
    return queryRecords(table, DirectoryLearner, 'DirectoryLearner', {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
    });
  };

  return {
    get: (sourceId, lmsUserId) => getRecord(table, DirectoryLearner, 'DirectoryLearner', keys.directoryLearner(sourceId, lmsUserId)),
    list,
    async write(sourceId, learners, mode) {
      const removed = mode === 'replace' ? (await list(sourceId)).filter((old) => !learners.some((l) => l.lmsUserId === old.lmsUserId)).map((old) => old.lmsUserId) : [];
      await batchWrite([
        ...learners.map((learner) => ({ PutRequest: { Item: { ...learner, ...keys.directoryLearner(sourceId, learner.lmsUserId), entity: 'DirectoryLearner' } } })),
        ...removed.map((lmsUserId) => ({ DeleteRequest: { Key: keys.directoryLearner(sourceId, lmsUserId) } })),
      ]);
      return { written: learners.length, removed: removed.length };
    },
  };
}
