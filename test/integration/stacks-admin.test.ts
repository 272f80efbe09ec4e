// Stacks and earners in the admin API over the real local stack (HTTP, DynamoDB Local): who may do
// what, four eyes, the draft → published → next draft → retired lifecycle, the 4xx answers that
// store nothing, the audit entries, and the earner look-up.
import { randomUUID } from 'node:crypto';
import type { Achievement } from '@tessera/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAchievement } from '../../packages/local/src/seed.ts';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

let tessera: TestTessera;
const tokens: Record<string, string> = {};
const run = randomUUID().slice(0, 8);
const achievement = (name: string): Partial<Achievement> => ({ id: `${name}-${run}`, name: `${name} basics`, qaPolicy: 'auto' });
const [search, evaluate, certificate] = [achievement('search'), achievement('evaluate'), achievement('certificate')];

beforeAll(async () => {
  tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' } });
  for (const a of [search, evaluate, certificate]) await tessera.dependencies.store.achievements.put(demoAchievement(a));
  for (const role of ['designer', 'qa-manager', 'registrar', 'auditor'] as const) {
    const created = await call('POST', '/admin/users', tessera.adminToken, { email: `${role}-${run}@example.edu`, name: role, roles: [role] });
    expect(created.status).toBe(201);
    tokens[role] = created.body.token as string;
  }
  const second = await call('POST', '/admin/users', tessera.adminToken, { email: `qa2-${run}@example.edu`, name: 'second qa', roles: ['qa-manager'] });
  tokens['qa-manager-2'] = second.body.token as string;
}, 120_000);
afterAll(() => tessera?.close());

async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const response = await fetch(`${tessera.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // The bodies are whatever the API answers, asserted field by field: typing them would assert nothing more.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
const as = (role: string) => (method: string, path: string, body?: unknown) => call(method, path, role === 'admin' ? tessera.adminToken : tokens[role], body);

function aStack(overrides: Record<string, unknown> = {}) {
  return {
    id: `stack-${randomUUID().slice(0, 8)}`,
    name: 'Digital skills',
    description: 'Both components earn the certificate.',
    issuerId: 'demo-university',
    achievementIds: [search.id, evaluate.id],
    requires: 'all',
    awards: certificate.id,
    ...overrides,
  };
}

describe('who may do what', () => {
  it('lets a designer draft, every role read, and refuses the rest with the roles that would do', async () => {
    // Prepare
    const stack = aStack();

    // Act + Assess
    expect((await call('POST', '/admin/stacks', undefined, stack)).status).toBe(401);
    const refused = await as('auditor')('POST', '/admin/stacks', stack);
    expect(refused).toEqual({ status: 403, body: expect.objectContaining({ error: 'forbidden', roles: ['admin', 'designer'] }) });
    expect((await as('designer')('POST', '/admin/stacks', stack)).status).toBe(201);
    for (const role of ['designer', 'qa-manager', 'registrar', 'auditor', 'admin']) expect((await as(role)('GET', `/admin/stacks/${stack.id}`)).status).toBe(200);
    expect((await as('designer')('POST', `/admin/stacks/${stack.id}/publish`)).body.roles).toEqual(['admin', 'qa-manager']);
    expect((await as('registrar')('POST', `/admin/stacks/${stack.id}/retire`)).status).toBe(403);
  });

  it('four eyes: the last editor cannot publish, even as admin; another qa-manager can', async () => {
    // Prepare
    const stack = aStack();
    await as('admin')('POST', '/admin/stacks', stack);

    // Act
    const own = await as('admin')('POST', `/admin/stacks/${stack.id}/publish`);
    const other = await as('qa-manager')('POST', `/admin/stacks/${stack.id}/publish`);

    // Assess
    expect(own.status).toBe(403);
    expect(own.body.message).toMatch(/four eyes/);
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ id: stack.id, status: 'published', version: 1, updatedBy: 'local-admin', publishedBy: expect.any(String) });
  });
});

describe('bad requests store nothing', () => {
  it.each([
    ['one component', { achievementIds: ['only-one'] }, 'achievementIds'],
    ['a component listed twice', { achievementIds: ['a', 'a'] }, 'achievementIds.1'],
    ['an impossible atLeast', { requires: { atLeast: 3 } }, 'requires.atLeast'],
    ['the award among the components', { awards: 'a', achievementIds: ['a', 'b'] }, 'awards'],
    ['an unknown field', { colour: 'red' }, '(root)'],
  ])('400 for %s, naming the field', async (_what, overrides, path) => {
    const stack = aStack(overrides);
    const response = await as('designer')('POST', '/admin/stacks', stack);
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await as('designer')('GET', `/admin/stacks/${stack.id}`)).status).toBe(404);
  });

  it('422 for an unknown issuer, 409 for an id already used', async () => {
    const stranger = aStack({ issuerId: 'no-such-issuer' });
    expect((await as('designer')('POST', '/admin/stacks', stranger)).status).toBe(422);
    expect((await as('designer')('GET', `/admin/stacks/${stranger.id}`)).status).toBe(404);
    const stack = aStack();
    expect((await as('designer')('POST', '/admin/stacks', stack)).status).toBe(201);
    expect((await as('designer')('POST', '/admin/stacks', { ...stack, name: 'Again' })).status).toBe(409);
    expect((await as('designer')('GET', `/admin/stacks/${stack.id}`)).body.name).toBe('Digital skills');
  });

  it('422 naming each component and award that is not a published achievement; the draft stays a draft', async () => {
    // Prepare
    const stack = aStack({ achievementIds: [search.id, 'no-such-achievement'], awards: 'no-such-award' });
    await as('designer')('POST', '/admin/stacks', stack);

    // Act
    const response = await as('qa-manager')('POST', `/admin/stacks/${stack.id}/publish`);

    // Assess
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual([
      { path: 'achievementIds.1', message: 'no-such-achievement is not a published achievement' },
      { path: 'awards', message: 'no-such-award is not a published achievement' },
    ]);
    expect((await as('qa-manager')('GET', `/admin/stacks/${stack.id}`)).body.status).toBe('draft');
  });

  it('400 for an edit that changes the id or breaks the stack', async () => {
    const stack = aStack();
    await as('designer')('POST', '/admin/stacks', stack);
    expect((await as('designer')('PATCH', `/admin/stacks/${stack.id}`, { id: 'other' })).status).toBe(400);
    const broken = await as('designer')('PATCH', `/admin/stacks/${stack.id}`, { requires: { atLeast: 5 } });
    expect(broken.status).toBe(400);
    expect(broken.body.details.map((d: { path: string }) => d.path)).toEqual(['requires.atLeast']);
    expect((await as('designer')('PATCH', '/admin/stacks/no-such-stack', { name: 'x' })).status).toBe(404);
  });
});

describe('lifecycle', () => {
  it('draft → published → next version drafted beside it → published → retired, each audited', async () => {
    // Prepare
    const stack = aStack();
    expect((await as('designer')('POST', '/admin/stacks', stack)).body).toMatchObject({ status: 'draft', version: 1 });
    expect((await as('qa-manager')('POST', `/admin/stacks/${stack.id}/publish`)).status).toBe(200);

    // Act: edit the published stack
    const edited = await as('designer')('PATCH', `/admin/stacks/${stack.id}`, { requires: { atLeast: 1 }, name: 'Digital skills (any one)' });

    // Assess: version 1 is still in force, version 2 is its draft
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'published', version: 1, requires: 'all', draft: { status: 'draft', version: 2, requires: { atLeast: 1 } } });
    const drafts = (await as('auditor')('GET', '/admin/stacks?status=draft')).body.stacks.filter((s: { id: string }) => s.id === stack.id);
    expect(drafts.map((s: { version: number }) => s.version)).toEqual([2]);
    const published = (await as('auditor')('GET', '/admin/stacks?status=published')).body.stacks.filter((s: { id: string }) => s.id === stack.id);
    expect(published.map((s: { version: number }) => s.version)).toEqual([1]);

    // Act + Assess: the designer edited it, so the qa-manager may publish version 2
    const second = await as('qa-manager-2')('POST', `/admin/stacks/${stack.id}/publish`);
    expect(second.body).toMatchObject({ status: 'published', version: 2, requires: { atLeast: 1 } });
    expect((await as('auditor')('GET', `/admin/stacks/${stack.id}`)).body.draft).toBeUndefined();
    expect((await as('qa-manager')('POST', `/admin/stacks/${stack.id}/publish`)).status).toBe(409);

    // Act + Assess: retire
    const retired = await as('qa-manager')('POST', `/admin/stacks/${stack.id}/retire`);
    expect(retired.body).toMatchObject({ status: 'retired', version: 2 });
    expect((await as('qa-manager')('POST', `/admin/stacks/${stack.id}/retire`)).status).toBe(409);
    const listed = (await as('auditor')('GET', '/admin/stacks?status=retired')).body.stacks.map((s: { id: string }) => s.id);
    expect(listed).toContain(stack.id);
    expect((await as('auditor')('GET', '/admin/stacks?status=gone')).status).toBe(400);

    // Assess: the audit log has each change, in order
    const audit = await as('auditor')('GET', '/admin/audit?entity=stack');
    const actions = audit.body.entries.filter((e: { entityId: string }) => e.entityId === stack.id).map((e: { action: string }) => e.action);
    expect(actions).toEqual(['stack.created', 'stack.published', 'stack.edited', 'stack.published', 'stack.retired']);
  });
});

describe('earners', () => {
  it('lists an earner’s credentials and stack progress to registrar, auditor and admin only', async () => {
    // Prepare
    const stack = aStack();
    await as('designer')('POST', '/admin/stacks', stack);
    await as('qa-manager')('POST', `/admin/stacks/${stack.id}/publish`);
    const email = `ada-${randomUUID()}@example.org`;
    const response = await tessera.postAward(awardRequest({ achievementId: search.id, recipient: { email, name: 'Ada' } }));
    const { submissionId } = (await response.json()) as { submissionId: string };
    const issued = await tessera.waitForStatus(submissionId, ['ISSUED', 'FAILED']);

    // Act
    const listed = await as('registrar')('GET', `/admin/earners/${encodeURIComponent(email.toUpperCase())}/credentials`);

    // Assess
    expect(listed.status).toBe(200);
    expect(listed.body.credentials).toEqual([
      { credentialId: issued.credentialId, achievementId: search.id, status: 'ACTIVE', issuedAt: expect.any(String), credentialUrl: issued.credentialUrl },
    ]);
    expect(listed.body.progress).toContainEqual(expect.objectContaining({ stackId: stack.id, held: 1, required: 2, complete: false }));
    expect((await as('auditor')('GET', `/admin/earners/${email}/credentials`)).status).toBe(200);
    expect((await as('designer')('GET', `/admin/earners/${email}/credentials`)).body.roles).toEqual(['admin', 'registrar', 'auditor']);
    expect((await as('registrar')('GET', '/admin/earners/not-an-address/credentials')).status).toBe(400);
  });
});
