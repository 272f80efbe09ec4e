// The issuer's key history on DynamoDB Local: what store.issuerKeys promises, and the did.json the
// issuer identity publishes from it (every key used; compromised ones out of assertionMethod).
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { IssuanceError, NotFoundError, loadConfig, type IssuerKey, type PublicObject, type Signer } from '@tessera/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIssuerKeyCache, markKeyCompromised, publishDidDocument, signingIdentity } from '@tessera/issuance';
import { createTestTable, type TestTable } from '../support/dynamodb.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

const aKey = (did: string, n: number, overrides: Partial<IssuerKey> = {}): IssuerKey => ({
  did,
  verificationMethod: `${did}#z6MkKey${n}`,
  publicKeyMultibase: `z6MkKey${n}`,
  keyRef: `arn:aws:kms:eu-west-1:111122223333:key/${n}`,
  firstUsedAt: `2026-0${n}-01T00:00:00.000Z`,
  ...overrides,
});

describe('store.issuerKeys', () => {
  it('lists every recorded key of a DID in order of first use', async () => {
    // Prepare
    const did = `did:web:${randomUUID()}.example`;
    await table.store.issuerKeys.record(aKey(did, 2));
    await table.store.issuerKeys.record(aKey(did, 1));
    await table.store.issuerKeys.record(aKey(`did:web:other-${randomUUID()}.example`, 3));

    // Act
    const keys = await table.store.issuerKeys.list(did);

    // Assess
    expect(keys).toEqual([aKey(did, 1), aKey(did, 2)]);
  });

  it('keeps the first record of a key when it is recorded again', async () => {
    // Prepare
    const did = `did:web:${randomUUID()}.example`;
    await table.store.issuerKeys.record(aKey(did, 1));

    // Act
    const again = await table.store.issuerKeys.record(aKey(did, 1, { firstUsedAt: '2027-01-01T00:00:00.000Z' }));

    // Assess
    expect(again).toEqual({ key: aKey(did, 1), created: false });
  });

  it('marks a key compromised once: the first date stays', async () => {
    // Prepare
    const did = `did:web:${randomUUID()}.example`;
    await table.store.issuerKeys.record(aKey(did, 1));
    await table.store.issuerKeys.markCompromised(did, 'z6MkKey1', '2026-05-01T00:00:00.000Z');

    // Act
    const marked = await table.store.issuerKeys.markCompromised(did, 'z6MkKey1', '2026-06-01T00:00:00.000Z');

    // Assess
    expect(marked).toEqual(aKey(did, 1, { compromisedAt: '2026-05-01T00:00:00.000Z' }));
  });

  it('refuses to mark a key it never recorded', async () => {
    await expect(table.store.issuerKeys.markCompromised(`did:web:${randomUUID()}.example`, 'z6MkNope', '2026-05-01T00:00:00.000Z')).rejects.toThrow(NotFoundError);
  });
});

/** A Signer over a fresh in-memory Ed25519 key (the local signer's semantics, no file). */
function memorySigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
  return { keyRef: `memory:${randomUUID()}`, publicKey: async () => raw, sign: async (m) => new Uint8Array(sign(null, m, privateKey)) };
}

function identityDeps(publicBaseUrl: string, signer: Signer, now = new Date('2026-01-01T00:00:00Z')) {
  const published: PublicObject[] = [];
  const config = loadConfig({
    TESSERA_TABLE_NAME: table.tableName,
    TESSERA_PUBLIC_BASE_URL: publicBaseUrl,
    TESSERA_ADMIN_EMAIL: 'admin@uni.example',
    TESSERA_MAIL_FROM: 'badges@uni.example',
    TESSERA_SIGNER: 'local',
    TESSERA_LOCAL_KEY_FILE: '/unused',
    TESSERA_MAILER: 'outbox',
    TESSERA_OUTBOX_FILE: '/unused',
    TESSERA_PUBLIC_SITE: 'folder',
    TESSERA_PUBLIC_DIR: '/unused',
    TESSERA_WORKFLOW: 'local',
  });
  const deps = {
    config,
    signer,
    store: table.store,
    clock: { now: () => now },
    publicSite: { publish: async (object: PublicObject) => void published.push(object) },
    issuerKeys: createIssuerKeyCache(),
  };
  const didJson = () => JSON.parse(String(published.at(-1)?.body)) as { verificationMethod: { id: string }[]; assertionMethod: string[] };
  return { deps, didJson };
}

describe('the issuer identity over the key history', () => {
  it('after a rotation, did.json lists the old and the new key for assertionMethod', async () => {
    // Prepare: the same origin signed first with key 1, then (a new process) with key 2.
    const origin = `https://${randomUUID()}.example`;
    const first = identityDeps(origin, memorySigner());
    const old = await signingIdentity(first.deps);
    const second = identityDeps(origin, memorySigner(), new Date('2026-02-01T00:00:00Z'));

    // Act
    const current = await publishDidDocument(second.deps);

    // Assess
    expect(second.didJson().verificationMethod.map((vm) => vm.id)).toEqual([old.verificationMethod, current.verificationMethod]);
    expect(second.didJson().assertionMethod).toEqual([old.verificationMethod, current.verificationMethod]);
  });

  it('a key marked compromised leaves assertionMethod, and signing with it is refused', async () => {
    // Prepare
    const origin = `https://${randomUUID()}.example`;
    const { deps, didJson } = identityDeps(origin, memorySigner());
    const identity = await signingIdentity(deps);

    // Act
    await markKeyCompromised(deps, identity.publicKeyMultibase);

    // Assess
    expect(didJson().verificationMethod.map((vm) => vm.id)).toEqual([identity.verificationMethod]);
    expect(didJson().assertionMethod).toEqual([]);
    await expect(signingIdentity(deps)).rejects.toThrow(IssuanceError);
  });
});
