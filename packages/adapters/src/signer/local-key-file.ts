// The local signers' key files: a private key made on first use and kept as PKCS8 PEM (0600) under
// the data folder, read back on later starts. One place for both key types (Ed25519 and RSA).
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignerError } from './errors.ts';

export type LocalKeyType = 'ed25519' | 'rsa';

const KEY_NAMES: Record<LocalKeyType, string> = { ed25519: 'an Ed25519 key', rsa: 'an RSA key' };

function readKey(keyFile: string, type: LocalKeyType): KeyObject {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(keyFile));
  } catch (cause) {
    throw new SignerError(`cannot read the signing key in ${keyFile}`, cause);
  }
  if (privateKey.asymmetricKeyType !== type) {
    throw new SignerError(`${keyFile} holds a ${privateKey.asymmetricKeyType ?? 'non-asymmetric'} key, not ${KEY_NAMES[type]}`);
  }
  return privateKey;
}

/** Creates the key file unless another process (or an earlier run) already did. */
function createKeyFile(keyFile: string, type: LocalKeyType): void {
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  // RSA 2048: the size of the KMS RSA_2048 key it stands in for.
  const { privateKey } = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  try {
    writeFileSync(keyFile, pem, { mode: 0o600, flag: 'wx' });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new SignerError(`cannot write a new signing key to ${keyFile}`, cause);
  }
}

export function loadOrCreateKey(keyFile: string, type: LocalKeyType): KeyObject {
  try {
    return readKey(keyFile, type);
  } catch (error) {
    const missing = error instanceof SignerError && (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    if (!missing) throw error;
  }
  createKeyFile(keyFile, type);
  return readKey(keyFile, type);
}

/** A local key's stable name: a fingerprint of its public key bytes, never the key itself. */
export function localKeyRef(publicKey: Uint8Array): string {
  return `local:${createHash('sha256').update(publicKey).digest('hex').slice(0, 32)}`;
}
