// Signs with an AWS KMS ECC_NIST_EDWARDS25519 key (ED25519_SHA_512, RAW): the private key
// never leaves KMS. The public key is fetched once and cached for the process.
import { SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { Signer } from '@tessera/core';
import { ED25519_SPKI_PREFIX, SignerError, assertRawMessageSize } from './errors.ts';
import { kmsPublicKeyReader } from './kms-public-key.ts';

function rawEd25519FromSpki(spki: Uint8Array | undefined, keyId: string): Uint8Array {
  const der = Buffer.from(spki ?? []);
  const isEd25519 = der.length === ED25519_SPKI_PREFIX.length + 32 && der.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX);
  if (!isEd25519) throw new SignerError(`KMS key ${keyId} is not an Ed25519 (ECC_NIST_EDWARDS25519) key`);
  return new Uint8Array(der.subarray(ED25519_SPKI_PREFIX.length));
}

export function createKmsSigner({ client, keyId }: { client: KMSClient; keyId: string }): Signer {
  return {
    keyRef: keyId,
    publicKey: kmsPublicKeyReader(client, keyId, (spki) => rawEd25519FromSpki(spki, keyId)),
    async sign(message) {
      assertRawMessageSize(message);
      let signature: Uint8Array | undefined;
      try {
        ({ Signature: signature } = await client.send(new SignCommand({ KeyId: keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' })));
      } catch (cause) {
        throw new SignerError(`KMS key ${keyId} did not sign`, cause);
      }
      if (signature?.length !== 64) throw new SignerError(`KMS key ${keyId} returned no Ed25519 signature`);
      return signature;
    },
  };
}
