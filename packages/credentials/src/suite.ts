// The one Data Integrity suite we sign and verify with: eddsa-rdfc-2022, over the
// digitalbazaar implementation (whose canonicalization the 1EdTech test vector pins), with one
// part of ours: canonicalization goes through the compiled JSON-LD path (compiled-rdf.ts) when the
// document allows it, and through jsonld exactly as before when it does not.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
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

type Verifier = { verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
const createReferenceVerifier = cryptosuite.createVerifier as (options: { verificationMethod: Record<string, unknown> }) => Promise<Verifier>;
/** Verification methods seen lately, by their whole JSON: importing a public key (multibase
 *  decode, createPublicKey) costs about as much as the Ed25519 check itself, and an issuer's key
 *  is the same in every credential it signs. Bounded: the least recently used goes first. */
const verifiers = new Map<string, Promise<Verifier>>();
const MAX_VERIFIERS = 256;

function createVerifier({ verificationMethod }: { verificationMethod: Record<string, unknown> }): Promise<Verifier> {
  const key = JSON.stringify(verificationMethod);
  let verifier = verifiers.get(key);
  if (verifier) verifiers.delete(key);
  else {
    verifier = createReferenceVerifier({ verificationMethod });
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
