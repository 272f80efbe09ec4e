// The Cache-Control every public artefact gets, on S3 and in the local folder alike.
import { PUBLIC_PREFIX, STATUS_LIST_MAX_AGE_SECONDS } from '@tessera/core';

/** Immutable artefacts (signed credentials, baked images) never change under their path; status
 *  lists change with every revocation and are kept for STATUS_LIST_MAX_AGE_SECONDS at most; the
 *  rest (did.json, achievement definitions, badge pages) for five minutes. */
export function cacheControlFor(immutable: boolean, path = ''): string {
  if (immutable) return 'public, max-age=31536000, immutable';
  return path.startsWith(PUBLIC_PREFIX.statusLists) ? `public, max-age=${STATUS_LIST_MAX_AGE_SECONDS}` : 'public, max-age=300';
}
