// Status lists in the DynamoDB store, on DynamoDB Local: index allocation (atomic, never twice,
// the next list when one is full) and a credential's status change with its list's bits.
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, type CredentialRecord, type CredentialStatusChange } from '@tessera/core';
import { createDynamoDbStore, StatusListChangedError, type Store } from '@tessera/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

const change = (overrides: Partial<CredentialStatusChange> = {}): CredentialStatusChange => ({
  action: 'revoke',
  status: 'REVOKED',
  reason: 'awarded in error',
  by: 'local-admin',
  at: '2026-11-30T10:00:00Z',
  ...overrides,
});

async function storedCredential(store: Store, issuerId: string): Promise<CredentialRecord> {
  const { purpose, listNumber, index } = await store.statusLists.allocate(issuerId, 'revocation');
  const position = { purpose, listNumber, index };
  const id = randomUUID();
  const { record } = await store.credentials.putOnce(
    {
      id,
      submissionId: randomUUID(),
      issuerId,
      achievementId: 'teamwork',
      recipientHash: 'sha256$00',
      url: `https://badges.example/credentials/${id}.json`,
      issuedAt: '2026-11-30T09:00:00Z',
      credential: { id },
      status: 'ACTIVE',
      statusEntries: [position],
      statusHistory: [],
    },
    { earnerEmail: 'ada@example.org' },
  );
  return record;
}

describe('statusLists.allocate', () => {
  it('hands N parallel callers N distinct indexes, from 0 up', async () => {
    // Prepare
    const issuerId = `issuer-${randomUUID()}`;

    // Act
    const positions = await Promise.all(Array.from({ length: 40 }, () => table.store.statusLists.allocate(issuerId, 'revocation')));

    // Assess
    const indexes = positions.map((p) => p.index).sort((a, b) => a - b);
    expect(indexes).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(new Set(positions.map((p) => p.listNumber))).toEqual(new Set([1]));
  });

  it('keeps a counter per purpose', async () => {
    // Prepare
    const issuerId = `issuer-${randomUUID()}`;
    await table.store.statusLists.allocate(issuerId, 'revocation');

    // Act
    const suspension = await table.store.statusLists.allocate(issuerId, 'suspension');

    // Assess
    expect(suspension).toEqual({ purpose: 'suspension', listNumber: 1, index: 0, published: false });
  });

  it('starts list 2 when list 1 is full, and never hands out an index twice', async () => {
    // Prepare: lists of 4 entries
    const store = createDynamoDbStore({ client: table.client, tableName: table.tableName, statusListSize: 4 });
    const issuerId = `issuer-${randomUUID()}`;

    // Act
    const positions = await Promise.all(Array.from({ length: 10 }, () => store.statusLists.allocate(issuerId, 'revocation')));

    // Assess
    const taken = positions.map((p) => `${p.listNumber}:${p.index}`).sort();
    expect(taken).toEqual(['1:0', '1:1', '1:2', '1:3', '2:0', '2:1', '2:2', '2:3', '3:0', '3:1']);
  });

  it('hands a process that last saw a full list an index of the new one (processes remember the current list)', async () => {
    // Prepare: two processes (stores), lists of 4; the first takes index 0 and remembers list 1
    const first = createDynamoDbStore({ client: table.client, tableName: table.tableName, statusListSize: 4 });
    const second = createDynamoDbStore({ client: table.client, tableName: table.tableName, statusListSize: 4 });
    const issuerId = `issuer-${randomUUID()}`;
    await first.statusLists.allocate(issuerId, 'revocation');
    for (let i = 0; i < 4; i++) await second.statusLists.allocate(issuerId, 'revocation');

    // Act
    const position = await first.statusLists.allocate(issuerId, 'revocation');

    // Assess: list 1 is full (0 by the first, 1-3 by the second); list 2 had index 0 taken by the second
    expect(`${position.listNumber}:${position.index}`).toBe('2:1');
  });
});

describe('statusLists.allocate says whether the list as it stands was published', () => {
  it('not for a new list; yes once its version is marked published; not after its bits change again', async () => {
    // Prepare
    const issuerId = `issuer-${randomUUID()}`;

    // Act / Assess: a new list was never published
    const first = await table.store.statusLists.allocate(issuerId, 'revocation');
    expect(first.published).toBe(false);

    // its version 0 published: the next index needs no publication
    await table.store.statusLists.markPublished(issuerId, 'revocation', first.listNumber, 0);
    expect((await table.store.statusLists.allocate(issuerId, 'revocation')).published).toBe(true);

    // a revocation writes version 1, not yet published
    const record = await storedCredential(table.store, issuerId);
    const position = record.statusEntries![0]!;
    await table.store.credentials.changeStatus(record.id, {
      to: 'REVOKED',
      change: change(),
      list: { issuerId, purpose: 'revocation', listNumber: position.listNumber, version: 0, encodedList: 'uNEW' },
    });
    expect((await table.store.statusLists.allocate(issuerId, 'revocation')).published).toBe(false);
  });
});

describe('credentials.changeStatus', () => {
  it('moves the credential, records who/when/why, and writes the list at the next version', async () => {
    // Prepare
    const record = await storedCredential(table.store, `issuer-${randomUUID()}`);
    const position = record.statusEntries![0]!;

    // Act
    const changed = await table.store.credentials.changeStatus(record.id, {
      to: 'REVOKED',
      change: change(),
      list: { issuerId: record.issuerId, purpose: 'revocation', listNumber: position.listNumber, version: 0, encodedList: 'uNEW' },
    });

    // Assess
    expect(changed.status).toBe('REVOKED');
    expect(changed.statusHistory).toEqual([change()]);
    expect(changed.credential).toEqual(record.credential);
    expect(await table.store.statusLists.get(record.issuerId, 'revocation', position.listNumber)).toMatchObject({ encodedList: 'uNEW', version: 1 });
  });

  it('refuses a list that changed since it was read, and changes nothing', async () => {
    // Prepare: someone else wrote version 1 first
    const issuerId = `issuer-${randomUUID()}`;
    const [mine, theirs] = [await storedCredential(table.store, issuerId), await storedCredential(table.store, issuerId)];
    const list = (p: number) => ({ issuerId, purpose: 'revocation' as const, listNumber: 1, version: p, encodedList: `u${p}` });
    await table.store.credentials.changeStatus(theirs.id, { to: 'REVOKED', change: change(), list: list(0) });

    // Act
    const attempt = table.store.credentials.changeStatus(mine.id, { to: 'REVOKED', change: change(), list: list(0) });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(StatusListChangedError);
    expect((await table.store.credentials.get(mine.id))?.status).toBe('ACTIVE');
  });

  it('refuses a move the credential state machine does not allow with ConflictError (a revoked credential stays revoked)', async () => {
    // Prepare
    const record = await storedCredential(table.store, `issuer-${randomUUID()}`);
    const revocation = { issuerId: record.issuerId, purpose: 'revocation' as const, listNumber: 1, version: 0, encodedList: 'u' };
    await table.store.credentials.changeStatus(record.id, { to: 'REVOKED', change: change(), list: revocation });
    const list = { issuerId: record.issuerId, purpose: 'suspension' as const, listNumber: 1, version: 0, encodedList: 'u' };
    await table.store.statusLists.allocate(record.issuerId, 'suspension');

    // Act
    const attempt = table.store.credentials.changeStatus(record.id, { to: 'ACTIVE', change: change({ action: 'unsuspend', status: 'ACTIVE' }), list });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.not.toBeInstanceOf(StatusListChangedError);
    await expect(attempt).rejects.toThrow(`credential ${record.id} is REVOKED; it can become ACTIVE only from SUSPENDED`);
  });

  it('says NotFoundError for an unknown credential', async () => {
    // Prepare
    const issuerId = `issuer-${randomUUID()}`;
    await table.store.statusLists.allocate(issuerId, 'revocation');

    // Act
    const attempt = table.store.credentials.changeStatus('no-such-credential', {
      to: 'REVOKED',
      change: change(),
      list: { issuerId, purpose: 'revocation', listNumber: 1, version: 0, encodedList: 'u' },
    });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('status lists: what is published', () => {
  it('records the published version, and never moves it backwards', async () => {
    const issuerId = `issuer-${randomUUID()}`;
    await table.store.statusLists.allocate(issuerId, 'revocation');

    await table.store.statusLists.markPublished(issuerId, 'revocation', 1, 3);
    await table.store.statusLists.markPublished(issuerId, 'revocation', 1, 2);

    expect((await table.store.statusLists.get(issuerId, 'revocation', 1))?.publishedVersion).toBe(3);
  });

  it('does not create a list by marking one that does not exist', async () => {
    const issuerId = `issuer-${randomUUID()}`;

    await table.store.statusLists.markPublished(issuerId, 'revocation', 1, 1);

    expect(await table.store.statusLists.get(issuerId, 'revocation', 1)).toBeUndefined();
  });
});
