// A source's events log as the admin API and the console read it (functions/catalogue/deliveries.ts),
// on DynamoDB Local: counts by outcome whatever the list is filtered to, the latest entries when
// there are more than the limit, and the reports' window [from, to).
import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, type DeliveryLogEntry, type DeliveryOutcome } from '@tessera/core';
import { countSourceOutcomes, listSourceEvents } from '../../functions/catalogue/deliveries.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';

let table: TestTable;
const SOURCE = 'log-lms';

const entry = (n: number, receivedAt: string, outcome: DeliveryOutcome): DeliveryLogEntry => ({
  sourceId: SOURCE,
  deliveryId: `d${n}`,
  index: 0,
  receivedAt,
  key: `evt-${n}`,
  type: 'fake_completion',
  outcome,
  ...(outcome === 'accepted' ? { achievementId: 'a1', submissionId: `sub_${n}` } : { reason: `reason ${n}` }),
});

beforeAll(async () => {
  table = await createTestTable();
  await table.store.webhookSources.put({ id: SOURCE, kind: 'moodle', secret: 's', rules: [] });
  const entries = [
    entry(1, '2026-11-30T23:59:59.000Z', 'accepted'),
    entry(2, '2026-12-01T00:00:00.000Z', 'unresolved'),
    entry(3, '2026-12-01T10:00:00.000Z', 'accepted'),
    entry(4, '2026-12-02T08:00:00.000Z', 'ignored'),
    entry(5, '2026-12-03T00:00:00.000Z', 'refused'),
  ];
  for (const e of entries) await table.store.deliveries.putEntry(e);
});

describe('listSourceEvents', () => {
  it('counts every outcome since from, lists only the outcome asked for, and the latest when over the limit', async () => {
    const deps = { store: table.store };

    const all = await listSourceEvents(deps, SOURCE, { limit: 200 });
    const accepted = await listSourceEvents(deps, SOURCE, { outcome: 'accepted', limit: 1 });
    const since = await listSourceEvents(deps, SOURCE, { from: '2026-12-01T00:00:00Z', limit: 200 });

    expect(all).toMatchObject({ total: 5, counts: { accepted: 2, duplicate: 0, ignored: 1, unresolved: 1, refused: 1 } });
    expect(all.events.map((e) => e.key)).toEqual(['evt-1', 'evt-2', 'evt-3', 'evt-4', 'evt-5']);
    expect(all.events[0]).not.toHaveProperty('event');
    expect(accepted.counts).toEqual(all.counts);
    expect(accepted.events).toEqual([expect.objectContaining({ key: 'evt-3', submissionId: 'sub_3' })]);
    expect(accepted.truncated).toMatchObject({ shown: 1, of: 2 });
    expect(since).toMatchObject({ from: '2026-12-01T00:00:00Z', total: 4, counts: { accepted: 1, unresolved: 1, ignored: 1, refused: 1 } });
  });

  it('refuses a source that does not exist (404)', async () => {
    await expect(listSourceEvents({ store: table.store }, 'no-such-lms', { limit: 200 })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('countSourceOutcomes', () => {
  it('counts the events received in [from, to): from included, to excluded; all of them without a window', async () => {
    const deps = { store: table.store };

    const window = await countSourceOutcomes(deps, SOURCE, { from: '2026-12-01T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z' });
    const all = await countSourceOutcomes(deps, SOURCE);

    expect(window).toEqual({ accepted: 1, duplicate: 0, ignored: 1, unresolved: 1, refused: 0 });
    expect(all).toEqual({ accepted: 2, duplicate: 0, ignored: 1, unresolved: 1, refused: 1 });
  });
});
