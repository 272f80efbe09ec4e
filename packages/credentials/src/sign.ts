// Signs a credential with a Data Integrity proof (eddsa-rdfc-2022) through our Signer port,
// so the same code signs with KMS on AWS and with the local key on one machine.
import * as vc from '@digitalbazaar/vc';
import { IssuanceError, type Signer } from '@tessera/core';
import { createDocumentLoader } from './document-loader.ts';
import { eddsaSuite } from './suite.ts';

export type SignOptions = {
  signer: Signer;
  /** The key's id in the issuer's DID document: `${did}#${publicKeyMultibase}`. */
  verificationMethod: string;
  created?: Date;
};

type Signable = Record<string, unknown>;

// Signing needs only bundled contexts: the key is ours, nothing is resolved.
const documentLoader = createDocumentLoader();

export async function signCredential<T extends Signable>(unsigned: T, options: SignOptions): Promise<T & { proof: Signable[] }> {
  const suite = eddsaSuite({
    signer: { id: options.verificationMethod, algorithm: 'Ed25519', sign: ({ data }) => options.signer.sign(data) },
    date: options.created ?? new Date(),
  });
  let signed: Signable;
  try {
    signed = await vc.issue({ credential: structuredClone(unsigned), suite, documentLoader });
  } catch (cause) {
    throw new IssuanceError(`signing credential ${String(unsigned.id)} failed`, cause);
  }
  // jsonld-signatures writes a lone proof as an object; the strict OB 3.0 schema wants an array.
  const proof = Array.isArray(signed.proof) ? (signed.proof as Signable[]) : [signed.proof as Signable];
  return { ...(signed as T), proof };
}
