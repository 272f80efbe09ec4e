// `npm start`'s seed through the catalogue code path, on DynamoDB Local: the demo achievement is a
// published MicroCredential drafted by one actor and published by another; a restart with the same
// options changes (and audits) nothing; other options publish the next version.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFolderPublicSite } from '@tessera/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACHIEVEMENT_ID, SEED_DESIGNER, SEED_QA_MANAGER, seedDemo } from '../../packages/local/src/seed.ts';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';

let table: TestTable;
let dir: string;
beforeAll(async () => {
  table = await createTestTable();
  dir = await mkdtemp(join(tmpdir(), 'tessera-seed-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const seed = (achievement = {}) =>
  seedDemo({ store: table.store, publicSite: createFolderPublicSite({ dir }), publicBaseUrl: 'http://localhost:3000' }, { webhookSecret: 'whsec_demo', achievement });

describe('the demo seed', () => {
  it('publishes the demo achievement as a MicroCredential with facts, drafted and published by two actors', async () => {
    // Act
    const { achievement } = await seed();

    // Assess
    expect(achievement).toMatchObject({
      id: DEMO_ACHIEVEMENT_ID,
      status: 'published',
      version: 1,
      achievementType: 'MicroCredential',
      updatedBy: SEED_DESIGNER.id,
      publishedBy: SEED_QA_MANAGER.id,
      microcredential: expect.objectContaining({ workload: { hours: 28, ects: 1 }, level: { framework: 'EQF', value: 5 } }),
    });
    const { entries } = await table.store.audit.list();
    expect(entries.map((e) => e.action)).toEqual(['framework.imported', 'achievement.created', 'achievement.published']);
  });

  it('changes and audits nothing when started again with the same options', async () => {
    // Prepare
    const head = await table.store.audit.head();

    // Act
    const { achievement } = await seed();

    // Assess
    expect(achievement.version).toBe(1);
    expect(await table.store.audit.head()).toEqual(head);
  });

  it('publishes the next version when started with other options', async () => {
    // Act
    const { achievement } = await seed({ qaPolicy: 'auto' });

    // Assess
    expect(achievement).toMatchObject({ version: 2, qaPolicy: 'auto' });
    expect((await table.store.achievements.getVersion(DEMO_ACHIEVEMENT_ID, 1))?.qaPolicy).toBe('manual');
    expect((await table.store.audit.list()).entries.slice(-2).map((e) => e.action)).toEqual(['achievement.edited', 'achievement.published']);
  });
});
