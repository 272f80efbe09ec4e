// Frameworks and achievements through the admin API of the real local stack (HTTP, the admin
// handler, DynamoDB Local): imports, the draft → publish → next version → retire lifecycle, four
// eyes, the refusals a caller sees (400/403/409/422), and the audit entry each change appends.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
const tokens: Record<'designer' | 'qa' | 'otherQa' | 'auditor' | 'designerQa', string> = { designer: '', qa: '', otherQa: '', auditor: '', designerQa: '' };
const fixture = (name: string) => readFileSync(new URL(`../../packages/catalogue/fixtures/${name}`, import.meta.url), 'utf8');

async function call(method: string, path: string, token: string, body?: unknown, contentType = 'application/json') {
  const response = await fetch(`${tessera.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  // A test reads whatever field it checks; expect() does the type checking.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

beforeAll(async () => {
  tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' } });
  const user = async (email: string, roles: string[]) => (await call('POST', '/admin/users', tessera.adminToken, { email, name: email.split('@')[0], roles })).body.token as string;
  tokens.designer = await user('dana@uni.example', ['designer']);
  tokens.qa = await user('quinn@uni.example', ['qa-manager']);
  tokens.otherQa = await user('olga@uni.example', ['qa-manager']);
  tokens.auditor = await user('audrey@uni.example', ['auditor']);
  tokens.designerQa = await user('both@uni.example', ['designer', 'qa-manager']);
}, 120_000);
afterAll(() => tessera?.close());

describe('frameworks', () => {
  it('imports a CSV (201, items under the public origin), reads it back, and re-imports it in place (200, same ids)', async () => {
    // Act
    const created = await call('POST', '/admin/frameworks?id=digital-skills&title=Digital%20skills', tokens.designer, fixture('digital-skills.csv'), 'text/csv');
    const read = await call('GET', '/admin/frameworks/digital-skills', tokens.auditor);
    const again = await call('POST', '/admin/frameworks?id=digital-skills&title=Digital%20skills%20(2026)', tokens.designer, fixture('digital-skills.csv'), 'text/csv');

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'digital-skills', title: 'Digital skills' });
    expect(created.body.items[0]).toEqual({
      id: expect.any(String),
      code: 'DS.1',
      name: 'Information literacy',
      url: expect.stringMatching(`^${tessera.url}/frameworks/digital-skills#`),
    });
    expect(read).toEqual({ status: 200, body: { id: 'digital-skills', title: 'Digital skills', items: created.body.items } });
    expect(again.status).toBe(200);
    expect(again.body.items.map((i: { id: string }) => i.id)).toEqual(created.body.items.map((i: { id: string }) => i.id));
    expect((await call('GET', '/admin/frameworks', tokens.auditor)).body.frameworks).toContainEqual(
      expect.objectContaining({ id: 'digital-skills', title: 'Digital skills (2026)' }),
    );
  });

  it('imports a CASE package sent as JSON', async () => {
    // Act
    const created = await call('POST', '/admin/frameworks', tokens.designer, fixture('case-digital-skills.json'));

    // Assess
    expect(created.status).toBe(201);
    expect((await call('GET', `/admin/frameworks/${created.body.id}`, tokens.designer)).body.items).toEqual(created.body.items);
  });

  it.each([
    ['a CSV row with too few fields', '/admin/frameworks?id=broken&title=Broken', 'code,name,description,parent\nA,Alpha,,\nB,Beta\n', 'text/csv', 'line 3'],
    ['a CSV without id in the query', '/admin/frameworks?title=Broken', 'code,name\nA,Alpha\n', 'text/csv', 'id'],
    ['a CASE document without its uri', '/admin/frameworks', JSON.stringify({ CFDocument: { identifier: 'x', title: 'X' } }), 'application/json', 'CFDocument.uri'],
  ])('refuses %s with 400 naming it, storing nothing', async (_what, path, body, contentType, where) => {
    // Act
    const refused = await call('POST', path, tokens.designer, body, contentType);

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((d: { path: string }) => d.path).join(' ')).toContain(where);
    expect((await call('GET', '/admin/frameworks/broken', tokens.designer)).status).toBe(404);
  });

  it('lets only admin and designer import (403 naming them)', async () => {
    const refused = await call('POST', '/admin/frameworks?id=x&title=X', tokens.qa, 'code,name\nA,Alpha\n', 'text/csv');
    expect(refused).toEqual({ status: 403, body: expect.objectContaining({ roles: ['admin', 'designer'] }) });
  });
});

const body = (id: string, itemId: string, overrides: Record<string, unknown> = {}) => ({
  id,
  issuerId: 'demo-university',
  name: 'Spreadsheets for Research',
  description: 'Builds reproducible analyses in a spreadsheet.',
  criteria: { narrative: 'Passed the final assessment.' },
  learningOutcomes: ['Cleans and structures a data set'],
  workload: { hours: 25, ects: 1 },
  level: { framework: 'EQF', value: 5 },
  assessment: { type: 'Graded assignment' },
  participation: 'online',
  qualityAssurance: 'Faculty Board review each term.',
  language: 'en',
  skills: [{ frameworkId: 'digital-skills', itemId }],
  review: { policy: 'auto', timeoutHours: 72 },
  ...overrides,
});

describe('achievements', () => {
  let itemId: string;
  beforeAll(async () => {
    const framework = await call('POST', '/admin/frameworks?id=digital-skills&title=Digital%20skills', tokens.designer, fixture('digital-skills.csv'), 'text/csv');
    itemId = framework.body.items[1].id as string;
  });

  it('goes draft → published (by another person) → next draft while v1 issues → v2 → retired, each step audited', async () => {
    // Act + Assess, step by step
    const created = await call('POST', '/admin/achievements', tokens.designer, body('sheets-101', itemId));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'sheets-101', status: 'draft', version: 1, updatedBy: expect.any(String), achievementType: 'MicroCredential', issuing: null });
    expect((await tessera.postAward(awardRequest({ achievementId: 'sheets-101' }))).status).toBe(422);

    const published = await call('POST', '/admin/achievements/sheets-101/publish', tokens.qa);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', version: 1, publishedBy: expect.any(String) });
    expect(published.body.publishedBy).not.toBe(published.body.updatedBy);
    const definition = (await (await fetch(`${tessera.url}/achievements/sheets-101.json`)).json()) as Record<string, unknown>;
    expect(definition).toMatchObject({ name: 'Spreadsheets for Research', workloadHours: 25 });

    const edited = await call('PATCH', '/admin/achievements/sheets-101', tokens.designer, { name: 'Spreadsheets for Research II', prerequisites: 'None' });
    expect(edited.body).toMatchObject({ status: 'draft', version: 2, name: 'Spreadsheets for Research II', issuing: { version: 1, status: 'published' } });
    expect((await tessera.postAward(awardRequest({ achievementId: 'sheets-101' }))).status).toBe(202);
    const lines = (await call('GET', '/admin/achievements', tokens.auditor)).body.achievements.filter((a: { id: string }) => a.id === 'sheets-101');
    expect(lines.map((a: { status: string; version: number }) => [a.status, a.version])).toEqual([
      ['draft', 2],
      ['published', 1],
    ]);

    expect((await call('POST', '/admin/achievements/sheets-101/publish', tokens.otherQa)).body).toMatchObject({
      status: 'published',
      version: 2,
      name: 'Spreadsheets for Research II',
    });
    expect((await call('GET', '/admin/achievements/sheets-101?version=1', tokens.auditor)).body).toMatchObject({ version: 1, name: 'Spreadsheets for Research' });

    const retired = await call('POST', '/admin/achievements/sheets-101/retire', tokens.qa);
    expect(retired.body).toMatchObject({ status: 'retired', version: 2 });
    expect((await call('GET', '/admin/achievements?status=retired', tokens.auditor)).body.achievements.map((a: { id: string }) => a.id)).toContain('sheets-101');
    expect((await call('POST', '/admin/achievements/sheets-101/retire', tokens.qa)).status).toBe(409);

    const audit = await call('GET', '/admin/audit?entity=achievement&entityId=sheets-101', tessera.adminToken);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'achievement.created',
      'achievement.published',
      'achievement.edited',
      'achievement.published',
      'achievement.retired',
    ]);
  });

  it('four eyes: the last editor may not publish, even holding qa-manager (403 saying why)', async () => {
    // Prepare
    await call('POST', '/admin/achievements', tokens.designerQa, body('self-made', itemId));

    // Act
    const refused = await call('POST', '/admin/achievements/self-made/publish', tokens.designerQa);

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('forbidden');
    expect(JSON.stringify(refused.body)).toMatch(/four eyes/);
    expect((await call('GET', '/admin/achievements/self-made', tokens.auditor)).body.status).toBe('draft');
  });

  it('refuses to publish an incomplete draft: 422 naming each missing element', async () => {
    // Prepare: a draft needs only id, issuer and name
    const { learningOutcomes: _l, workload: _w, qualityAssurance: _q, ...partial } = body('partial', itemId);
    expect((await call('POST', '/admin/achievements', tokens.designer, partial)).status).toBe(201);

    // Act
    const refused = await call('POST', '/admin/achievements/partial/publish', tokens.qa);

    // Assess
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual([
      { path: 'learningOutcomes', message: 'missing' },
      { path: 'workload', message: 'missing' },
      { path: 'qualityAssurance', message: 'missing' },
    ]);
  });

  it.each([
    ['an unknown framework item', { skills: [{ frameworkId: 'digital-skills', itemId: 'nope' }] }, 400, 'skills.0'],
    ['an unknown framework', { skills: [{ frameworkId: 'nope', itemId: 'x' }] }, 400, 'skills.0'],
    ['a bad workload', { workload: { hours: 0 } }, 400, 'workload.hours'],
    ['an unknown issuer', { issuerId: 'nope' }, 422, 'issuerId'],
  ])('refuses a draft with %s, naming it and storing nothing', async (_what, overrides, status, path) => {
    // Act
    const refused = await call('POST', '/admin/achievements', tokens.designer, body('refused', itemId, overrides));

    // Assess
    expect(refused.status).toBe(status);
    expect(refused.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await call('GET', '/admin/achievements/refused', tokens.designer)).status).toBe(404);
  });

  it('refuses a second achievement with a taken id (409), and roles short of the action (403 naming the roles)', async () => {
    await call('POST', '/admin/achievements', tokens.designer, body('taken', itemId));
    expect((await call('POST', '/admin/achievements', tokens.designer, body('taken', itemId))).status).toBe(409);
    expect(await call('POST', '/admin/achievements', tokens.auditor, body('x', itemId))).toEqual({ status: 403, body: expect.objectContaining({ roles: ['admin', 'designer'] }) });
    expect(await call('POST', '/admin/achievements/taken/publish', tokens.designer)).toEqual({ status: 403, body: expect.objectContaining({ roles: ['admin', 'qa-manager'] }) });
  });
});
