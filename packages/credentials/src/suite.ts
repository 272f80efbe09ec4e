// The one Data Integrity suite we sign and verify with: eddsa-rdfc-2022, over the
// digitalbazaar implementation (whose canonicalization the 1EdTech test vector pins), with one
// part of ours: canonicalization goes through the compiled JSON-LD path (compiled-rdf.ts) when the
// document allows it, and through jsonld exactly as before when it does not.
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as rdfCanonize from 'rdf-canonize';
import { compiledDataset } from './compiled-rdf.ts';

export const CRYPTOSUITE = 'eddsa-rdfc-2022';

/** What the suite calls to sign: KMS-shaped, it gets the 64 bytes to sign and returns the signature. */
export type SuiteSigner = { id: string; algorithm: 'Ed25519'; sign: (input: { data: Uint8Array }) => Promise<Uint8Array> };

export type ProofCheck = { verified: boolean; error?: Error; verificationMethod?: Record<string, unknown> };

export type EddsaSuite = {
  verificationMethod?: string;
  verifyProof(options: {
    proof: Record<string, unknown>;
    proofSet: Record<string, unknown>[];
    document: Record<string, unknown>;
    documentLoader: (url: string) => Promise<unknown>;
  }): Promise<ProofCheck>;
};

type CanonizeOptions = Record<string, unknown>;

/** The reference canonicalization: jsonld.toRDF (safe mode), then RDFC-1.0. */
export const referenceCanonize = cryptosuite.canonize as (input: unknown, options?: CanonizeOptions) => Promise<string>;

/**
 * RDFC-1.0 canonical N-Quads of a document, as the reference computes them. The compiled path
 * reads bundled contexts only; every loader we hand the suite serves those same documents for
 * those URLs (document-loader.ts), so the answer does not depend on which path gave it.
 */
export async function canonize(input: unknown, options: CanonizeOptions = {}): Promise<string> {
  const dataset = options.skipExpansion || 'expandContext' in options ? undefined : await compiledDataset(input);
  if (dataset === undefined) return referenceCanonize(input, options);
  // The options the reference hands rdf-canonize, so limits and output format are the same.
  return rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0', format: 'application/n-quads', base: null, safe: true, ...options }) as Promise<string>;
}

type Verifier = { algorithm: string; id: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };

/** The reference's verifier (Ed25519Multikey.from, then key.verifier()), with the public key
 *  imported once: the reference imports it again (DER, createPublicKey) on every signature check,
 *  which costs about as much as the Ed25519 check itself. */
async function importVerifier(verificationMethod: Record<string, unknown>): Promise<Verifier> {
  const keyPair = (await Ed25519Multikey.from(verificationMethod)) as { publicKey: Uint8Array; verifier(): Verifier };
  const { algorithm, id } = keyPair.verifier();
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(keyPair.publicKey).toString('base64url') }, format: 'jwk' });
  return { algorithm, id, verify: async ({ data, signature }) => verifySignature(null, data, publicKey, signature) };
}

/** Verification methods seen lately, by their whole JSON: an issuer's key is the same in every
 *  credential it signs. Bounded: the least recently used goes first. Module-level, unlike the
 *  resolvers' caches (verification-resources.ts): it holds what a pure function of its key gives,
 *  nothing fetched, so it can never be stale. */
const verifiers = new Map<string, Promise<Verifier>>();
const MAX_VERIFIERS = 256;

function createVerifier({ verificationMethod }: { verificationMethod: Record<string, unknown> }): Promise<Verifier> {
  const key = JSON.stringify(verificationMethod);
  let verifier = verifiers.get(key);
  if (verifier) verifiers.delete(key);
  else {
    verifier = importVerifier(verificationMethod);
    // A method that cannot make a verifier is not kept: the next proof tries again.
    verifier.catch(() => verifiers.delete(key));
    if (verifiers.size >= MAX_VERIFIERS) verifiers.delete(verifiers.keys().next().value!);
  }
  verifiers.set(key, verifier);
  return verifier;
}

const tesseraCryptosuite = { ...cryptosuite, canonize, createVerifier };

export function eddsaSuite(options: { signer?: SuiteSigner; date?: Date } = {}): EddsaSuite {
  return new DataIntegrityProof({ cryptosuite: tesseraCryptosuite, ...options }) as EddsaSuite;
}
