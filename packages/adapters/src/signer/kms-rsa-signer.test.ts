import { createHash, generateKeyPairSync, privateEncrypt, sign, verify } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand, type SignCommandInput } from '@aws-sdk/client-kms';
import { Achievement } from '@tessera/core';
import {
  buildOpenBadgeCredential,
  didDocument,
  didWebFromOrigin,
  multikeyFromRsaPublicKey,
  rsaJwkThumbprint,
  rsaPublicJwkFromMultikey,
  signCredentialJwt,
  verifyCredential,
} from '@tessera/credentials';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SignerError } from './errors.ts';
import { createKmsRsaSigner } from './kms-rsa-signer.ts';

const KEY_ID = 'arn:aws:kms:eu-west-1:111122223333:key/rsa-0000-1111-2222-333344445555';
const kms = mockClient(KMSClient);
/** DER DigestInfo prefix of SHA-256 (RFC 8017 §9.2): what KMS wraps a DIGEST in before PKCS#1 v1.5 padding. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** A KMS stand-in backed by a real RSA 2048 key that signs a DIGEST the way KMS does: PKCS#1 v1.5
 *  over DigestInfo || digest, computed here with the raw RSA private operation, not with node's sign(). */
function kmsWithRealRsaKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  kms.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ID, KeySpec: 'RSA_2048', PublicKey: spki });
  kms.on(SignCommand).callsFake((input: SignCommandInput) => ({
    KeyId: KEY_ID,
    Signature: new Uint8Array(privateEncrypt(privateKey, Buffer.concat([SHA256_DIGEST_INFO, input.Message as Uint8Array]))),
    SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
  }));
  return { privateKey, publicKey, spki };
}

describe('createKmsRsaSigner', () => {
  beforeEach(() => kms.reset());

  it('signs the SHA-256 digest through KMS (DIGEST, RSASSA_PKCS1_V1_5_SHA_256): an RS256 signature of the message', async () => {
    // Prepare
    const { privateKey, publicKey } = kmsWithRealRsaKey();
    const signer = createKmsRsaSigner({ client: new KMSClient({}), keyId: KEY_ID });
    const message = new TextEncoder().encode('eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJkaWQ6d2ViOngifQ');

    // Act
    const signature = await signer.sign(message);

    // Assess
    const calls = kms.commandCalls(SignCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      KeyId: KEY_ID,
      Message: new Uint8Array(createHash('sha256').update(message).digest()),
      MessageType: 'DIGEST',
      SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    });
    expect(verify('sha256', message, publicKey, signature)).toBe(true);
    // PKCS#1 v1.5 is deterministic: the same bytes node's RS256 gives over the whole message.
    expect(Buffer.from(signature)).toEqual(sign('sha256', message, privateKey));
  });

  it('signs a message far beyond the 4096-byte RAW limit, sending KMS only its 32-byte digest', async () => {
    // Prepare
    const { publicKey } = kmsWithRealRsaKey();
    const signer = createKmsRsaSigner({ client: new KMSClient({}), keyId: KEY_ID });
    const message = new Uint8Array(20_000).fill(65);

    // Act
    const signature = await signer.sign(message);

    // Assess
    expect((kms.commandCalls(SignCommand)[0]?.args[0].input.Message as Uint8Array).length).toBe(32);
    expect(verify('sha256', message, publicKey, signature)).toBe(true);
  });

  it('returns the SPKI from KMS GetPublicKey and asks KMS only once', async () => {
    // Prepare
    const { spki } = kmsWithRealRsaKey();
    const signer = createKmsRsaSigner({ client: new KMSClient({}), keyId: KEY_ID });

    // Act
    const first = await signer.publicKey();
    const second = await signer.publicKey();

    // Assess
    expect(first).toEqual(spki);
    expect(second).toEqual(spki);
    expect(kms.commandCalls(GetPublicKeyCommand).map((c) => c.args[0].input)).toEqual([{ KeyId: KEY_ID }]);
  });

  it('refuses a KMS key that is not RSA', async () => {
    // Prepare
    const ed = generateKeyPairSync('ed25519').publicKey;
    kms.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ID, PublicKey: new Uint8Array(ed.export({ format: 'der', type: 'spki' })) });
    const signer = createKmsRsaSigner({ client: new KMSClient({}), keyId: KEY_ID });

    // Act
    const reading = signer.publicKey();

    // Assess
    await expect(reading).rejects.toThrow(SignerError);
  });

  it('fails with a SignerError, cause kept, when KMS refuses to sign', async () => {
    // Prepare
    kms.on(SignCommand).rejects(new Error('AccessDeniedException'));
    const signer = createKmsRsaSigner({ client: new KMSClient({}), keyId: KEY_ID });

    // Act
    const failure = await signer.sign(new Uint8Array(8)).catch((e: unknown) => e);

    // Assess
    expect(failure).toBeInstanceOf(SignerError);
    expect((failure as Error).cause).toEqual(new Error('AccessDeniedException'));
  });

  it('signs a VC-JWT that verifies against the DID document built from the KMS public key', async () => {
    // Prepare
    kmsWithRealRsaKey();
    const signer = createKmsRsaSigner({ client: new KMSClient({}), keyId: KEY_ID });
    const did = didWebFromOrigin('https://badges.uni.edu');
    const publicKeyMultibase = multikeyFromRsaPublicKey(await signer.publicKey());
    const publicKeyJwk = rsaPublicJwkFromMultikey(publicKeyMultibase)!;
    const kid = `${did}#${await rsaJwkThumbprint(publicKeyJwk)}`;
    const credential = buildOpenBadgeCredential({
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
    const document = didDocument({ did, keys: [{ id: kid, publicKeyMultibase, publicKeyJwk }] });

    // Act
    const jwt = await signCredentialJwt(credential, { signer, kid });
    const result = await verifyCredential(jwt, { now: new Date('2026-06-01T00:00:00Z'), resolveDocument: async () => document });

    // Assess
    expect(result.verified).toBe(true);
    expect(kms.commandCalls(SignCommand)).toHaveLength(1);
  });
});
