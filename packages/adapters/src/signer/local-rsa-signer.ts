// A local RSA 2048 key that signs as KMS Sign does with RSASSA_PKCS1_V1_5_SHA_256 (RS256): the local
// runtime's stand-in for the KMS RSA_2048 key behind VC-JWTs. Made on first use under the data folder.
import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { RsaSigner } from '@tessera/core';
import { loadOrCreateKey, localKeyRef } from './local-key-file.ts';

type LocalRsaKey = { privateKey: KeyObject; publicKey: Uint8Array; keyRef: string };

function loadOrCreate(keyFile: string): LocalRsaKey {
  const privateKey = loadOrCreateKey(keyFile, 'rsa');
  const publicKey = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
  return { privateKey, publicKey, keyRef: localKeyRef(publicKey) };
}

export function createLocalRsaSigner({ keyFile }: { keyFile: string }): RsaSigner {
  let key: LocalRsaKey | undefined;
  // Nothing touches the disk until the key is first needed: deployments without VC-JWT never make one.
  const current = () => (key ??= loadOrCreate(keyFile));
  return {
    get keyRef() {
      return current().keyRef;
    },
    async publicKey() {
      return current().publicKey.slice();
    },
    async sign(message) {
      // node's default padding for an RSA key is PKCS#1 v1.5: with SHA-256 that is RS256.
      return new Uint8Array(sign('sha256', message, current().privateKey));
    },
  };
}
