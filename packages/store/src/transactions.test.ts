// writeTransaction against a mocked DynamoDB client: the exact commands it sends, the retry after a
// lost race, and refusals reported by the caller's names with the stored item unmarshalled.
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentClientOf } from './index.ts';
import { writeTransaction, type TransactItem } from './transactions.ts';

const client = documentClientOf(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }));
const dynamodb = mockClient(client);
const table = { client, tableName: 'tessera' };

const items: Record<'review' | 'submission', TransactItem> = {
  review: { Update: { TableName: 'tessera', Key: { pk: 'REVIEW#a', sk: 'REVIEW' }, UpdateExpression: 'SET d = :d', ExpressionAttributeValues: { ':d': 1 } } },
  submission: { Update: { TableName: 'tessera', Key: { pk: 'SUBMISSION#s', sk: 'SUBMISSION' }, UpdateExpression: 'SET r = :r', ExpressionAttributeValues: { ':r': 1 } } },
};

const cancelled = (...reasons: { Code: string; Item?: Record<string, unknown> }[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: reasons.map(({ Code, Item }) => ({ Code, Item: Item && marshall(Item) })),
  });

beforeEach(() => dynamodb.reset());

describe('writeTransaction', () => {
  it('sends the named items in the order given, as one TransactWriteItems', async () => {
    dynamodb.on(TransactWriteCommand).resolves({});

    expect(await writeTransaction(table, items)).toStrictEqual({ committed: true });

    expect(dynamodb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input)).toStrictEqual([{ TransactItems: [items.review, items.submission] }]);
  });

  it('names the refused item and gives its stored item as plain values', async () => {
    dynamodb.on(TransactWriteCommand).rejects(cancelled({ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { status: 'IN_REVIEW', review: { decision: 'approve' } } }));

    const result = await writeTransaction(table, items);

    expect(result.committed).toBe(false);
    expect(!result.committed && result.refused).toStrictEqual({ submission: { item: { status: 'IN_REVIEW', review: { decision: 'approve' } } } });
  });

  it('retries a transaction that lost a race, then reports what the conditions say', async () => {
    dynamodb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled({ Code: 'TransactionConflict' }, { Code: 'None' }))
      .rejectsOnce(cancelled({ Code: 'ConditionalCheckFailed' }, { Code: 'None' }));

    const result = await writeTransaction(table, items);

    expect(dynamodb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(!result.committed && result.refused).toStrictEqual({ review: { item: undefined } });
  });

  it('throws when the race is still lost after three attempts', async () => {
    dynamodb.on(TransactWriteCommand).rejects(cancelled({ Code: 'TransactionConflict' }, { Code: 'None' }));

    await expect(writeTransaction(table, items)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamodb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });
});
