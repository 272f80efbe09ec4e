// Signs with an AWS KMS ECC_NIST_EDWARDS25519 key (ED25519_SHA_512, RAW): the private key
// never leaves KMS. The public key is fetched once and cached for the process.
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { Signer } from '@tessera/core';
import { ED25519_SPKI_PREFIX, SignerError, assertRawMessageSize } from './errors.ts';

function rawEd25519FromSpki(spki: Uint8Array | undefined, keyId: string): Uint8Array {
  const der = Buffer.from(spki ?? []);
  const isEd25519 = der.length === ED25519_SPKI_PREFIX.length + 32 && der.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX);
  if (!isEd25519) throw new SignerError(`KMS key ${keyId} is not an Ed25519 (ECC_NIST_EDWARDS25519) key`);
  return new Uint8Array(der.subarray(ED25519_SPKI_PREFIX.length));
}

export function createKmsSigner({ client, keyId }: { client: KMSClient; keyId: string }): Signer {
  let publicKey: Promise<Uint8Array> | undefined;

  async function fetchPublicKey(): Promise<Uint8Array> {
    let spki: Uint8Array | undefined;
    try {
      ({ PublicKey: spki } = await client.send(new GetPublicKeyCommand({ KeyId: keyId })));
    } catch (cause) {
      throw new SignerError(`cannot read the public key of KMS key ${keyId}`, cause);
    }
    return rawEd25519FromSpki(spki, keyId);
  }

  return {
    keyRef: keyId,
    async publicKey() {
      // A failed fetch is not cached: the next call asks KMS again.
      publicKey ??= fetchPublicKey().catch((error: unknown) => {
        publicKey = undefined;
        throw error;
      });
      return (await publicKey).slice();
    },
    async sign(message) {
      assertRawMessageSize(message);
      let signature: Uint8Array | undefined;
      try {
        ({ Signature: signature } = await client.send(
          new SignCommand({ KeyId: keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' }),
        ));
      } catch (cause) {
        throw new SignerError(`KMS key ${keyId} did not sign`, cause);
      }
      if (signature?.length !== 64) throw new SignerError(`KMS key ${keyId} returned no Ed25519 signature`);
      return signature;
    },
  };
}
