// Signs VC-JWTs (RS256) with an AWS KMS RSA_2048 key: `Sign` with RSASSA_PKCS1_V1_5_SHA_256. We hash
// here and send MessageType DIGEST: RAW is capped at 4096 bytes, and the JWS signing input (the whole
// credential, base64url) of a badge with criteria, alignments and evidence grows past that; a digest
// is always 32 bytes, and KMS applies the same PKCS#1 v1.5 padding to it, so the signature is the same.
import { createHash, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { RsaSigner } from '@tessera/core';
import { SignerError } from './errors.ts';

/** RSA_2048: RS256 signatures are as long as the modulus. */
const RSA_2048_SIGNATURE_BYTES = 256;

function rsaSpki(spki: Uint8Array | undefined, keyId: string): Uint8Array {
  let isRsa = false;
  try {
    isRsa = createPublicKey({ key: Buffer.from(spki ?? []), format: 'der', type: 'spki' }).asymmetricKeyType === 'rsa';
  } catch {
    // Not a DER public key at all: refused below like any other non-RSA key.
  }
  if (!isRsa || !spki) throw new SignerError(`KMS key ${keyId} is not an RSA (RSA_2048) key`);
  return new Uint8Array(spki);
}

export function createKmsRsaSigner({ client, keyId }: { client: KMSClient; keyId: string }): RsaSigner {
  let publicKey: Promise<Uint8Array> | undefined;

  async function fetchPublicKey(): Promise<Uint8Array> {
    let spki: Uint8Array | undefined;
    try {
      ({ PublicKey: spki } = await client.send(new GetPublicKeyCommand({ KeyId: keyId })));
    } catch (cause) {
      throw new SignerError(`cannot read the public key of KMS key ${keyId}`, cause);
    }
    return rsaSpki(spki, keyId);
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
      const digest = new Uint8Array(createHash('sha256').update(message).digest());
      let signature: Uint8Array | undefined;
      try {
        ({ Signature: signature } = await client.send(
          new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }),
        ));
      } catch (cause) {
        throw new SignerError(`KMS key ${keyId} did not sign`, cause);
      }
      if (signature?.length !== RSA_2048_SIGNATURE_BYTES) throw new SignerError(`KMS key ${keyId} returned no RSA_2048 signature`);
      return signature;
    },
  };
}
