// The local public origin follows PORT, and the issuer is did:web of that origin: a restart on
// another port makes a new issuer DID. The status lists new credentials will point at are re-signed
// under it before the stack reports ready, so a credential issued right after such a restart verifies.
import { publicPaths } from '@tessera/core';
import type { FolderPublicSite } from '@tessera/adapters';
import { issuerIdentity, publishStatusList, statusPurposes, type IssuanceDependencies } from '@tessera/issuance';

type OriginDeps = Pick<IssuanceDependencies, 'config' | 'store' | 'signer' | 'publicSite' | 'clock' | 'issuerKeys'>;

/** Re-signs each of the issuer's status lists whose published copy is missing or was signed by
 *  another DID (an earlier origin); returns the lists re-signed, as `purpose/listNumber`. */
export async function resignStatusListsForOrigin(deps: OriginDeps, site: Pick<FolderPublicSite, 'read'>, issuerId: string): Promise<string[]> {
  const { did } = await issuerIdentity(deps);
  const resigned: string[] = [];
  for (const purpose of statusPurposes(deps)) {
    // Lists are numbered from 1 and only ever added at the end.
    for (let listNumber = 1; await deps.store.statusLists.get(issuerId, purpose, listNumber); listNumber++) {
      const file = await site.read(publicPaths.statusList(issuerId, purpose, listNumber));
      if (file && signedBy(file.body) === did) continue;
      await publishStatusList(deps, issuerId, { purpose, listNumber });
      resigned.push(`${purpose}/${listNumber}`);
    }
  }
  return resigned;
}

function signedBy(body: Buffer): string | undefined {
  try {
    const issuer = (JSON.parse(body.toString('utf8')) as { issuer?: unknown }).issuer;
    return typeof issuer === 'string' ? issuer : (issuer as { id?: string } | undefined)?.id;
  } catch {
    return undefined; // unreadable: sign it again
  }
}
