import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SignerError } from './errors.ts';
import { createLocalRsaSigner } from './local-rsa-signer.ts';
import { createLocalSigner } from './local-signer.ts';

const freshKeyFile = () => join(mkdtempSync(join(tmpdir(), 'tessera-rsa-signer-')), 'keys', 'rsa-signing-key.pem');

describe('createLocalRsaSigner', () => {
  it('creates an RSA 2048 key on first use as a PKCS8 PEM readable only by its owner, and reuses it later', async () => {
    // Prepare
    const keyFile = freshKeyFile();

    // Act
    const first = await createLocalRsaSigner({ keyFile }).publicKey();
    const again = createLocalRsaSigner({ keyFile });

    // Assess
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = createPublicKey({ key: Buffer.from(first), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(await again.publicKey()).toEqual(first);
    expect(again.keyRef).toMatch(/^local:[0-9a-f]{32}$/);
  });

  it('signs RS256: PKCS#1 v1.5 over SHA-256 of the message, verifiable with the published key', async () => {
    // Prepare
    const signer = createLocalRsaSigner({ keyFile: freshKeyFile() });
    const message = new Uint8Array(10_000).fill(7);

    // Act
    const signature = await signer.sign(message);

    // Assess
    expect(signature).toHaveLength(256);
    const publicKey = createPublicKey({ key: Buffer.from(await signer.publicKey()), format: 'der', type: 'spki' });
    expect(verify('sha256', message, publicKey, signature)).toBe(true);
  });

  it('refuses a key file that holds an Ed25519 key', async () => {
    // Prepare
    const keyFile = freshKeyFile();
    await createLocalSigner({ keyFile }).publicKey();

    // Act
    const reading = createLocalRsaSigner({ keyFile }).publicKey();

    // Assess
    await expect(reading).rejects.toThrow(SignerError);
  });
});
