// The stacks repository and the earner index against real DynamoDB Local: lifecycle writes, their
// optimistic guards, the stacks-by-component access pattern and the credentials of an earner.
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, type CredentialRecord } from '@tessera/core';
import { earnerHash, type Stack } from '@tessera/catalogue';
import { keys, type StackEntry } from '@tessera/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

function aStack(overrides: Partial<Stack> = {}): Stack {
  return {
    id: `stack-${randomUUID()}`,
    name: 'Digital skills',
    description: 'Three micro-credentials in digital skills.',
    issuerId: 'uni',
    achievementIds: [`search-${randomUUID()}`, `evaluate-${randomUUID()}`, `create-${randomUUID()}`],
    requires: 'all',
    awards: 'digital-skills-certificate',
    ...overrides,
  };
}

function aDraft(definition: Stack, overrides: Partial<StackEntry> = {}): StackEntry {
  return {
    definition,
    status: 'draft',
    version: 1,
    createdBy: 'designer-1',
    createdAt: '2026-12-01T09:00:00Z',
    updatedBy: 'designer-1',
    updatedAt: '2026-12-01T09:00:00Z',
    ...overrides,
  };
}

const PUBLISHER = { by: 'qa-1', at: '2026-12-01T10:00:00Z' };

describe('stacks: lifecycle', () => {
  it('creates a draft that only the draft list and get show', async () => {
    // Prepare
    const stack = aStack();

    // Act
    const created = await table.store.stacks.createDraft(aDraft(stack));

    // Assess
    expect(created.revision).toBe(1);
    const state = await table.store.stacks.get(stack.id);
    expect(state?.current).toBeUndefined();
    expect(state?.draft?.definition).toStrictEqual(stack);
    expect(state?.revision).toBe(1);
    expect(await table.store.stacks.get(`no-such-${randomUUID()}`)).toBeUndefined();
    expect((await table.store.stacks.list('draft')).map((s) => s.definition.id)).toContain(stack.id);
    expect((await table.store.stacks.list('published')).map((s) => s.definition.id)).not.toContain(stack.id);
  });

  it('refuses a second stack with the same id', async () => {
    const stack = aStack();
    await table.store.stacks.createDraft(aDraft(stack));
    await expect(table.store.stacks.createDraft(aDraft(stack))).rejects.toBeInstanceOf(ConflictError);
  });

  it('publishes the draft: in force, snapshotted, listed as published, and found by each component', async () => {
    // Prepare
    const stack = aStack();
    const { revision } = await table.store.stacks.createDraft(aDraft(stack));

    // Act
    const published = await table.store.stacks.publish(stack.id, { revision, ...PUBLISHER });

    // Assess
    expect(published).toMatchObject({ status: 'published', version: 1, publishedBy: 'qa-1', updatedBy: 'designer-1' });
    const state = await table.store.stacks.get(stack.id);
    expect(state?.current).toStrictEqual(published);
    expect(state?.draft).toBeUndefined();
    expect((await table.store.stacks.list('draft')).map((s) => s.definition.id)).not.toContain(stack.id);
    expect((await table.store.stacks.list('published')).map((s) => s.definition.id)).toContain(stack.id);
    const snapshot = await table.client.send(new GetCommand({ TableName: table.tableName, Key: keys.stackVersion(stack.id, 1) }));
    expect(snapshot.Item?.definition).toStrictEqual(stack);
    for (const achievementId of stack.achievementIds) {
      expect(await table.store.stacks.publishedContaining(achievementId)).toStrictEqual([
        { stackId: stack.id, name: stack.name, issuerId: 'uni', achievementIds: stack.achievementIds, requires: 'all', awards: stack.awards, version: 1, status: 'published' },
      ]);
    }
  });

  it('refuses to publish a draft edited after it was read (the four-eyes check was on older content)', async () => {
    // Prepare
    const stack = aStack();
    const { revision } = await table.store.stacks.createDraft(aDraft(stack));
    await table.store.stacks.saveDraft(aDraft({ ...stack, name: 'Renamed' }, { updatedBy: 'qa-1' }), revision);

    // Act
    const attempt = table.store.stacks.publish(stack.id, { revision, ...PUBLISHER });

    // Assess
    await expect(attempt).rejects.toThrow(/changed meanwhile/);
    expect((await table.store.stacks.get(stack.id))!.current).toBeUndefined();
  });

  it('refuses a draft save from a stale read', async () => {
    const stack = aStack();
    const { revision } = await table.store.stacks.createDraft(aDraft(stack));
    await table.store.stacks.saveDraft(aDraft({ ...stack, name: 'First edit' }), revision);
    await expect(table.store.stacks.saveDraft(aDraft({ ...stack, name: 'Lost edit' }), revision)).rejects.toBeInstanceOf(ConflictError);
    expect((await table.store.stacks.get(stack.id))!.draft?.definition.name).toBe('First edit');
  });

  it('refuses to publish when there is no open draft, and names an unknown stack', async () => {
    const stack = aStack();
    const { revision } = await table.store.stacks.createDraft(aDraft(stack));
    await table.store.stacks.publish(stack.id, { revision, ...PUBLISHER });
    await expect(table.store.stacks.publish(stack.id, { revision: revision + 1, ...PUBLISHER })).rejects.toThrow(/no open draft/);
    await expect(table.store.stacks.publish('no-such-stack', { revision: 1, ...PUBLISHER })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps version 1 in force while version 2 is drafted, then withdraws a dropped component on publishing it', async () => {
    // Prepare
    const stack = aStack();
    const [kept1, kept2, dropped] = stack.achievementIds as [string, string, string];
    const added = `added-${randomUUID()}`;
    const first = await table.store.stacks.createDraft(aDraft(stack));
    await table.store.stacks.publish(stack.id, { revision: first.revision, ...PUBLISHER });
    const { revision } = (await table.store.stacks.get(stack.id))!;
    const second = await table.store.stacks.saveDraft(aDraft({ ...stack, achievementIds: [kept1, kept2, added] }, { version: 2, updatedBy: 'designer-2' }), revision);

    // Assess: while drafted, version 1 still counts
    const during = await table.store.stacks.get(stack.id);
    expect(during?.current?.version).toBe(1);
    expect(during?.draft?.version).toBe(2);
    expect(await table.store.stacks.publishedContaining(dropped)).toHaveLength(1);
    expect(await table.store.stacks.publishedContaining(added)).toHaveLength(0);

    // Act
    await table.store.stacks.publish(stack.id, { revision: second.revision, ...PUBLISHER });

    // Assess
    expect((await table.store.stacks.get(stack.id))!.current?.version).toBe(2);
    expect(await table.store.stacks.publishedContaining(dropped)).toHaveLength(0);
    expect((await table.store.stacks.publishedContaining(added)).map((r) => r.version)).toEqual([2]);
    expect((await table.store.stacks.publishedContaining(kept1)).map((r) => r.version)).toEqual([2]);
    const v1 = await table.client.send(new GetCommand({ TableName: table.tableName, Key: keys.stackVersion(stack.id, 1) }));
    expect(v1.Item?.definition.achievementIds).toEqual(stack.achievementIds);
  });

  it('retires a published stack: it stops counting toward awards and is listed as retired; twice is a conflict', async () => {
    // Prepare
    const stack = aStack();
    const draft = await table.store.stacks.createDraft(aDraft(stack));
    await table.store.stacks.publish(stack.id, { revision: draft.revision, ...PUBLISHER });

    // Act
    const retired = await table.store.stacks.retire(stack.id, { by: 'qa-2', at: '2026-12-02T10:00:00Z' });

    // Assess
    expect(retired).toMatchObject({ status: 'retired', retiredBy: 'qa-2', version: 1 });
    expect(await table.store.stacks.publishedContaining(stack.achievementIds[0]!)).toEqual([]);
    expect((await table.store.stacks.list('retired')).map((s) => s.definition.id)).toContain(stack.id);
    expect((await table.store.stacks.list('published')).map((s) => s.definition.id)).not.toContain(stack.id);
    await expect(table.store.stacks.retire(stack.id, { by: 'qa-2', at: '2026-12-02T10:00:00Z' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses to retire a stack never published', async () => {
    const stack = aStack();
    await table.store.stacks.createDraft(aDraft(stack));
    await expect(table.store.stacks.retire(stack.id, PUBLISHER)).rejects.toBeInstanceOf(NotFoundError);
  });
});

function aCredential(overrides: Partial<CredentialRecord> = {}): CredentialRecord {
  const id = randomUUID();
  return {
    id,
    submissionId: randomUUID(),
    issuerId: 'uni',
    achievementId: 'search',
    recipientHash: 'sha256$0a1b2c',
    url: `https://badges.example.org/credentials/${id}.json`,
    issuedAt: '2026-11-02T09:00:10Z',
    credential: { id },
    status: 'ACTIVE',
    ...overrides,
  };
}

describe('credentials of an earner', () => {
  it('lists every credential issued to an address, in any case, oldest first, with its current status', async () => {
    // Prepare
    const email = `ada-${randomUUID()}@example.org`;
    const later = aCredential({ achievementId: 'evaluate', issuedAt: '2026-11-03T09:00:00Z' });
    const earlier = aCredential({ achievementId: 'search', issuedAt: '2026-11-02T09:00:00Z', status: 'SUSPENDED' });
    await table.store.credentials.putOnce(later, { earnerEmail: email });
    await table.store.credentials.putOnce(earlier, { earnerEmail: email.toUpperCase() });
    await table.store.credentials.putOnce(aCredential(), { earnerEmail: `someone-else-${randomUUID()}@example.org` });

    // Act
    const listed = await table.store.credentials.listByEarner(` ${email.toUpperCase()} `);

    // Assess
    expect(listed).toStrictEqual([
      { credentialId: earlier.id, submissionId: earlier.submissionId, achievementId: 'search', issuedAt: earlier.issuedAt, credentialUrl: earlier.url, status: 'SUSPENDED' },
      { credentialId: later.id, submissionId: later.submissionId, achievementId: 'evaluate', issuedAt: later.issuedAt, credentialUrl: later.url, status: 'ACTIVE' },
    ]);
  });

  it('keys the index by the hash of the address, never the address', async () => {
    // Prepare
    const email = `grace-${randomUUID()}@example.org`;
    await table.store.credentials.putOnce(aCredential(), { earnerEmail: email });

    // Act
    const { Items = [] } = await table.client.send(
      new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `EARNER#${earnerHash(email)}` } }),
    );

    // Assess
    expect(Items).toHaveLength(1);
    expect(JSON.stringify(Items)).not.toContain(email);
  });

  it('indexes a credential once: a retried release for the same submission adds nothing', async () => {
    const email = `lin-${randomUUID()}@example.org`;
    const first = aCredential();
    await table.store.credentials.putOnce(first, { earnerEmail: email });
    await table.store.credentials.putOnce(aCredential({ submissionId: first.submissionId }), { earnerEmail: email });
    expect((await table.store.credentials.listByEarner(email)).map((c) => c.credentialId)).toEqual([first.id]);
  });

  it('shows a credential revoked later as REVOKED', async () => {
    // Prepare
    const email = `max-${randomUUID()}@example.org`;
    const issuerId = `uni-${randomUUID()}`;
    const position = await table.store.statusLists.allocate(issuerId, 'revocation');
    const record = aCredential({ issuerId, statusEntries: [position] });
    await table.store.credentials.putOnce(record, { earnerEmail: email });

    // Act
    await table.store.credentials.changeStatus(record.id, {
      to: 'REVOKED',
      change: { action: 'revoke', status: 'REVOKED', reason: 'awarded in error', by: 'registrar-1', at: '2026-12-01T10:00:00Z' },
      list: { issuerId, purpose: 'revocation', listNumber: position.listNumber, version: 0, encodedList: 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA' },
    });

    // Assess
    expect((await table.store.credentials.listByEarner(email)).map((c) => c.status)).toEqual(['REVOKED']);
  });
});
