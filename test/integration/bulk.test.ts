// CSV bulk awards against the real local stack (DynamoDB Local, the in-process runner, the real
// intake and workflow): mixed rows each judged on its own, the same file again adding nothing, roles,
// the size cap, `tessera bulk`, and a batch cut short that resumes, or is given up and says so.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '@tessera/catalogue';
import { BULK_SOURCE_ID, type BulkRunner } from '@tessera/core';
import { MAX_BULK_BYTES, MAX_RESUMES, STALL_AFTER_MS, readBulkBatch, runBatch, submitBulk } from '../../functions/bulk/bulk.ts';
import { continueBatch } from '../../functions/bulk/handler.ts';
import { submitAward } from '../../functions/webhook-intake/intake.ts';
import { runBulkCommand } from '../../packages/cli/src/bulk-command.ts';
import { main } from '../../packages/cli/src/main.ts';
import { startTestTessera, type TestTessera } from '../support/local-tessera.ts';
import { pollFor } from '../support/mail.ts';

let tessera: TestTessera;
let scratch: string;
/** The stack's clock runs this far ahead of the wall clock: a test moves it to make a batch look stalled. */
let offsetMs = 0;
const tokens = { registrar: '', designer: '' };
const HEADER = ['eventId', 'email', 'name', 'achievementId', 'evidenceUrl', 'evidenceNarrative'];
const run = `${Date.now()}`;

async function call(method: string, path: string, token: string, body?: string, contentType = 'text/csv') {
  const response = await fetch(`${tessera.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
    ...(body === undefined ? {} : { body }),
  });
  // A test reads whatever field it checks; expect() does the type checking.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function finished(batchId: string, token = tokens.registrar) {
  return pollFor(
    `bulk batch ${batchId} to be done`,
    async () => {
      const read = await call('GET', `/admin/bulk/${batchId}`, token);
      return read.body.status === 'done' ? read.body : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 100 },
  );
}

beforeAll(async () => {
  tessera = await startTestTessera({ clock: { now: () => new Date(Date.now() + offsetMs) } });
  scratch = await mkdtemp(join(tmpdir(), 'tessera-bulk-'));
  const user = async (email: string, roles: string[]) => {
    const created = await fetch(`${tessera.url}/admin/users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tessera.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, name: email.split('@')[0], roles }),
    });
    return ((await created.json()) as { token: string }).token;
  };
  tokens.registrar = await user('rita@uni.example', ['registrar']);
  tokens.designer = await user('dana@uni.example', ['designer']);
  // A draft that was never published (only id, issuer and name).
  const draft = await fetch(`${tessera.url}/admin/achievements`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens.designer}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: 'not-yet', issuerId: 'demo-university', name: 'Not published yet' }),
  });
  expect(draft.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await tessera?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** The mixed file: lines 2 and 3 good, 4 a bad e-mail, 5 an unknown achievement, 6 a draft, 7 line 2's
 *  event again, 8 a row with a field missing. */
const mixed = () =>
  formatCsv([
    HEADER,
    [`${run}-1`, 'Ada@Example.org', 'Ada Learner', 'demo-data-literacy', 'https://lms.example.edu/a/1', 'Scored 86%'],
    [`${run}-2`, 'grace@example.org', 'Grace Hopper', 'demo-data-literacy', 'https://lms.example.edu/a/2', ''],
    [`${run}-3`, 'not-an-email', 'Bad Mail', 'demo-data-literacy', 'https://lms.example.edu/a/3', ''],
    [`${run}-4`, 'alan@example.org', 'Alan Turing', 'no-such-achievement', 'https://lms.example.edu/a/4', ''],
    [`${run}-5`, 'edsger@example.org', 'Edsger Dijkstra', 'not-yet', 'https://lms.example.edu/a/5', ''],
    [`${run}-1`, 'ada@example.org', 'Ada Learner', 'demo-data-literacy', 'https://lms.example.edu/a/1', 'Scored 86%'],
    [`${run}-7`, 'barbara@example.org', 'Barbara Liskov', 'demo-data-literacy', 'https://lms.example.edu/a/7'],
  ]);

describe('POST /admin/bulk', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let first: Record<string, any>;

  it('answers 202 {batchId} at once, then judges each row on its own', async () => {
    // Act
    const posted = await call('POST', '/admin/bulk', tokens.registrar, mixed());
    first = await finished(posted.body.batchId);

    // Assess
    expect(posted.status).toBe(202);
    expect(posted.body).toEqual({ batchId: expect.stringMatching(/^bulk_/), rows: 7 });
    expect(first).toMatchObject({ status: 'done', total: 7, processed: 7, counts: { accepted: 2, duplicate: 1, invalid: 4 } });
    const [ada, grace, badMail, unknown, draft, again, short] = first.rows;
    expect(ada).toEqual({ row: 2, outcome: 'accepted', submissionId: expect.stringMatching(/^sub_/) });
    expect(grace).toEqual({ row: 3, outcome: 'accepted', submissionId: expect.stringMatching(/^sub_/) });
    expect(badMail).toMatchObject({ row: 4, outcome: 'invalid', errors: [{ path: 'email', message: expect.any(String) }] });
    expect(unknown).toMatchObject({ row: 5, outcome: 'invalid', errors: [{ path: 'achievementId', message: 'no such achievement for this source' }] });
    expect(draft).toMatchObject({ row: 6, outcome: 'invalid', errors: [{ path: 'achievementId', message: 'not published yet' }] });
    expect(again).toEqual({ row: 7, outcome: 'duplicate', submissionId: ada.submissionId });
    expect(short).toMatchObject({ row: 8, outcome: 'invalid', errors: [{ path: 'line 8', message: 'has 5 fields; the header has 6' }] });
    expect(badMail.submissionId).toBeUndefined();
  });

  it('stores each accepted row as a submission of the bulk source that runs through the workflow', async () => {
    // Act: the demo achievement is under manual review.
    const issued = await tessera.waitForStatus(first.rows[0].submissionId, ['IN_REVIEW']);

    // Assess
    expect(issued).toMatchObject({
      sourceId: BULK_SOURCE_ID,
      eventId: `${run}-1`,
      recipient: { email: 'ada@example.org', name: 'Ada Learner' },
      evidence: [{ url: 'https://lms.example.edu/a/1', narrative: 'Scored 86%' }],
    });
  });

  it('adds nothing when the same file comes again: every good row is a duplicate of the same submission', async () => {
    // Act
    const posted = await call('POST', '/admin/bulk', tokens.registrar, mixed());
    const second = await finished(posted.body.batchId);

    // Assess
    expect(second.counts).toEqual({ accepted: 0, duplicate: 3, invalid: 4 });
    expect(second.rows.map((r: { outcome: string }) => r.outcome)).toEqual(['duplicate', 'duplicate', 'invalid', 'invalid', 'invalid', 'duplicate', 'invalid']);
    expect(second.rows.map((r: { submissionId?: string }) => r.submissionId)).toEqual(first.rows.map((r: { submissionId?: string }) => r.submissionId));
  });

  it('audits the upload: who, how many rows, the file hash', async () => {
    // Act
    const audit = await call('GET', '/admin/audit?entity=bulk', tessera.adminToken);

    // Assess
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({
        action: 'bulk.submitted',
        entity: 'bulk',
        entityId: first.batchId,
        summary: expect.stringMatching(/^7 rows in 1 chunks \(file sha256 [0-9a-f]{64}\)$/),
      }),
    );
  });

  it.each([
    ['a header without achievementId', 'eventId,email,name,evidenceUrl\na,b@example.org,B,https://x.example\n', 'text/csv', 'achievementId'],
    ['an unknown column', `${HEADER.join(',')},grade\n`, 'text/csv', 'grade'],
    ['a quote never closed', `${HEADER.join(',')}\n"a,b\n`, 'text/csv', 'line 2'],
    ['no rows', `${HEADER.join(',')}\n`, 'text/csv', 'line 2'],
    ['JSON instead of CSV', '{"rows":[]}', 'application/json', 'Content-Type'],
  ])('refuses the whole file for %s (400 naming it) and stores no batch', async (_what, body, contentType, path) => {
    // Prepare
    const before = (await call('GET', '/admin/audit?entity=bulk', tessera.adminToken)).body.entries.length;

    // Act
    const refused = await call('POST', '/admin/bulk', tokens.registrar, body, contentType);

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await call('GET', '/admin/audit?entity=bulk', tessera.adminToken)).body.entries).toHaveLength(before);
  });

  it(`refuses a file over ${MAX_BULK_BYTES} bytes with 413 saying the limit, storing nothing`, async () => {
    // Prepare: a valid header, then long narratives past the cap.
    const narrative = 'x'.repeat(9_000);
    const rows = Array.from({ length: Math.ceil(MAX_BULK_BYTES / 9_000) + 1 }, (_, i) => [`big-${i}`, 'a@example.org', 'A', 'demo-data-literacy', '', narrative]);
    const before = (await call('GET', '/admin/audit?entity=bulk', tessera.adminToken)).body.entries.length;

    // Act
    const refused = await call('POST', '/admin/bulk', tokens.registrar, formatCsv([HEADER, ...rows]));

    // Assess
    expect(refused.status).toBe(413);
    expect(refused.body.message).toMatch(/at most 5000000 bytes \(5 MB\); this one is \d+: split it/);
    expect((await call('GET', '/admin/audit?entity=bulk', tessera.adminToken)).body.entries).toHaveLength(before);
  });

  it('is for registrars and admins: a designer gets 403 naming the roles, for the upload and the read', async () => {
    // Act
    const upload = await call('POST', '/admin/bulk', tokens.designer, mixed());
    const read = await call('GET', `/admin/bulk/${first.batchId}`, tokens.designer);

    // Assess
    expect(upload).toEqual({ status: 403, body: expect.objectContaining({ roles: ['admin', 'registrar'] }) });
    expect(read).toEqual({ status: 403, body: expect.objectContaining({ roles: ['admin', 'registrar'] }) });
    expect((await call('GET', `/admin/bulk/${first.batchId}`, tessera.adminToken)).status).toBe(200);
  });

  it('answers 404 for a batch that does not exist, and the counts alone with ?rows=none', async () => {
    expect((await call('GET', '/admin/bulk/bulk_nope', tokens.registrar)).status).toBe(404);
    const counts = await call('GET', `/admin/bulk/${first.batchId}?rows=none`, tokens.registrar);
    expect(counts.body.rows).toBeUndefined();
    expect(counts.body.counts).toEqual(first.counts);
  });
});

describe('tessera bulk', () => {
  async function bulk(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['bulk', ...args, '--url', tessera.url, '--token', tokens.registrar], {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
    });
    return { code, out: out.join(''), err: err.join('') };
  }

  it('uploads the file, shows progress until done, prints the counts and the invalid rows, and writes each outcome with --out', async () => {
    // Prepare
    const rows = Array.from({ length: 600 }, (_, i) => [
      `${run}-cli-${i}`,
      `learner${i}@example.org`,
      `Learner ${i}`,
      'demo-data-literacy',
      `https://lms.example.edu/cli/${i}`,
      '',
    ]);
    rows[10]![1] = 'nobody-at-example.org';
    const file = join(scratch, 'awards.csv');
    const out = join(scratch, 'outcomes.csv');
    await writeFile(file, formatCsv([HEADER, ...rows]));

    // Act
    const result = await bulk(file, '--out', out);
    const again = await bulk(file);

    // Assess
    expect(result.code).toBe(1);
    expect(result.out).toContain(`${file}: 600 rows: 599 accepted, 0 duplicate, 1 invalid\n  row 12: email: `);
    expect(result.err).toMatch(/Batch bulk_\S+: /);
    expect(result.err).toMatch(/\[#{30}\] 600\/600 100% {2}accepted 599 · duplicate 0 · invalid 1\n$/);
    const written = (await readFile(out, 'utf8')).split('\r\n');
    expect(written[0]).toBe('row,outcome,submissionId,errors');
    expect(written[1]).toMatch(/^2,accepted,sub_\S+,$/);
    expect(written[11]).toMatch(/^12,invalid,,email: /);
    expect(written).toHaveLength(602);
    expect(again.out).toContain('600 rows: 0 accepted, 599 duplicate, 1 invalid');
    // 1,200 rows through the intake with their workflows: seconds alone, 30 s and more on a loaded CI machine.
  }, 120_000);

  it('says what is wrong with a refused file, and with no token', async () => {
    // Prepare
    const file = join(scratch, 'wrong.csv');
    await writeFile(file, 'email,name\na@example.org,A\n');

    // Act
    const refused = await bulk(file);
    const noToken = await runBulkCommand(['bulk', file], { stdout: { write: () => true }, stderr: { write: () => true } }, {});

    // Assess
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/POST \/admin\/bulk answered 400: the header must be eventId,email,name,achievementId,evidenceUrl/);
    expect(noToken).toBe(2);
  });
});

describe('a chunk, run', () => {
  /** No runner: each test runs its batch itself (runBatch), to the end. */
  const dead: BulkRunner = { continue: async () => {} };
  const actor = { id: 'usr_test', roles: ['registrar'] as const };

  /** The stack's store, with the calls the bulk path makes per row or per chunk counted. */
  function counted() {
    const store = tessera.dependencies.store;
    const calls = { achievementsGet: 0, submissionsCreate: 0, submissionsGetMany: 0 };
    const deps = {
      ...tessera.dependencies,
      bulkRunner: dead,
      store: {
        ...store,
        achievements: { ...store.achievements, get: (id: string) => (calls.achievementsGet++, store.achievements.get(id)) },
        submissions: {
          ...store.submissions,
          create: (...args: Parameters<typeof store.submissions.create>) => (calls.submissionsCreate++, store.submissions.create(...args)),
          getMany: (ids: readonly string[]) => (calls.submissionsGetMany++, store.submissions.getMany(ids)),
        },
      },
    };
    return { deps, calls };
  }

  it('runs rows at once yet reports them in file order: the first row of an event is accepted, its later rows are its duplicates', async () => {
    // Prepare: 40 rows; rows 27-41 repeat the events of rows 2-16.
    const csv = formatCsv([
      HEADER,
      ...Array.from({ length: 40 }, (_, i) => [`${run}-order-${i % 25}`, `o${i % 25}@example.org`, `O ${i % 25}`, 'demo-data-literacy', 'https://lms.example.edu/o', '']),
    ]);
    const { deps } = counted();
    const batch = await submitBulk(deps, actor, csv);

    // Act
    expect(await runBatch(deps, batch.id)).toBe('done');
    const { rows } = await readBulkBatch(deps, batch.id, { rows: true });

    // Assess
    expect(rows!.map((r) => r.row)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    expect(rows!.map((r) => r.outcome)).toEqual([...Array(25).fill('accepted'), ...Array(15).fill('duplicate')]);
    expect(rows!.slice(25).map((r) => r.submissionId)).toEqual(rows!.slice(0, 15).map((r) => r.submissionId));
  });

  it('reads each achievement once per chunk and finds its repeats in one batch read: the same file again writes nothing', async () => {
    // Prepare: 300 rows, two chunks (250 + 50).
    const csv = formatCsv([
      HEADER,
      ...Array.from({ length: 300 }, (_, i) => [`${run}-reads-${i}`, `r${i}@example.org`, `R ${i}`, 'demo-data-literacy', 'https://lms.example.edu/r', '']),
    ]);
    const first = counted();
    const again = counted();

    // Act
    const firstBatch = await submitBulk(first.deps, actor, csv);
    await runBatch(first.deps, firstBatch.id);
    const againBatch = await submitBulk(again.deps, actor, csv);
    await runBatch(again.deps, againBatch.id);

    // Assess
    expect((await readBulkBatch(first.deps, firstBatch.id, { rows: false })).counts).toEqual({ accepted: 300, duplicate: 0, invalid: 0 });
    expect(first.calls).toEqual({ achievementsGet: 2, submissionsCreate: 300, submissionsGetMany: 2 });
    expect((await readBulkBatch(again.deps, againBatch.id, { rows: false })).counts).toEqual({ accepted: 0, duplicate: 300, invalid: 0 });
    expect(again.calls).toEqual({ achievementsGet: 2, submissionsCreate: 0, submissionsGetMany: 2 });
  });

  it('starts the workflow of a repeat whose submission was stored but never started (its run died in between)', async () => {
    // Prepare: the event stored as a submission by a run whose start never happened.
    const award = {
      eventId: `${run}-unstarted`,
      recipient: { email: 'u@example.org', name: 'U' },
      achievementId: 'demo-data-literacy',
      evidence: [],
      occurredAt: new Date().toISOString(),
    };
    const lost = { ...tessera.dependencies, workflow: { ...tessera.dependencies.workflow, start: async () => ({ alreadyStarted: false }) } };
    const { submissionId } = await submitAward(lost, { id: BULK_SOURCE_ID }, award);
    expect(tessera.workflow.execution(submissionId)).toBeUndefined();
    const { deps } = counted();
    const batch = await submitBulk(deps, actor, formatCsv([HEADER, [award.eventId, 'u@example.org', 'U', 'demo-data-literacy', '', '']]));

    // Act
    await runBatch(deps, batch.id);

    // Assess
    expect((await readBulkBatch(deps, batch.id, { rows: true })).rows).toEqual([{ row: 2, outcome: 'duplicate', submissionId }]);
    // Started (in the background: it runs once the earlier tests' bulk executions have had their turn).
    expect(await tessera.workflow.executionState(submissionId)).toBe('RUNNING');
  });
});

describe('a batch cut short', () => {
  /** A runner that never runs anything: the process that should have run the batch died. */
  const dead: BulkRunner = { continue: async () => {} };
  const actor = { id: 'usr_test', roles: ['registrar'] as const };
  const file = (prefix: string, count: number) =>
    formatCsv([
      HEADER,
      ...Array.from({ length: count }, (_, i) => [`${run}-${prefix}-${i}`, `p${i}@example.org`, `P ${i}`, 'demo-data-literacy', 'https://lms.example.edu/x', '']),
    ]);

  it('resumes from its stored progress when read after it stalled: rows its dead run had already submitted count as accepted', async () => {
    // Prepare: 300 rows (two chunks); the first chunk run and stored, then the second cut short after 20 rows.
    const deps = { ...tessera.dependencies, bulkRunner: dead };
    const batch = await submitBulk(deps, actor, file('resume', 300));
    let chunks = 0;
    expect(await runBatch(deps, batch.id, { hasTime: () => chunks++ < 1 })).toBe('more');
    const second = await deps.store.bulkBatches.input(batch.id, 1);
    for (const row of second.slice(0, 20)) if ('award' in row) await submitAward(deps, { id: BULK_SOURCE_ID }, row.award);

    // Act: read after the stall time (the stack's own runner takes it up).
    offsetMs = STALL_AFTER_MS + 1000;
    const read = await call('GET', `/admin/bulk/${batch.id}?rows=none`, tokens.registrar);
    const done = await finished(batch.id);

    // Assess
    expect(read.body).toMatchObject({ status: 'running', total: 300 });
    expect(read.body.processed).toBeGreaterThanOrEqual(250);
    expect(done.counts).toEqual({ accepted: 300, duplicate: 0, invalid: 0 });
    expect(done.rows).toHaveLength(300);
  });

  it('on AWS, a run with too little time left for another chunk hands the rest to a fresh invocation', async () => {
    // Prepare: 300 rows (two chunks); the invocation has 60 s left, then 10 s after the first chunk.
    const handedOn: string[] = [];
    const deps = { ...tessera.dependencies, bulkRunner: { continue: async (id: string) => void handedOn.push(id) } };
    const batch = await submitBulk(deps, actor, file('hand-on', 300));
    handedOn.length = 0;
    const left = [60_000, 10_000];

    // Act
    const first = await continueBatch(deps, { bulkBatchId: batch.id }, { getRemainingTimeInMillis: () => left.shift() ?? 0 });
    const second = await continueBatch(deps, { bulkBatchId: batch.id }, { getRemainingTimeInMillis: () => 60_000 });

    // Assess
    expect(first).toEqual({ batchId: batch.id, outcome: 'more' });
    expect(handedOn).toEqual([batch.id]);
    expect(second).toEqual({ batchId: batch.id, outcome: 'done' });
    expect((await readBulkBatch(deps, batch.id, { rows: false })).counts).toEqual({ accepted: 300, duplicate: 0, invalid: 0 });
  });

  it(`is given up after ${MAX_RESUMES} restarts without progress: done, saying so, the rows never reached without an outcome`, async () => {
    // Prepare
    const deps = { ...tessera.dependencies, bulkRunner: dead };
    const batch = await submitBulk(deps, actor, file('stuck', 3));

    // Act: read once per stall period, with nothing ever running it.
    const reads = [];
    for (let i = 0; i <= MAX_RESUMES; i++) {
      offsetMs += STALL_AFTER_MS + 1000;
      reads.push(await readBulkBatch(deps, batch.id, { rows: true }));
    }

    // Assess
    expect(reads.map((r) => r.status)).toEqual([...Array(MAX_RESUMES).fill('running'), 'done']);
    expect(reads.at(-1)).toMatchObject({ total: 3, processed: 0, rows: [], stopped: expect.stringMatching(/^stopped after 3 restarts without progress/) });
  });
});
