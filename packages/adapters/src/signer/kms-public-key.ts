// The public half of a KMS signing key, read once per process with GetPublicKey (both KMS signers
// need it: did.json lists it). A failed read is not cached: the next call asks KMS again.
import { GetPublicKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { SignerError } from './errors.ts';

/** `parse` checks the key type and returns the bytes the port promises (raw Ed25519, or SPKI). */
export function kmsPublicKeyReader(client: KMSClient, keyId: string, parse: (spki: Uint8Array | undefined) => Uint8Array): () => Promise<Uint8Array> {
  let publicKey: Promise<Uint8Array> | undefined;

  async function fetchPublicKey(): Promise<Uint8Array> {
    let spki: Uint8Array | undefined;
    try {
      ({ PublicKey: spki } = await client.send(new GetPublicKeyCommand({ KeyId: keyId })));
    } catch (cause) {
      throw new SignerError(`cannot read the public key of KMS key ${keyId}`, cause);
    }
    return parse(spki);
  }

  return async () => {
    publicKey ??= fetchPublicKey().catch((error: unknown) => {
      publicKey = undefined;
      throw error;
    });
    return (await publicKey).slice();
  };
}
