// The one Data Integrity suite we sign and verify with: eddsa-rdfc-2022, over the
// digitalbazaar implementation (whose canonicalization the 1EdTech test vector pins).
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

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

export function eddsaSuite(options: { signer?: SuiteSigner; date?: Date } = {}): EddsaSuite {
  return new DataIntegrityProof({ cryptosuite, ...options }) as EddsaSuite;
}
