// The admin API's governance over the real local stack (HTTP, DynamoDB Local): users and their
// tokens, roles (401/403), webhook sources and secret rotation, and the hash-chained audit log with
// `tessera audit verify` catching a tampered entry.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClientOf, keys } from '@tessera/store';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoDbClientConfig } from '../../packages/local/src/dynamodb-local.ts';
import { runAuditCommand } from '../../packages/cli/src/audit-command.ts';
import { signWebhook } from '../../functions/webhook-intake/signature.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
const tableName = `tessera-test-${randomUUID()}`;
/** The table behind Tessera's back, as someone with AWS credentials could reach it. */
const table = documentClientOf(new DynamoDBClient(localDynamoDbClientConfig(inject('dynamodbEndpoint'))));
beforeAll(async () => {
  tessera = await startTestTessera({ tableName });
}, 120_000);
afterAll(() => tessera?.close());

async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const response = await fetch(`${tessera.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // A test reads whatever field it checks; expect() does the type checking.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
const admin = (method: string, path: string, body?: unknown) => call(method, path, tessera.adminToken, body);

function capture() {
  const out: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) } }, text: () => out.join('') };
}

describe('users and roles', () => {
  it('creates a user whose token is shown once and carries exactly the roles given', async () => {
    // Act
    const created = await admin('POST', '/admin/users', { email: 'Reg.Istrar@example.edu', name: 'Reg Istrar', roles: ['registrar'] });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'Reg.Istrar@example.edu', roles: ['registrar'] });
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const token = created.body.token as string;
    // The user reads what a registrar may, and is refused the rest with the roles that would do.
    expect((await call('GET', '/admin/submissions/nope', token)).status).toBe(404);
    const refused = await call('POST', '/admin/users', token, { email: 'x@example.edu', name: 'X', roles: ['admin'] });
    expect(refused).toEqual({ status: 403, body: expect.objectContaining({ error: 'forbidden', role: 'admin', roles: ['admin'] }) });
    // The token is nowhere in what the API shows of the user.
    const shown = await admin('GET', `/admin/users/${created.body.id}`);
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain(token);
    expect(JSON.stringify(await admin('GET', '/admin/users'))).not.toContain(token);
  });

  it('answers 401 without a token or with a wrong one, and 409 for an e-mail already taken (any case)', async () => {
    expect((await call('GET', '/admin/users', undefined)).status).toBe(401);
    expect((await call('GET', '/admin/users', 'not-a-token')).status).toBe(401);
    await admin('POST', '/admin/users', { email: 'dup@example.edu', name: 'Dup', roles: ['auditor'] });
    expect((await admin('POST', '/admin/users', { email: 'DUP@example.edu', name: 'Dup 2', roles: ['auditor'] })).status).toBe(409);
  });

  it.each([
    ['an unknown role', { email: 'a@example.edu', name: 'A', roles: ['reviewer'] }, 'roles.0'],
    ['no role', { email: 'a@example.edu', name: 'A', roles: [] }, 'roles'],
    ['a bad e-mail', { email: 'not-an-email', name: 'A', roles: ['auditor'] }, 'email'],
    ['an unknown field', { email: 'a@example.edu', name: 'A', roles: ['auditor'], admin: true }, '(root)'],
  ])('refuses a user with %s (400 naming the field) and stores nothing', async (_what, body, path) => {
    const before = (await admin('GET', '/admin/users')).body.users.length;
    const response = await admin('POST', '/admin/users', body);
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await admin('GET', '/admin/users')).body.users.length).toBe(before);
  });
});

describe('webhook sources', () => {
  const post = (sourceId: string, secret: string) => {
    const body = JSON.stringify(awardRequest());
    return fetch(`${tessera.url}/webhooks/${sourceId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Tessera-Signature': signWebhook(secret, body, Math.floor(Date.now() / 1000)) },
      body,
    });
  };

  it('creates a source whose secret is shown once and works; a rotation keeps the old secret working for 24 hours', async () => {
    // Act
    const created = await admin('POST', '/admin/sources', { id: 'lms-a', kind: 'generic', name: 'LMS A' });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'lms-a', kind: 'generic', name: 'LMS A', webhookUrl: `${tessera.url}/webhooks/lms-a` });
    const first = created.body.secret as string;
    expect((await post('lms-a', first)).status).toBe(202);
    expect(JSON.stringify((await admin('GET', '/admin/sources/lms-a')).body)).not.toContain(first);

    const rotated = await admin('POST', '/admin/sources/lms-a/rotate');
    expect(rotated.status).toBe(200);
    const second = rotated.body.secret as string;
    expect(second).not.toBe(first);
    const until = Date.parse(rotated.body.previousSecretValidUntil);
    expect(until - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(until - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    expect((await post('lms-a', second)).status).toBe(202);
    expect((await post('lms-a', first)).status).toBe(202);
    expect((await post('lms-a', 'some other secret')).status).toBe(401);
  });

  it('stops accepting the old secret once its 24 hours are over', async () => {
    const { secret: first } = (await admin('POST', '/admin/sources', { id: 'lms-b', kind: 'generic', name: 'LMS B' })).body;
    await admin('POST', '/admin/sources/lms-b/rotate');
    // The grace period ends: moved into the past in the table, as 24 hours would.
    const store = tessera.dependencies.store;
    const source = (await store.webhookSources.get('lms-b'))!;
    await store.webhookSources.put({ ...source, previousSecretValidUntil: new Date(Date.now() - 1000).toISOString() });
    expect((await post('lms-b', first)).status).toBe(401);
    expect((await post('lms-b', source.secret!)).status).toBe(202);
  });

  it('refuses an unknown kind, a taken or reserved id and an unknown issuer, naming why', async () => {
    const unknown = await admin('POST', '/admin/sources', { id: 'blackboard', kind: 'blackboard', name: 'Blackboard' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0]).toMatchObject({ path: 'kind', message: expect.stringContaining('canvas, moodle, openedx, caliper') });
    expect((await admin('POST', '/admin/sources', { id: 'demo', kind: 'generic', name: 'again' })).status).toBe(409);
    const reserved = await admin('POST', '/admin/sources', { id: 'stack', kind: 'generic', name: 'Not ours' });
    expect(reserved.status).toBe(400);
    expect(reserved.body.details[0]).toMatchObject({ path: 'id', message: expect.stringContaining('reserved') });
    expect((await admin('POST', '/admin/sources', { id: 'lms-c', kind: 'generic', name: 'C', issuerId: 'nobody' })).status).toBe(422);
    expect((await admin('GET', '/admin/sources/lms-c')).status).toBe(404);
  });
});

describe('the audit log', () => {
  it('records each governance action in a hash chain that `tessera audit verify` checks', async () => {
    // Prepare: actions of the tests above, and one more.
    await admin('POST', '/admin/sources', { id: 'lms-audit', kind: 'generic', name: 'Audited' });

    // Act
    const page = await admin('GET', '/admin/audit?entity=source');
    const cli = capture();
    const code = await runAuditCommand(['audit', 'verify', '--url', tessera.url, '--token', tessera.adminToken], cli.io, {});

    // Assess
    expect(page.status).toBe(200);
    expect(page.body.entries.map((e: { action: string; entityId: string }) => `${e.action} ${e.entityId}`)).toEqual(
      expect.arrayContaining(['source.created lms-a', 'source.rotated lms-a', 'source.created lms-audit']),
    );
    expect(page.body.entries.every((e: { entity: string }) => e.entity === 'source')).toBe(true);
    expect(page.body.entries[0]).toMatchObject({ actor: 'local-admin', roles: ['admin'], hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(code).toBe(0);
    expect(cli.text()).toMatch(/^✓ audit log intact: \d+ entries; head \d+:[0-9a-f]{64}\n$/);
  });

  it('is read by auditors, not by designers', async () => {
    const auditor = (await admin('POST', '/admin/users', { email: 'aud@example.edu', name: 'Aud', roles: ['auditor'] })).body.token;
    const designer = (await admin('POST', '/admin/users', { email: 'des@example.edu', name: 'Des', roles: ['designer'] })).body.token;
    expect((await call('GET', '/admin/audit', auditor)).status).toBe(200);
    expect((await call('GET', '/admin/audit', designer)).body).toMatchObject({ error: 'forbidden', roles: ['admin', 'auditor'] });
  });

  it('pages with `after` and `limit`, in order', async () => {
    const first = await admin('GET', '/admin/audit?limit=2');
    expect(first.body.entries.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    expect(first.body.next).toBe(2);
    const second = await admin('GET', `/admin/audit?limit=2&after=${first.body.next}`);
    expect(second.body.entries.map((e: { seq: number }) => e.seq)).toEqual([3, 4]);
    expect((await admin('GET', '/admin/audit?limit=0')).status).toBe(400);
  });

  it('reports the first entry edited in the table, and a head that no longer matches', async () => {
    // Prepare: the head as an operator would have kept it, then an edit behind Tessera's back.
    const before = capture();
    await runAuditCommand(['audit', 'verify', '--url', tessera.url, '--token', tessera.adminToken], before.io, {});
    const head = /head (\d+:[0-9a-f]{64})/.exec(before.text())![1]!;
    await table.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.auditEntry(2),
        UpdateExpression: 'SET #e.#s = :s',
        ExpressionAttributeNames: { '#e': 'entry', '#s': 'summary' },
        ExpressionAttributeValues: { ':s': 'nothing happened here' },
      }),
    );

    // Act
    const after = capture();
    const code = await runAuditCommand(['audit', 'verify', '--url', tessera.url, '--token', tessera.adminToken, '--head', head], after.io, {});

    // Assess
    expect(code).toBe(1);
    expect(after.text()).toBe("✗ audit log broken at seq 2: hash does not match the entry's content: entry 2 was changed\n");
  });
});
