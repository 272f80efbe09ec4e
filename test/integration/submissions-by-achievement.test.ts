// The reports' access pattern against real DynamoDB Local: an achievement's submissions by time of
// receipt (GSI2), and a table made before GSI2 existed getting it on start.
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Submission } from '@tessera/core';
import { createDynamoDbStore, createTable, documentClientOf } from '@tessera/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClientConfig, startDynamoDbLocal } from '../../packages/local/src/dynamodb-local.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

function aSubmission(achievementId: string, receivedAt: string, overrides: Partial<Submission> = {}): Submission {
  return {
    id: randomUUID(),
    sourceId: 'moodle-main',
    eventId: randomUUID(),
    achievementId,
    issuerId: 'uni',
    recipient: { email: 'ada@example.org', name: 'Ada Lovelace' },
    evidence: [],
    occurredAt: '2026-11-01T09:00:00Z',
    receivedAt,
    status: 'RECEIVED',
    history: [{ at: receivedAt, status: 'RECEIVED' }],
    ...overrides,
  };
}

describe('submissions.listByAchievement', () => {
  it('returns the achievement’s submissions received at or after from and before to, oldest first, and no other achievement’s', async () => {
    // Prepare
    const achievement = `ach-${randomUUID()}`;
    const before = aSubmission(achievement, '2026-10-31T23:59:59.999Z');
    const atFrom = aSubmission(achievement, '2026-11-01T00:00:00.000Z');
    const inside = aSubmission(achievement, '2026-11-15T12:00:00Z');
    const atTo = aSubmission(achievement, '2026-12-01T00:00:00.000Z');
    const other = aSubmission(`ach-${randomUUID()}`, '2026-11-15T12:00:00Z');
    for (const s of [inside, atTo, other, before, atFrom]) await table.store.submissions.create(s);

    // Act
    const found = await table.store.submissions.listByAchievement(achievement, { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });

    // Assess
    expect(found.map((s) => s.id)).toEqual([atFrom.id, inside.id]);
    expect(found[1]).toStrictEqual(inside);
  });

  it('orders by the instant, whatever offset the time was written with', async () => {
    // Prepare: 10:30+02:00 is 08:30Z, earlier than 09:00Z although it sorts later as text.
    const achievement = `ach-${randomUUID()}`;
    const late = aSubmission(achievement, '2026-11-02T09:00:00Z');
    const early = aSubmission(achievement, '2026-11-02T10:30:00+02:00');
    await table.store.submissions.create(late);
    await table.store.submissions.create(early);

    // Act
    const window = await table.store.submissions.listByAchievement(achievement, { from: '2026-11-02T08:00:00Z', to: '2026-11-02T08:45:00Z' });
    const all = await table.store.submissions.listByAchievement(achievement, { from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z' });

    // Assess
    expect(window.map((s) => s.id)).toEqual([early.id]);
    expect(all.map((s) => s.id)).toEqual([early.id, late.id]);
  });

  it('keeps a submission in its achievement’s list once it reaches a final status (unlike the open list)', async () => {
    // Prepare
    const achievement = `ach-${randomUUID()}`;
    const { submission } = await table.store.submissions.create(aSubmission(achievement, '2026-11-03T10:00:00Z'));

    // Act
    await table.store.submissions.transition(submission.id, 'FAILED', { at: '2026-11-03T10:01:00Z', note: 'test' });
    const found = await table.store.submissions.listByAchievement(achievement, { from: '2026-11-03T00:00:00Z', to: '2026-11-04T00:00:00Z' });

    // Assess
    expect(found.map((s) => [s.id, s.status])).toEqual([[submission.id, 'FAILED']]);
    expect((await table.store.submissions.listOpen()).map((s) => s.id)).not.toContain(submission.id);
  });

  it('reads every page of a large partition', async () => {
    // Prepare: ~400 KB of items, more than one 1 MB page would hold with long evidence.
    const achievement = `ach-${randomUUID()}`;
    const narrative = 'x'.repeat(3000);
    const many = Array.from({ length: 400 }, (_, i) =>
      aSubmission(achievement, new Date(Date.UTC(2026, 10, 5, 0, 0, i)).toISOString(), { evidence: [{ name: 'essay', narrative }] }),
    );
    for (let i = 0; i < many.length; i += 25) await Promise.all(many.slice(i, i + 25).map((s) => table.store.submissions.create(s)));

    // Act
    const found = await table.store.submissions.listByAchievement(achievement, { from: '2026-11-05T00:00:00Z', to: '2026-11-06T00:00:00Z' });

    // Assess
    expect(found).toHaveLength(400);
    expect(found.map((s) => s.id)).toEqual(many.map((s) => s.id));
  });
});

describe('createTable on a table made before GSI2', () => {
  // Its own DynamoDB Local: on the suite's shared one, building an index waits behind every other
  // file's writes (seen at 117 s in CI), while alone it takes under a second.
  let own: Awaited<ReturnType<typeof startDynamoDbLocal>>;
  beforeAll(async () => {
    own = await startDynamoDbLocal();
  }, 120_000);
  afterAll(async () => {
    await own?.stop();
  });

  it('adds the missing index, keeps the items, and new submissions are found through it', async () => {
    // Prepare: the table as an older Tessera made it (GSI1 only), with an item in it.
    const dynamodb = new DynamoDBClient(localDynamoDbClientConfig(own.endpoint));
    const tableName = `tessera-old-${randomUUID()}`;
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'GSI1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    const store = createDynamoDbStore({ client: documentClientOf(dynamodb), tableName });
    const kept = aSubmission('ach-old', '2026-11-01T10:00:00Z');
    await store.submissions.create(kept);

    // Act
    await createTable(dynamodb, tableName);
    const fresh = aSubmission('ach-old', '2026-11-01T11:00:00Z');
    await store.submissions.create(fresh);

    // Assess
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.IndexStatus]).sort()).toEqual([
      ['GSI1', 'ACTIVE'],
      ['GSI2', 'ACTIVE'],
    ]);
    expect(await store.submissions.get(kept.id)).toStrictEqual(kept);
    const found = await store.submissions.listByAchievement('ach-old', { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' });
    expect(found.map((s) => s.id)).toContain(fresh.id);
  }, 120_000);
});
