// The reference stack Tessera is measured against in the same run: @digitalbazaar/vc
// `verifyCredential` / `issue` with the unmodified digitalbazaar DataIntegrityProof and
// eddsa-rdfc-2022 cryptosuite (jsonld.toRDF), on the same credentials and document loader.
// It checks the signature and the shape only; Tessera's verifyCredential runs every other check too.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader } from '@tessera/credentials';
import type { benchCredentials } from './in-process.ts';

type BenchCredentials = Awaited<ReturnType<typeof benchCredentials>>;

export function referenceStack({ signer, vm, unsigned, resolveDocument }: BenchCredentials) {
  const documentLoader = createDocumentLoader({ resolveDocument });
  return {
    /** Throws unless the reference verifies it: a wrong answer, not a slow one. */
    async verify(credential: unknown): Promise<void> {
      const result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, checkStatus: async () => ({ verified: true }) });
      if (!result.verified) throw new Error(`the reference does not verify the bench credential: ${JSON.stringify(result.error ?? result)}`);
    },
    sign: () =>
      vc.issue({
        credential: unsigned(),
        suite: new DataIntegrityProof({
          cryptosuite,
          signer: { id: vm, algorithm: 'Ed25519', sign: ({ data }: { data: Uint8Array }) => signer.sign(data) },
          date: new Date(),
        }),
        documentLoader,
      }),
  };
}
