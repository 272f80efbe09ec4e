// did:key resolved locally: the DID is the Ed25519 public key, so its document is computed, never fetched.
import { didDocument, ed25519PublicKeyFromMultikey, verificationMethodId, type DidDocument } from './did.ts';
import { DocumentResolutionError } from './errors.ts';

export function isDidKey(url: string): boolean {
  return url.startsWith('did:key:');
}

/** A bare `did:key:z…` names the DID's one key, `did:key:z…#z…` (did:key spec); other URLs are returned as they are. */
export function didKeyMethodId(url: string): string {
  if (!isDidKey(url) || url.includes('#')) return url;
  return `${url}#${url.slice('did:key:'.length)}`;
}

export async function resolveDidKey(url: string): Promise<DidDocument> {
  const did = url.split('#')[0] as string;
  const publicKeyMultibase = did.slice('did:key:'.length);
  // Ed25519 is the only key type an eddsa-rdfc-2022 proof can use; refuse others here, clearly.
  if (!ed25519PublicKeyFromMultikey(publicKeyMultibase)) {
    throw new DocumentResolutionError(url, `"${did}" is not an Ed25519 did:key`);
  }
  return didDocument({ did, keys: [{ id: verificationMethodId(did, publicKeyMultibase), publicKeyMultibase }] });
}
