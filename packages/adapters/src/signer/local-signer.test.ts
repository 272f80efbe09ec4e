import { createPublicKey, verify } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { SignerError } from './errors.ts';
import { createLocalSigner, retireLocalKey } from './local-signer.ts';

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const freshKeyFile = () => join(mkdtempSync(join(tmpdir(), 'tessera-signer-')), 'keys', 'nested', 'issuer.pem');
const publicKeyObject = (raw: Uint8Array) => createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });

describe('createLocalSigner', () => {
  it('creates the key on first use as a PKCS8 PEM readable only by its owner', async () => {
    // Prepare
    const keyFile = freshKeyFile();

    // Act
    await createLocalSigner({ keyFile }).publicKey();

    // Assess
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('reuses the stored key in a later instance', async () => {
    // Prepare
    const keyFile = freshKeyFile();
    const first = createLocalSigner({ keyFile });
    const firstKey = await first.publicKey();

    // Act
    const second = createLocalSigner({ keyFile });

    // Assess
    expect(await second.publicKey()).toEqual(firstKey);
    expect(second.keyRef).toBe(first.keyRef);
    expect(second.keyRef).toMatch(/^local:[0-9a-f]{32}$/);
  });

  it('signs so that node crypto verifies the signature with the published public key', async () => {
    // Prepare
    const signer = createLocalSigner({ keyFile: freshKeyFile() });
    const message = new TextEncoder().encode('the 64 bytes of an eddsa-rdfc-2022 proof, or anything else');

    // Act
    const signature = await signer.sign(message);

    // Assess
    expect(signature).toHaveLength(64);
    expect(verify(null, message, publicKeyObject(await signer.publicKey()), signature)).toBe(true);
  });

  it('gives the RFC 8032 signature of the 1EdTech test vector for its key, as KMS ED25519_SHA_512 does', async () => {
    // Prepare: the test vector's published seed, stored where the signer looks.
    const vector = JSON.parse(readFileSync(new URL('../../../../test/fixtures/ob3/signed-eddsa-rdfc-2022-testvector.json', import.meta.url), 'utf8'));
    const keyFile = freshKeyFile();
    const der = Buffer.concat([PKCS8_PREFIX, Buffer.from(vector.keyPair.privateKeyHex.slice(0, 64), 'hex')]);
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`, { mode: 0o600 });
    const signer = createLocalSigner({ keyFile });

    // Act
    const signature = await signer.sign(Buffer.from(vector.dataToSignHex, 'hex'));

    // Assess
    expect(Buffer.from(signature).toString('hex')).toBe(vector.signatureHex);
  });

  it('signs a message of exactly 4096 bytes, the KMS RAW limit', async () => {
    // Prepare
    const signer = createLocalSigner({ keyFile: freshKeyFile() });

    // Act
    const signature = await signer.sign(new Uint8Array(4096));

    // Assess
    expect(signature).toHaveLength(64);
  });

  it('refuses a message longer than 4096 bytes, as KMS does', async () => {
    // Prepare
    const signer = createLocalSigner({ keyFile: freshKeyFile() });

    // Act
    const signing = signer.sign(new Uint8Array(4097));

    // Assess
    await expect(signing).rejects.toThrow(ValidationError);
  });

  it('refuses a key file that holds something other than an Ed25519 key', async () => {
    // Prepare
    const keyFile = freshKeyFile();
    await createLocalSigner({ keyFile }).publicKey();
    writeFileSync(keyFile, 'not a key');

    // Act
    const reading = createLocalSigner({ keyFile }).publicKey();

    // Assess
    await expect(reading).rejects.toThrow(SignerError);
  });
});

describe('retireLocalKey', () => {
  it('keeps the old key under retired/ and lets the next signer make a new one', async () => {
    // Prepare
    const keyFile = freshKeyFile();
    const oldKey = await createLocalSigner({ keyFile }).publicKey();

    // Act
    const retired = retireLocalKey(keyFile, new Date('2026-11-28T10:00:00.000Z'));
    const newKey = await createLocalSigner({ keyFile }).publicKey();

    // Assess
    expect(retired).toBe(join(dirname(keyFile), 'retired', '2026-11-28T10-00-00-000Z-issuer.pem'));
    expect(await createLocalSigner({ keyFile: retired }).publicKey()).toEqual(oldKey);
    expect(newKey).not.toEqual(oldKey);
  });

  it('fails with a SignerError when there is no key to retire', () => {
    expect(() => retireLocalKey(freshKeyFile(), new Date())).toThrow(SignerError);
  });
});
