// CSV bulk's repeat check against real DynamoDB Local: many submissions read in a few BatchGetItem
// calls (100 keys each), the ones that do not exist left out.
import { randomUUID } from 'node:crypto';
import type { Submission } from '@tessera/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

function aSubmission(n: number): Submission {
  const at = '2026-12-01T09:00:00.000Z';
  return {
    id: `sub_${randomUUID()}`,
    sourceId: 'bulk',
    eventId: `event-${n}-${randomUUID()}`,
    achievementId: 'ach-get-many',
    issuerId: 'uni',
    recipient: { email: `learner${n}@example.org`, name: `Learner ${n}` },
    evidence: [],
    occurredAt: at,
    receivedAt: at,
    status: 'RECEIVED',
    history: [{ at, status: 'RECEIVED' }],
  };
}

describe('submissions.getMany', () => {
  it('reads more than one request holds (150 stored, 30 unknown ids, repeats), each stored one once and whole', async () => {
    // Prepare
    const stored = Array.from({ length: 150 }, (_, n) => aSubmission(n));
    await Promise.all(stored.map((s) => table.store.submissions.create(s)));
    const unknown = Array.from({ length: 30 }, () => `sub_${randomUUID()}`);
    const ids = [...stored.map((s) => s.id), ...unknown, stored[0]!.id, stored[149]!.id];

    // Act
    const found = await table.store.submissions.getMany(ids);

    // Assess
    expect(found).toHaveLength(150);
    expect(new Set(found.map((s) => s.id))).toEqual(new Set(stored.map((s) => s.id)));
    expect(found.find((s) => s.id === stored[7]!.id)).toStrictEqual(stored[7]);
  });

  it('answers no ids with nothing', async () => {
    expect(await table.store.submissions.getMany([])).toEqual([]);
  });
});
