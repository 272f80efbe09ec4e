import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand, type SignCommandInput } from '@aws-sdk/client-kms';
import { Achievement, ValidationError } from '@tessera/core';
import { buildOpenBadgeCredential, didDocument, didWebFromOrigin, multikeyFromEd25519PublicKey, signCredential, verifyCredential } from '@tessera/credentials';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SignerError } from './errors.ts';
import { createKmsSigner } from './kms-signer.ts';

const KEY_ID = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const kms = mockClient(KMSClient);

/** A KMS stand-in backed by a real Ed25519 key, so signatures it returns really verify. */
function kmsWithRealKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  kms.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ID, KeySpec: 'ECC_NIST_EDWARDS25519', PublicKey: spki });
  kms.on(SignCommand).callsFake((input: SignCommandInput) => ({
    KeyId: KEY_ID,
    Signature: new Uint8Array(sign(null, input.Message as Uint8Array, privateKey)),
    SigningAlgorithm: 'ED25519_SHA_512',
  }));
  return { publicKey, raw: spki.slice(-32) };
}

describe('createKmsSigner', () => {
  beforeEach(() => kms.reset());

  it('returns the raw 32-byte key from KMS GetPublicKey and asks KMS only once', async () => {
    // Prepare
    const { raw } = kmsWithRealKey();
    const signer = createKmsSigner({ client: new KMSClient({}), keyId: KEY_ID });

    // Act
    const first = await signer.publicKey();
    const second = await signer.publicKey();

    // Assess
    expect(first).toEqual(raw);
    expect(second).toEqual(raw);
    const calls = kms.commandCalls(GetPublicKeyCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ KeyId: KEY_ID });
  });

  it('signs through KMS Sign with RAW ED25519_SHA_512 and returns a signature that verifies', async () => {
    // Prepare
    const { publicKey } = kmsWithRealKey();
    const signer = createKmsSigner({ client: new KMSClient({}), keyId: KEY_ID });
    const message = new Uint8Array(64).fill(7);

    // Act
    const signature = await signer.sign(message);

    // Assess
    const calls = kms.commandCalls(SignCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ KeyId: KEY_ID, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' });
    expect(verify(null, message, publicKey, signature)).toBe(true);
  });

  it('names the key as its keyRef', () => {
    expect(createKmsSigner({ client: new KMSClient({}), keyId: KEY_ID }).keyRef).toBe(KEY_ID);
  });

  it('refuses a KMS key that is not Ed25519', async () => {
    // Prepare
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    kms.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ID, PublicKey: new Uint8Array(p256.export({ format: 'der', type: 'spki' })) });
    const signer = createKmsSigner({ client: new KMSClient({}), keyId: KEY_ID });

    // Act
    const reading = signer.publicKey();

    // Assess
    await expect(reading).rejects.toThrow(SignerError);
  });

  it('asks KMS again after a failed GetPublicKey instead of caching the failure', async () => {
    // Prepare
    const { raw } = kmsWithRealKey();
    kms
      .on(GetPublicKeyCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ KeyId: KEY_ID, PublicKey: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]) });
    const signer = createKmsSigner({ client: new KMSClient({}), keyId: KEY_ID });
    const failure = await signer.publicKey().catch((e: unknown) => e);

    // Act
    const key = await signer.publicKey();

    // Assess
    expect(failure).toBeInstanceOf(SignerError);
    expect((failure as Error).cause).toEqual(new Error('throttled'));
    expect(key).toEqual(raw);
  });

  it('refuses a message longer than 4096 bytes without calling KMS', async () => {
    // Prepare
    kmsWithRealKey();
    const signer = createKmsSigner({ client: new KMSClient({}), keyId: KEY_ID });

    // Act
    const signing = signer.sign(new Uint8Array(4097));

    // Assess
    await expect(signing).rejects.toThrow(ValidationError);
    expect(kms.commandCalls(SignCommand)).toHaveLength(0);
  });

  it('signs a credential that verifies against the DID document built from the KMS public key', async () => {
    // Prepare
    kmsWithRealKey();
    const signer = createKmsSigner({ client: new KMSClient({}), keyId: KEY_ID });
    const did = didWebFromOrigin('https://badges.uni.edu');
    const publicKeyMultibase = multikeyFromEd25519PublicKey(await signer.publicKey());
    const verificationMethod = `${did}#${publicKeyMultibase}`;
    const unsigned = buildOpenBadgeCredential({
      credentialUrl: 'https://badges.uni.edu/credentials/c-1.json',
      issuer: { did, name: 'Uni', url: 'https://uni.edu' },
      achievement: Achievement.parse({
        id: 'teamwork',
        issuerId: 'uni',
        name: 'Teamwork',
        description: 'Collaborates within a group environment.',
        criteria: { narrative: 'Nominated by peers.' },
        qaPolicy: 'auto',
      }),
      achievementUrl: 'https://badges.uni.edu/achievements/teamwork',
      recipient: { email: 'ada@example.org', name: 'Ada' },
      salt: 'salt',
      evidence: [],
      issuedAt: new Date('2026-01-01T00:00:00Z'),
    });
    const document = didDocument({ did, keys: [{ id: verificationMethod, publicKeyMultibase }] });

    // Act
    const signed = await signCredential(unsigned, { signer, verificationMethod });
    const result = await verifyCredential(signed, { now: new Date('2026-06-01T00:00:00Z'), resolveDocument: async () => document });

    // Assess
    expect(result.verified).toBe(true);
    expect(kms.commandCalls(SignCommand)).toHaveLength(1);
  });
});
