// Signs VC-JWTs (RS256) with an AWS KMS RSA_2048 key: `Sign` with RSASSA_PKCS1_V1_5_SHA_256. We hash
// here and send MessageType DIGEST: RAW is capped at 4096 bytes, and the JWS signing input (the whole
// credential, base64url) of a badge with criteria, alignments and evidence grows past that; a digest
// is always 32 bytes, and KMS applies the same PKCS#1 v1.5 padding to it, so the signature is the same.
import { createHash, createPublicKey } from 'node:crypto';
import { SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { RsaSigner } from '@tessera/core';
import { SignerError } from './errors.ts';
import { kmsPublicKeyReader } from './kms-public-key.ts';

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
  return {
    keyRef: keyId,
    publicKey: kmsPublicKeyReader(client, keyId, (spki) => rsaSpki(spki, keyId)),
    async sign(message) {
      const digest = new Uint8Array(createHash('sha256').update(message).digest());
      let signature: Uint8Array | undefined;
      try {
        ({ Signature: signature } = await client.send(new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' })));
      } catch (cause) {
        throw new SignerError(`KMS key ${keyId} did not sign`, cause);
      }
      if (signature?.length !== RSA_2048_SIGNATURE_BYTES) throw new SignerError(`KMS key ${keyId} returned no RSA_2048 signature`);
      return signature;
    },
  };
}
