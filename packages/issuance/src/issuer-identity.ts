// Who signs: the issuer is did:web on the public origin, and its verification method is the
// signing key as a Multikey. Published as /.well-known/did.json so anyone can verify offline.
// Every key the issuer has signed with is kept in the store and stays in did.json, so rotating to a
// new key (a new KMS key id, or a new local key file) leaves earlier credentials verifiable.
// The VC-JWT key (RSA, for issuers with `vc-jwt` on) joins the same history and the same did.json.
import { IssuanceError, publicPaths, type IssuerKey, type RsaSigner } from '@tessera/core';
import { didDocument, didWebFromOrigin, multikeyFromEd25519PublicKey, multikeyFromRsaPublicKey, rsaJwkThumbprint, rsaPublicJwkFromMultikey } from '@tessera/credentials';
import type { IssuanceDependencies, IssuerIdentity } from './dependencies.ts';

type IdentityDeps = Pick<IssuanceDependencies, 'signer' | 'config' | 'issuerKeys'>;
type KeyDeps = Pick<IssuanceDependencies, 'signer' | 'config' | 'store' | 'clock' | 'issuerKeys'>;
type PublishDeps = KeyDeps & Pick<IssuanceDependencies, 'publicSite'>;

/** Caches one promise per key object; a failure is forgotten so that the next call tries again. */
function cachedPer<K extends object, V>(cache: WeakMap<K, Promise<V>>, key: K, make: () => Promise<V>): Promise<V> {
  let value = cache.get(key);
  if (!value) {
    value = make();
    value.catch(() => cache.delete(key));
    cache.set(key, value);
  }
  return value;
}

/** Computed once per signer and dependencies (one KMS GetPublicKey per process). */
export function issuerIdentity(deps: IdentityDeps): Promise<IssuerIdentity> {
  return cachedPer(deps.issuerKeys.identities, deps.signer, async () => {
    const did = didWebFromOrigin(deps.config.publicBaseUrl);
    const publicKeyMultibase = multikeyFromEd25519PublicKey(await deps.signer.publicKey());
    return { did, publicKeyMultibase, verificationMethod: `${did}#${publicKeyMultibase}` };
  });
}

/** The current signer's key in the issuer's key history, recorded on first use (once per process and signer). */
function recordedKey(deps: KeyDeps): Promise<IssuerKey> {
  return cachedPer(deps.issuerKeys.recordedKeys, deps.signer, async () => {
    const identity = await issuerIdentity(deps);
    const { key } = await deps.store.issuerKeys.record({ ...identity, keyRef: deps.signer.keyRef, firstUsedAt: deps.clock.now().toISOString() });
    return key;
  });
}

/** The identity to sign with: the current key, recorded in the history, and refused once marked compromised. */
export async function signingIdentity(deps: KeyDeps): Promise<IssuerIdentity> {
  const key = await recordedKey(deps);
  if (key.compromisedAt) {
    throw new IssuanceError(`the signing key ${key.verificationMethod} was marked compromised on ${key.compromisedAt}: rotate to a new key before issuing`);
  }
  return issuerIdentity(deps);
}

export async function publishDidDocument(deps: PublishDeps): Promise<IssuerIdentity> {
  const identity = await issuerIdentity(deps);
  await recordedKey(deps);
  const keys = (await deps.store.issuerKeys.list(identity.did)).map((key) => {
    // An RSA key (the VC-JWT one) is listed by its JWK, which is what JWT verifiers dereference a kid to.
    const publicKeyJwk = rsaPublicJwkFromMultikey(key.publicKeyMultibase);
    return {
      id: key.verificationMethod,
      publicKeyMultibase: key.publicKeyMultibase,
      compromised: key.compromisedAt !== undefined,
      ...(publicKeyJwk ? { publicKeyJwk } : {}),
    };
  });
  const document = didDocument({ did: identity.did, keys });
  await deps.publicSite.publish({ path: publicPaths.didDocument(), body: JSON.stringify(document, null, 2), contentType: 'application/json', immutable: false });
  return identity;
}

/** Publishes did.json once per process and public site: verifiers can resolve the issuer as soon
 *  as the first credential is out, even on a fresh deployment, at one write per cold start. */
export function ensureDidDocumentPublished(deps: PublishDeps): Promise<IssuerIdentity> {
  return cachedPer(deps.issuerKeys.didDocuments, deps.publicSite, () => publishDidDocument(deps));
}

/** Takes a key out of assertionMethod for good (its credentials stop verifying) and republishes did.json. */
export async function markKeyCompromised(deps: PublishDeps & Pick<IssuanceDependencies, 'rsaSigner'>, publicKeyMultibase: string): Promise<IssuerKey> {
  const { did } = await issuerIdentity(deps);
  const key = await deps.store.issuerKeys.markCompromised(did, publicKeyMultibase, deps.clock.now().toISOString());
  // If it is this process's own signing key, the next release must see the mark and refuse.
  deps.issuerKeys.recordedKeys.delete(deps.signer);
  if (deps.rsaSigner) deps.issuerKeys.recordedJwtKeys.delete(deps.rsaSigner);
  await publishDidDocument(deps);
  return key;
}

/** The VC-JWT key as a verification method of the issuer DID: `<did>#<RFC 7638 thumbprint>`, the `kid` of its JWTs. */
function jwtIssuerIdentity(deps: Pick<IssuanceDependencies, 'config' | 'issuerKeys'>, rsaSigner: RsaSigner): Promise<IssuerIdentity> {
  return cachedPer(deps.issuerKeys.jwtIdentities, rsaSigner, async () => {
    const did = didWebFromOrigin(deps.config.publicBaseUrl);
    const publicKeyMultibase = multikeyFromRsaPublicKey(await rsaSigner.publicKey());
    const thumbprint = await rsaJwkThumbprint(rsaPublicJwkFromMultikey(publicKeyMultibase)!);
    return { did, publicKeyMultibase, verificationMethod: `${did}#${thumbprint}` };
  });
}

/** The identity to sign VC-JWTs with: the RSA key, recorded in the key history on first use (and
 *  did.json republished then, so the new kid resolves), refused once marked compromised. */
export async function jwtSigningIdentity(deps: PublishDeps & Pick<IssuanceDependencies, 'rsaSigner'>): Promise<IssuerIdentity & { signer: RsaSigner }> {
  const signer = deps.rsaSigner;
  if (!signer) {
    throw new IssuanceError('the issuer has vc-jwt on, but no RSA signing key is configured (TESSERA_KMS_RSA_KEY_ID or TESSERA_LOCAL_RSA_KEY_FILE)');
  }
  const key = await cachedPer(deps.issuerKeys.recordedJwtKeys, signer, async () => {
    const identity = await jwtIssuerIdentity(deps, signer);
    const { key: stored, created } = await deps.store.issuerKeys.record({ ...identity, keyRef: signer.keyRef, firstUsedAt: deps.clock.now().toISOString() });
    if (created) await publishDidDocument(deps);
    return stored;
  });
  if (key.compromisedAt) {
    throw new IssuanceError(`the signing key ${key.verificationMethod} was marked compromised on ${key.compromisedAt}: rotate to a new key before issuing`);
  }
  return { ...(await jwtIssuerIdentity(deps, signer)), signer };
}
