// What the issuance services need from the outside world, as the composition root
// (functions/shared/dependencies.ts) builds it once per process. The caches are part of it: a
// second set of dependencies (a test, a key rotation) starts with caches of its own.
import type { BadgePictures } from '@tessera/badges';
import type { Clock, Config, IssuerKey, Mailer, PublicSite, RsaSigner, Signer, Workflow } from '@tessera/core';
import type { Store } from '@tessera/store';

export type IssuerIdentity = { did: string; verificationMethod: string; publicKeyMultibase: string };

/** What the issuer identity computes once and then reuses: one KMS GetPublicKey per key, one key
 *  history record per key, one did.json write per public site. Keyed by the signer or site itself,
 *  so dependencies that swap one (a rotation in a test) never see the old one's answers. */
export type IssuerKeyCache = {
  identities: WeakMap<Signer, Promise<IssuerIdentity>>;
  recordedKeys: WeakMap<Signer, Promise<IssuerKey>>;
  didDocuments: WeakMap<PublicSite, Promise<IssuerIdentity>>;
  jwtIdentities: WeakMap<RsaSigner, Promise<IssuerIdentity>>;
  recordedJwtKeys: WeakMap<RsaSigner, Promise<IssuerKey>>;
};

export function createIssuerKeyCache(): IssuerKeyCache {
  return { identities: new WeakMap(), recordedKeys: new WeakMap(), didDocuments: new WeakMap(), jwtIdentities: new WeakMap(), recordedJwtKeys: new WeakMap() };
}

export type IssuanceDependencies = {
  config: Config;
  clock: Clock;
  store: Store;
  signer: Signer;
  /** Signs VC-JWTs (RS256) for issuers with `vc-jwt` on; absent when no RSA key is configured. */
  rsaSigner?: RsaSigner;
  mailer: Mailer;
  publicSite: PublicSite;
  workflow: Workflow;
  issuerKeys: IssuerKeyCache;
  /** Rendered badge pictures, shared by every badge of one achievement. */
  badgePictures: BadgePictures;
};
