// did:key resolved locally: the DID is the Ed25519 public key, so its document is computed, never fetched.
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { didDocument, verificationMethodId, type DidDocument } from './did.ts';
import { DocumentResolutionError } from './errors.ts';

export function isDidKey(url: string): boolean {
  return url.startsWith('did:key:');
}

export async function resolveDidKey(url: string): Promise<DidDocument> {
  const did = url.split('#')[0] as string;
  const publicKeyMultibase = did.slice('did:key:'.length);
  try {
    // Throws unless the multibase decodes to an Ed25519 public key (the only kind we verify with).
    await Ed25519Multikey.from({ type: 'Multikey', controller: did, publicKeyMultibase });
  } catch (cause) {
    throw new DocumentResolutionError(url, `"${did}" is not an Ed25519 did:key`, cause);
  }
  return didDocument({ did, keys: [{ id: verificationMethodId(did, publicKeyMultibase), publicKeyMultibase }] });
}
