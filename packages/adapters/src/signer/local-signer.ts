// A local Ed25519 key with the byte semantics of KMS Sign (ED25519_SHA_512, RAW): the
// local runtime's stand-in for KMS. The key is made on first use and kept as PKCS8 PEM (0600).
import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Signer } from '@tessera/core';
import { ED25519_SPKI_PREFIX, SignerError, assertRawMessageSize } from './errors.ts';
import { loadOrCreateKey, localKeyRef } from './local-key-file.ts';

type LocalKey = { privateKey: KeyObject; publicKey: Uint8Array; keyRef: string };

function loadOrCreate(keyFile: string): LocalKey {
  const privateKey = loadOrCreateKey(keyFile, 'ed25519');
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = new Uint8Array(spki.subarray(ED25519_SPKI_PREFIX.length));
  return { privateKey, publicKey, keyRef: localKeyRef(publicKey) };
}

/** Local key rotation: moves the key file to `retired/` beside it (kept, never deleted), so the next
 *  start makes a new key. The retired key's public half stays in did.json through the store. */
export function retireLocalKey(keyFile: string, at: Date): string {
  const retiredDir = join(dirname(keyFile), 'retired');
  mkdirSync(retiredDir, { recursive: true, mode: 0o700 });
  const retired = join(retiredDir, `${at.toISOString().replace(/[:.]/g, '-')}-${basename(keyFile)}`);
  try {
    renameSync(keyFile, retired);
  } catch (cause) {
    throw new SignerError(`cannot retire the signing key ${keyFile}`, cause);
  }
  return retired;
}

export function createLocalSigner({ keyFile }: { keyFile: string }): Signer {
  let key: LocalKey | undefined;
  // Nothing touches the disk until the key is first needed (keyRef included).
  const current = () => (key ??= loadOrCreate(keyFile));
  return {
    get keyRef() {
      return current().keyRef;
    },
    async publicKey() {
      return current().publicKey.slice();
    },
    async sign(message) {
      assertRawMessageSize(message);
      // Ed25519 takes no digest argument: this is plain RFC 8032 over the bytes, as KMS ED25519_SHA_512 is.
      return new Uint8Array(sign(null, message, current().privateKey));
    },
  };
}
