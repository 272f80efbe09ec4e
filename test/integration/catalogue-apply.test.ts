// `tessera catalogue apply` against the real local stack: the shipped example planned, applied,
// applied again (nothing changes, nothing is audited), published by a second person and applied
// again; an edit planned and applied as a new draft; a changed source patched (after the achievements
// its rules name); a bad file or a source whose kind changed writes nothing.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../packages/cli/src/main.ts';
import { startTestTessera, type TestTessera } from '../support/local-tessera.ts';

const EXAMPLE = 'events/catalogue/example.yaml';
const ACHIEVEMENTS = ['example-spreadsheets', 'example-charts', 'example-data-analyst'];
let tessera: TestTessera;
let scratch: string;

beforeAll(async () => {
  tessera = await startTestTessera();
  scratch = await mkdtemp(join(tmpdir(), 'tessera-catalogue-'));
}, 120_000);
afterAll(async () => {
  await tessera?.close();
  await rm(scratch, { recursive: true, force: true });
});

async function apply(file: string, ...flags: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['catalogue', 'apply', file, '--url', tessera.url, '--token', tessera.adminToken, ...flags], {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
  });
  return { code, out: out.join(''), err: err.join('') };
}

/** The plan's verdict per entry, e.g. {'achievement example-charts': 'update (name)'}. */
const verdicts = (output: string) =>
  Object.fromEntries(
    [...output.matchAll(/^ {2}(\w+ \S+)\s+(.+)$/gm)].filter(([, entry]) => /^(framework|source|achievement|stack) /.test(entry!)).map(([, entry, verdict]) => [entry, verdict]),
  );

async function admin(method: string, path: string, token = tessera.adminToken, body?: unknown) {
  const response = await fetch(`${tessera.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  // A test reads whatever field it checks; expect() does the type checking.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
const auditHead = async () => (await admin('GET', '/admin/audit?limit=1')).body.head;

describe('tessera catalogue apply', () => {
  it('refuses a file with a problem, naming where, and writes nothing', async () => {
    // Prepare: the example with a negative workload and a skill code its framework lacks.
    const text = (await readFile(EXAMPLE, 'utf8')).replace('workload: { hours: 20, ects: 1 }', 'workload: { hours: -20, ects: 1 }').replace('code: DS1.1 }', 'code: DS9 }');
    const file = join(scratch, 'broken.yaml');
    await writeFile(file, text);
    const before = await auditHead();

    // Act
    const result = await apply(file);

    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toContain('achievements.1.workload.hours');
    expect(result.err).toContain('achievements.1.skills.0: no item with code DS9 in framework example-data-skills');
    expect((await admin('GET', '/admin/frameworks/example-data-skills')).status).toBe(404);
    expect(await auditHead()).toEqual(before);
  });

  it('plans every entry of the example as a create, and --plan changes nothing', async () => {
    // Act
    const result = await apply(EXAMPLE, '--plan');

    // Assess
    expect(result.code).toBe(0);
    expect(verdicts(result.out)).toEqual({
      'framework example-data-skills': 'create',
      'source example-lms': 'create',
      'source example-canvas': 'create',
      'achievement example-spreadsheets': 'create',
      'achievement example-charts': 'create',
      'achievement example-data-analyst': 'create',
      'stack example-junior-analyst': 'create',
    });
    expect(result.out).toContain('7 to create, 0 to update, 0 unchanged');
    expect((await admin('GET', '/admin/achievements/example-charts')).status).toBe(404);
  });

  it('applies the example as drafts, prints the new source’s secret once, and a second run changes and audits nothing', async () => {
    // Act
    const first = await apply(EXAMPLE);
    const head = await auditHead();
    const second = await apply(EXAMPLE);

    // Assess
    expect(first.code).toBe(0);
    expect(first.out).toContain('7 created, 0 updated, 0 unchanged');
    expect(first.out).toMatch(/source example-lms\s+created\n\s+secret \S{43} \(shown once/);
    // Canvas signs with Instructure's keys: no secret, only where to point the subscription.
    expect(first.out).toMatch(/source example-canvas\s+created\n\s+webhook http:\/\/\S+\/webhooks\/example-canvas\n/);
    // Its rules name achievements the same run created (as drafts): sources are applied after them.
    expect(first.out.indexOf('achievement example-charts')).toBeLessThan(first.out.indexOf('source example-canvas'));
    expect((await admin('GET', '/admin/sources/example-canvas')).body.rules).toEqual([
      { course: '1234', achievementId: 'example-spreadsheets' },
      { course: 'assignment:5678', achievementId: 'example-charts', minScore: 0.8 },
    ]);
    expect(first.out).toContain('POST /admin/stacks/example-junior-analyst/publish');
    for (const id of ACHIEVEMENTS) expect((await admin('GET', `/admin/achievements/${id}`)).body).toMatchObject({ status: 'draft', updatedBy: 'local-admin' });
    const framework = (await admin('GET', '/admin/frameworks/example-data-skills')).body;
    expect(framework.items.map((i: { code: string }) => i.code).sort()).toEqual(['DS1', 'DS1.1']);
    // The skill named by code is the item's id.
    const charts = (await admin('GET', '/admin/achievements/example-charts')).body;
    expect(charts.skills).toEqual([{ frameworkId: 'example-data-skills', itemId: framework.items.find((i: { code: string }) => i.code === 'DS1.1').id }]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('0 created, 0 updated, 7 unchanged');
    expect(await auditHead()).toEqual(head);
  });

  it('finds nothing to change once a second person has published the drafts', async () => {
    // Prepare: a qa-manager who did not edit them publishes (four eyes).
    const qa = (await admin('POST', '/admin/users', tessera.adminToken, { email: 'qa-catalogue@demo-university.example', name: 'Quinn', roles: ['qa-manager'] })).body.token;
    expect((await admin('POST', '/admin/achievements/example-charts/publish')).status).toBe(403);
    for (const id of ACHIEVEMENTS) expect((await admin('POST', `/admin/achievements/${id}/publish`, qa)).status).toBe(200);
    expect((await admin('POST', '/admin/stacks/example-junior-analyst/publish', qa)).status).toBe(200);

    // Act
    const plan = await apply(EXAMPLE, '--plan');

    // Assess
    expect(plan.code).toBe(0);
    expect(Object.values(verdicts(plan.out))).toEqual(Array(7).fill('unchanged'));
    expect(plan.out).toContain('0 to create, 0 to update, 7 unchanged');
  });

  it('plans an edit as an update naming the fields, and applies it as the next version’s draft while the published one keeps issuing', async () => {
    // Prepare
    const text = (await readFile(EXAMPLE, 'utf8'))
      .replace('name: Charts That Tell the Truth', 'name: Honest Charts')
      .replace('workload: { hours: 20, ects: 1 }', 'workload: { hours: 24, ects: 1 }')
      .replace('requires: all', 'requires: { atLeast: 1 }');
    const file = join(scratch, 'edited.yaml');
    await writeFile(file, text);

    // Act
    const plan = await apply(file, '--plan');
    const applied = await apply(file);
    const again = await apply(file, '--plan');

    // Assess
    expect(verdicts(plan.out)).toMatchObject({ 'achievement example-charts': 'update (name, workload)', 'stack example-junior-analyst': 'update (requires)' });
    expect(applied.out).toContain('0 created, 2 updated, 5 unchanged');
    const charts = (await admin('GET', '/admin/achievements/example-charts')).body;
    expect(charts).toMatchObject({ status: 'draft', version: 2, name: 'Honest Charts', issuing: { version: 1, status: 'published' } });
    expect((await tessera.dependencies.store.achievements.get('example-charts'))?.name).toBe('Charts That Tell the Truth');
    expect(again.out).toContain('0 to create, 0 to update, 7 unchanged');
  });

  it('patches a source whose name, rules or settings differ, keeping its secret, and a second run changes nothing', async () => {
    // Prepare: the file as the previous test left Tessera, with Canvas renamed, a rule's threshold
    // raised, a rule and the profile API added, and the generic source renamed.
    const text = (await readFile(join(scratch, 'edited.yaml'), 'utf8'))
      .replace('name: Example Canvas', 'name: Example Canvas (production)\n    apiUrl: https://canvas.example.edu\n    apiToken: canvas-admin-token-1')
      .replace('minScore: 0.8 }', 'minScore: 0.9 }\n      - { course: SIS-DATA-101, achievementId: example-spreadsheets }')
      .replace('name: Example LMS (course completions)', 'name: Example LMS');
    const file = join(scratch, 'sources-edited.yaml');
    await writeFile(file, text);
    const secretBefore = (await tessera.dependencies.store.webhookSources.get('example-lms'))?.secret;
    const head = await auditHead();

    // Act
    const plan = await apply(file, '--plan');
    const applied = await apply(file);
    const again = await apply(file, '--plan');

    // Assess
    expect(verdicts(plan.out)).toMatchObject({ 'source example-canvas': 'update (name, rules, apiUrl, apiToken)', 'source example-lms': 'update (name)' });
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('0 created, 2 updated, 5 unchanged');
    const canvas = (await admin('GET', '/admin/sources/example-canvas')).body;
    expect(canvas).toMatchObject({ name: 'Example Canvas (production)', apiUrl: 'https://canvas.example.edu', apiTokenSet: true });
    expect(canvas.rules).toEqual([
      { course: '1234', achievementId: 'example-spreadsheets' },
      { course: 'assignment:5678', achievementId: 'example-charts', minScore: 0.9 },
      { course: 'SIS-DATA-101', achievementId: 'example-spreadsheets' },
    ]);
    expect((await tessera.dependencies.store.webhookSources.get('example-canvas'))?.apiToken).toBe('canvas-admin-token-1');
    expect((await tessera.dependencies.store.webhookSources.get('example-lms'))?.secret).toBe(secretBefore);
    expect((await admin('GET', `/admin/audit?after=${head.seq}`)).body.entries.map((e: { action: string; entityId: string }) => `${e.action} ${e.entityId}`).sort()).toEqual([
      'source.updated example-canvas',
      'source.updated example-lms',
    ]);
    expect(again.out).toContain('0 to create, 0 to update, 7 unchanged');
  });

  it('refuses to apply anything when a source in the file changed its kind, which a source keeps for life', async () => {
    // Prepare: the Canvas source turned into a Moodle one, and an achievement edited beside it.
    const text = (await readFile(EXAMPLE, 'utf8')).replace('kind: canvas', 'kind: moodle').replace('name: Charts That Tell the Truth', 'name: Yet another');
    const file = join(scratch, 'conflict.yaml');
    await writeFile(file, text);
    const head = await auditHead();

    // Act
    const result = await apply(file);

    // Assess
    expect(result.code).toBe(1);
    expect(verdicts(result.out)['source example-canvas']).toMatch(/^conflict: differs in kind, which a source keeps for life/);
    expect(result.err).toContain('nothing applied');
    expect(await auditHead()).toEqual(head);
  });

  it('says what is wrong with its arguments', async () => {
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) } };
    expect(await main(['catalogue', 'apply'], io)).toBe(2);
    expect(out.join('')).toContain('apply needs a FILE');
    expect(await main(['catalogue', 'apply', EXAMPLE, '--url', tessera.url, '--token', 'not-a-token'], io)).toBe(2);
    expect(out.join('')).toContain('401');
  });
});
