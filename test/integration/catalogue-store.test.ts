// The catalogue's storage on DynamoDB Local: frameworks updated in place on re-import, and the
// achievement lifecycle (draft, published version and its copy, next draft, retirement) with the
// guards against lost updates.
import { AchievementDraft, publishedVersion, type Framework } from '@tessera/catalogue';
import { ConflictError, NotFoundError } from '@tessera/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

const meta = { importedAt: '2026-12-01T09:00:00Z', importedBy: 'dana' };
const framework = (id: string, items: [string, string][]): Framework => ({
  id,
  title: `Framework ${id}`,
  items: items.map(([itemId, name]) => ({ id: itemId, code: itemId.toUpperCase(), name, url: `https://case.example/${itemId}` })),
});

describe('frameworks', () => {
  it('reads a framework back with its items in their source order, and lists it', async () => {
    // Prepare: more items than one BatchWriteItem takes, ids not in sort order
    const items = Array.from({ length: 30 }, (_, i) => [`z${30 - i}`, `Skill ${i}`] as [string, string]);

    // Act
    const { created } = await table.store.frameworks.put(framework('big', items), meta);

    // Assess
    expect(created).toBe(true);
    const stored = await table.store.frameworks.get('big');
    expect(stored?.items.map((i) => i.id)).toEqual(items.map(([id]) => id));
    expect(stored).toMatchObject({ id: 'big', title: 'Framework big', itemCount: 30, ...meta });
    expect(await table.store.frameworks.list()).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'big', itemCount: 30 })]));
  });

  it('re-imported, updates items in place under the same ids and drops the ones the source no longer has', async () => {
    // Prepare
    await table.store.frameworks.put(
      framework('digcomp', [
        ['a', 'Browsing'],
        ['b', 'Evaluating'],
        ['c', 'Managing'],
      ]),
      meta,
    );

    // Act
    const { created } = await table.store.frameworks.put(
      framework('digcomp', [
        ['a', 'Browsing, searching'],
        ['c', 'Managing'],
      ]),
      { importedAt: '2026-12-02T09:00:00Z', importedBy: 'erin' },
    );

    // Assess
    expect(created).toBe(false);
    const stored = await table.store.frameworks.get('digcomp');
    expect(stored?.items.map(({ id, name }) => ({ id, name }))).toEqual([
      { id: 'a', name: 'Browsing, searching' },
      { id: 'c', name: 'Managing' },
    ]);
    expect(stored).toMatchObject({ itemCount: 2, importedBy: 'erin' });
  });

  it('an unknown framework is undefined', async () => {
    expect(await table.store.frameworks.get('nope')).toBeUndefined();
  });
});

const content = {
  issuerId: 'uni',
  name: 'Data Literacy',
  description: 'Reads data.',
  criteria: { narrative: 'Passed.' },
  learningOutcomes: ['Summarises data'],
  workload: { hours: 10 },
  level: { framework: 'EQF', value: 4 },
  assessment: { type: 'Exam' },
  participation: 'onsite',
  qualityAssurance: 'Board.',
  language: 'en',
  review: { policy: 'auto', timeoutHours: 24 },
};
const draft = (id: string, overrides: Record<string, unknown> = {}) =>
  AchievementDraft.parse({ ...content, id, status: 'draft', version: 1, createdBy: 'dana', updatedBy: 'dana', updatedAt: '2026-12-01T10:00:00.000Z', ...overrides });
const publish = (d: AchievementDraft) => publishedVersion(d, { version: d.version, publishedBy: 'quinn', publishedAt: '2026-12-01T11:00:00.000Z', frameworks: [] });

describe('achievements', () => {
  it('a new draft does not issue; its id is then taken, for drafts and published ones alike', async () => {
    // Act
    await table.store.achievements.saveDraft(draft('first'), { none: true, firstVersion: true });

    // Assess
    expect(await table.store.achievements.get('first')).toBeUndefined();
    expect(await table.store.achievements.getDraft('first')).toMatchObject({ id: 'first', status: 'draft', version: 1 });
    await expect(table.store.achievements.saveDraft(draft('first'), { none: true, firstVersion: true })).rejects.toThrow(ConflictError);
    await table.store.achievements.put(publish(draft('taken')));
    await expect(table.store.achievements.saveDraft(draft('taken'), { none: true, firstVersion: true })).rejects.toThrow(/already exists/);
  });

  it('publishing makes the draft the version that issues, keeps its copy and closes the draft', async () => {
    // Prepare
    const d = draft('pub');
    await table.store.achievements.saveDraft(d, { none: true, firstVersion: true });

    // Act
    await table.store.achievements.publish(publish(d), d.updatedAt);

    // Assess
    expect(await table.store.achievements.get('pub')).toMatchObject({ status: 'published', version: 1, publishedBy: 'quinn', updatedBy: 'dana' });
    expect(await table.store.achievements.getVersion('pub', 1)).toMatchObject({ status: 'published', version: 1 });
    expect(await table.store.achievements.getDraft('pub')).toBeUndefined();
    const published = await table.store.achievements.list('published');
    expect(published).toContainEqual({ id: 'pub', name: 'Data Literacy', status: 'published', version: 1, updatedBy: 'dana', publishedBy: 'quinn' });
    expect((await table.store.achievements.list('draft')).map((a) => a.id)).not.toContain('pub');
  });

  it('a next version is drafted beside the published one, which keeps issuing until it is published', async () => {
    // Prepare
    const v1 = draft('next');
    await table.store.achievements.saveDraft(v1, { none: true, firstVersion: true });
    await table.store.achievements.publish(publish(v1), v1.updatedAt);

    // Act
    const v2 = draft('next', { version: 2, name: 'Data Literacy II', updatedBy: 'erin', updatedAt: '2026-12-03T10:00:00.000Z' });
    await table.store.achievements.saveDraft(v2, { none: true });

    // Assess: both show, the published one still issues
    expect(await table.store.achievements.get('next')).toMatchObject({ name: 'Data Literacy', version: 1 });
    expect((await table.store.achievements.list()).filter((a) => a.id === 'next').map((a) => [a.status, a.version])).toEqual([
      ['draft', 2],
      ['published', 1],
    ]);
    await table.store.achievements.publish(publish(v2), v2.updatedAt);
    expect(await table.store.achievements.get('next')).toMatchObject({ name: 'Data Literacy II', version: 2, updatedBy: 'erin' });
    expect(await table.store.achievements.getVersion('next', 1)).toMatchObject({ name: 'Data Literacy', version: 1 });
  });

  it('refuses a lost update: an edit or a publication of a draft that changed since it was read', async () => {
    // Prepare
    const d = draft('race');
    await table.store.achievements.saveDraft(d, { none: true, firstVersion: true });
    const edited = { ...d, name: 'Renamed', updatedAt: '2026-12-01T10:05:00.000Z' };
    await table.store.achievements.saveDraft(edited, { updatedAt: d.updatedAt });

    // Act + Assess: both still hold the first updatedAt
    await expect(table.store.achievements.saveDraft({ ...d, name: 'Other' }, { updatedAt: d.updatedAt })).rejects.toThrow(ConflictError);
    await expect(table.store.achievements.publish(publish(d), d.updatedAt)).rejects.toThrow(/draft changed/);
    expect(await table.store.achievements.get('race')).toBeUndefined();
    expect(await table.store.achievements.getDraft('race')).toMatchObject({ name: 'Renamed' });
  });

  it('retires the published version once; an unknown one is not found', async () => {
    // Prepare
    const d = draft('old');
    await table.store.achievements.saveDraft(d, { none: true, firstVersion: true });
    await table.store.achievements.publish(publish(d), d.updatedAt);

    // Act
    const retired = await table.store.achievements.retire('old');

    // Assess
    expect(retired).toMatchObject({ status: 'retired', version: 1 });
    expect(await table.store.achievements.get('old')).toMatchObject({ status: 'retired' });
    expect((await table.store.achievements.list('retired')).map((a) => a.id)).toContain('old');
    expect((await table.store.achievements.list('published')).map((a) => a.id)).not.toContain('old');
    await expect(table.store.achievements.retire('old')).rejects.toThrow(ConflictError);
    await expect(table.store.achievements.retire('never')).rejects.toThrow(NotFoundError);
  });
});
