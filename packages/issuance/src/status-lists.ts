// The issuer's W3C Bitstring Status Lists: which entries a new credential gets, and the signed
// BitstringStatusListCredential each list is published as (not immutable: it changes with each
// revocation or suspension). Used by the release step and by the admin status endpoints.
import { publicPaths, publicUrl, type StatusListPosition, type StatusPurpose } from '@tessera/core';
import { buildStatusListCredential, Bitstring, signCredential, statusListEntry, type BitstringStatusListEntry } from '@tessera/credentials';
import type { IssuanceDependencies } from './dependencies.ts';
import { ensureDidDocumentPublished } from './issuer-identity.ts';

/** Every credential can be revoked; suspension only where configured (see Config.statusSuspension). */
export function statusPurposes(deps: Pick<IssuanceDependencies, 'config'>): StatusPurpose[] {
  return deps.config.statusSuspension ? ['revocation', 'suspension'] : ['revocation'];
}

export function statusListUrl(deps: Pick<IssuanceDependencies, 'config'>, issuerId: string, position: Omit<StatusListPosition, 'index'>): string {
  return publicUrl(deps.config.publicBaseUrl, publicPaths.statusList(issuerId, position.purpose, position.listNumber));
}

/** One fresh index per purpose. An index taken here and then not used (signing failed) stays unused.
 *  `allPublished`: every one of these lists was published as it stood when the index was taken, so
 *  the release need not read them again (ensureStatusListPublished) before telling anyone. */
export async function allocateStatusEntries(
  deps: Pick<IssuanceDependencies, 'config' | 'store'>,
  issuerId: string,
): Promise<{ positions: StatusListPosition[]; entries: BitstringStatusListEntry[]; allPublished: boolean }> {
  const allocated = await Promise.all(statusPurposes(deps).map((purpose) => deps.store.statusLists.allocate(issuerId, purpose)));
  const positions = allocated.map(({ purpose, listNumber, index }) => ({ purpose, listNumber, index }));
  const entries = positions.map((p) => statusListEntry({ listUrl: statusListUrl(deps, issuerId, p), purpose: p.purpose, index: p.index }));
  return { positions, entries, allPublished: allocated.every((a) => a.published) };
}

/** The list's bits as stored now; an all-zero list when no bit was ever set. */
export function bitsOf(encodedList: string | undefined): Bitstring {
  return encodedList === undefined ? new Bitstring() : Bitstring.decode(encodedList);
}

/** Signs and publishes the list as it is stored. Two writers may publish out of order (an older
 *  version last); so each checks after publishing that the list did not change meanwhile, and
 *  publishes again if it did: the last one to finish publishes the newest version. */
export async function publishStatusList(
  deps: Pick<IssuanceDependencies, 'config' | 'store' | 'signer' | 'publicSite' | 'clock' | 'issuerKeys'>,
  issuerId: string,
  position: Omit<StatusListPosition, 'index'>,
): Promise<void> {
  // did.json must list the key before anyone fetches a list signed with it: after a rotation the
  // first signature with the new key may be a revocation, not a release.
  const identity = await ensureDidDocumentPublished(deps);
  const listUrl = statusListUrl(deps, issuerId, position);
  let list = await deps.store.statusLists.get(issuerId, position.purpose, position.listNumber);
  for (;;) {
    const version = list?.version ?? 0;
    const now = deps.clock.now();
    const unsigned = buildStatusListCredential({
      listUrl,
      issuerDid: identity.did,
      purpose: position.purpose,
      encodedList: list?.encodedList ?? bitsOf(undefined).encode(),
      validFrom: now,
    });
    const signed = await signCredential(unsigned, { signer: deps.signer, verificationMethod: identity.verificationMethod, created: now });
    await deps.publicSite.publish({
      path: publicPaths.statusList(issuerId, position.purpose, position.listNumber),
      body: JSON.stringify(signed, null, 2),
      contentType: 'application/json',
      immutable: false,
    });
    list = await deps.store.statusLists.get(issuerId, position.purpose, position.listNumber);
    if ((list?.version ?? 0) === version) {
      await deps.store.statusLists.markPublished(issuerId, position.purpose, position.listNumber, version);
      return;
    }
  }
}

/** For a release: a new index leaves the list's bits as they were, so the list needs signing only
 *  if this version was never published (a new list, or a publisher that died halfway). Saves a
 *  signature and a write on almost every badge. */
export async function ensureStatusListPublished(
  deps: Pick<IssuanceDependencies, 'config' | 'store' | 'signer' | 'publicSite' | 'clock' | 'issuerKeys'>,
  issuerId: string,
  position: Omit<StatusListPosition, 'index'>,
): Promise<void> {
  const list = await deps.store.statusLists.get(issuerId, position.purpose, position.listNumber);
  if (list && list.publishedVersion !== undefined && list.publishedVersion >= list.version) return;
  await publishStatusList(deps, issuerId, position);
}
