// Who signs: the issuer is did:web on the public origin, and its verification method is the
// signing key as a Multikey. Published as /.well-known/did.json so anyone can verify offline.
import { publicPaths, type PublicSite } from '@tessera/core';
import { didDocument, didWebFromOrigin, multikeyFromEd25519PublicKey } from '@tessera/credentials';
import type { Dependencies } from './dependencies.ts';

export type IssuerIdentity = { did: string; verificationMethod: string; publicKeyMultibase: string };

const identities = new WeakMap<Dependencies['signer'], Promise<IssuerIdentity>>();

/** Computed once per signer (one KMS GetPublicKey per process). */
export function issuerIdentity(deps: Pick<Dependencies, 'signer' | 'config'>): Promise<IssuerIdentity> {
  let identity = identities.get(deps.signer);
  if (!identity) {
    identity = (async () => {
      const did = didWebFromOrigin(deps.config.publicBaseUrl);
      const publicKeyMultibase = multikeyFromEd25519PublicKey(await deps.signer.publicKey());
      return { did, publicKeyMultibase, verificationMethod: `${did}#${publicKeyMultibase}` };
    })();
    identity.catch(() => identities.delete(deps.signer));
    identities.set(deps.signer, identity);
  }
  return identity;
}

export async function publishDidDocument(deps: Pick<Dependencies, 'signer' | 'config'> & { publicSite: PublicSite }): Promise<IssuerIdentity> {
  const identity = await issuerIdentity(deps);
  const document = didDocument({ did: identity.did, keys: [{ id: identity.verificationMethod, publicKeyMultibase: identity.publicKeyMultibase }] });
  await deps.publicSite.publish({ path: publicPaths.didDocument(), body: JSON.stringify(document, null, 2), contentType: 'application/json', immutable: false });
  return identity;
}

const published = new WeakMap<PublicSite, Promise<IssuerIdentity>>();

/** Publishes did.json once per process and public site: verifiers can resolve the issuer as soon
 *  as the first credential is out, even on a fresh deployment, at one write per cold start. */
export function ensureDidDocumentPublished(deps: Pick<Dependencies, 'signer' | 'config'> & { publicSite: PublicSite }): Promise<IssuerIdentity> {
  let done = published.get(deps.publicSite);
  if (!done) {
    done = publishDidDocument(deps);
    done.catch(() => published.delete(deps.publicSite));
    published.set(deps.publicSite, done);
  }
  return done;
}
