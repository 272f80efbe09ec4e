// Our issuer identity as a did:web: the DID for a public origin, the DID document we
// publish at it, and the Multikey spelling of an Ed25519 public key.
import { base58btcDecode, base58btcEncode } from './base58.ts';
import { DID_V1_CONTEXT, JWS_2020_CONTEXT, MULTIKEY_V1_CONTEXT } from './contexts.ts';
import type { RsaPublicJwk } from './rsa-key.ts';

/** multicodec varint for ed25519-pub */
const ED25519_PUB_MULTICODEC = Uint8Array.of(0xed, 0x01);

/** `compromised`: still listed as a verification method (the history stays readable), but no longer
 *  for assertionMethod or authentication, so what it signed stops verifying. */
export type DidDocumentKey = { id: string; publicKeyMultibase: string; compromised?: boolean; publicKeyJwk?: RsaPublicJwk };

export type VerificationMethod =
  | { id: string; type: 'Multikey'; controller: string; publicKeyMultibase: string }
  /** The VC-JWT key: JWT verifiers dereference a `kid` to a JWK (OB 3.0 §8.2.3, "kid"), and
   *  JsonWebKey2020 with `publicKeyJwk` is the verification method type they resolve in did:web documents. */
  | { id: string; type: 'JsonWebKey2020'; controller: string; publicKeyJwk: RsaPublicJwk };

export type DidDocument = {
  '@context': string[];
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
  authentication: string[];
};

/** `https://badges.uni.edu` -> `did:web:badges.uni.edu`; a port's colon is percent-encoded and a path becomes `:` segments. */
export function didWebFromOrigin(publicBaseUrl: string): string {
  const url = new URL(publicBaseUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const path = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path].join(':');
}

/** Raw 32-byte Ed25519 public key -> `z6Mk...` (multibase base58btc of multicodec ed25519-pub). */
export function multikeyFromEd25519PublicKey(raw: Uint8Array): string {
  if (raw.length !== 32) throw new RangeError(`an Ed25519 public key has 32 bytes, got ${raw.length}`);
  const prefixed = new Uint8Array(ED25519_PUB_MULTICODEC.length + raw.length);
  prefixed.set(ED25519_PUB_MULTICODEC);
  prefixed.set(raw, ED25519_PUB_MULTICODEC.length);
  return 'z' + base58btcEncode(prefixed);
}

/** The raw 32-byte Ed25519 public key in a `z6Mk...` Multikey, or undefined if it is not one. */
export function ed25519PublicKeyFromMultikey(publicKeyMultibase: string): Uint8Array | undefined {
  if (!publicKeyMultibase.startsWith('z')) return undefined;
  const bytes = base58btcDecode(publicKeyMultibase.slice(1));
  const isEd25519 = bytes?.length === ED25519_PUB_MULTICODEC.length + 32 && bytes[0] === ED25519_PUB_MULTICODEC[0] && bytes[1] === ED25519_PUB_MULTICODEC[1];
  return isEd25519 ? bytes.slice(ED25519_PUB_MULTICODEC.length) : undefined;
}

/** The id under which a key is named in our DID document and in proofs. */
export function verificationMethodId(did: string, publicKeyMultibase: string): string {
  return `${did}#${publicKeyMultibase}`;
}

/** The DID document for `did`, listing every key (current and rotated-out ones still needed to verify old badges). */
export function didDocument({ did, keys }: { did: string; keys: DidDocumentKey[] }): DidDocument {
  const verificationMethod = keys.map((key): VerificationMethod =>
    key.publicKeyJwk
      ? { id: key.id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: key.publicKeyJwk }
      : { id: key.id, type: 'Multikey', controller: did, publicKeyMultibase: key.publicKeyMultibase },
  );
  const ids = keys.filter((key) => !key.compromised).map((key) => key.id);
  // The JWS 2020 context defines JsonWebKey2020 and publicKeyJwk; documents without such a key stay as they were.
  const jwkContext = keys.some((key) => key.publicKeyJwk) ? [JWS_2020_CONTEXT] : [];
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT, ...jwkContext],
    id: did,
    verificationMethod,
    assertionMethod: ids,
    authentication: [...ids],
  };
}
