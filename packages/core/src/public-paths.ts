// The public origin's layout, in one module: where each artefact lives, the top-level prefixes
// they share, and what a public path may look like. The release step, the sites (S3 and the local
// folder), the local gateway, CloudFront's cache rules, the S3 grants and the docs all read it.
import { ValidationError } from './errors.ts';

/** The top-level folders of the public origin (each ends in `/`), and did.json's fixed path. */
export const PUBLIC_PREFIX = {
  /** Signed credentials, their VC-JWTs and baked images: immutable. */
  credentials: 'credentials/',
  /** Bitstring status lists: re-published as bits change (kept STATUS_LIST_MAX_AGE_SECONDS at most). */
  statusLists: 'status/',
  /** Achievement definitions and their badge pictures. */
  achievements: 'achievements/',
  /** Review pages (served by the review function, not from files). */
  review: 'review/',
  /** Each credential's static badge page, `badges/{id}` (no extension, text/html): rewritten when
   *  its status or the earner's visibility choices change. */
  badges: 'badges/',
  /** The earner's own page and its sign-in links (served by the earner function, not from files). */
  me: 'me/',
  /** Files the badge pages load from their own origin (their one script). */
  assets: 'assets/',
} as const;

export const DID_DOCUMENT_PATH = '.well-known/did.json';

export const publicPaths = {
  didDocument: () => DID_DOCUMENT_PATH,
  credential: (credentialId: string) => `${PUBLIC_PREFIX.credentials}${credentialId}.json`,
  /** The baked badge image, beside the credential it carries: `.../{id}.json` -> `.../{id}.png|svg`. */
  bakedBadge: (credentialId: string, format: 'png' | 'svg') => `${PUBLIC_PREFIX.credentials}${credentialId}.${format}`,
  /** The same credential secured as a VC-JWT (compact JWS), for issuers with `vc-jwt` on. */
  credentialJwt: (credentialId: string) => `${PUBLIC_PREFIX.credentials}${credentialId}.jwt`,
  achievement: (achievementId: string) => `${PUBLIC_PREFIX.achievements}${encodeURIComponent(achievementId)}.json`,
  /** The achievement's badge picture (the demo seed publishes one; the catalogue may point elsewhere). */
  achievementImage: (achievementId: string) => `${PUBLIC_PREFIX.achievements}${encodeURIComponent(achievementId)}.svg`,
  /** The badge page a person opens (the same `{id}` as `credentials/{id}.json`). */
  badgePage: (credentialId: string) => `${PUBLIC_PREFIX.badges}${credentialId}`,
  /** The badge pages' script: verify on open, check the recipient, copy the link. */
  badgeScript: () => `${PUBLIC_PREFIX.assets}badge.js`,
  /** The earner's own page: `POST /me` asks for a sign-in link, `GET /me` shows it once signed in. */
  earnerPage: () => 'me',
  /** The mailed sign-in link (a single-use 256-bit token). */
  earnerSignIn: (token: string) => `${PUBLIC_PREFIX.me}${token}`,
  review: (secret: string) => `${PUBLIC_PREFIX.review}${secret}`,
  /** Not immutable: re-published each time one of its bits changes. */
  statusList: (issuerId: string, purpose: string, listNumber: number) => `${PUBLIC_PREFIX.statusLists}${encodeURIComponent(issuerId)}/${purpose}/${listNumber}.json`,
};

/**
 * How stale a status list may be anywhere (the edge, viewers, Tessera's own verifier): a revocation
 * or suspension shows in every verifier within this time. Shorter costs origin fetches; longer lets
 * a revoked credential verify as active for longer (docs/DEPLOY.md, "How soon a revocation shows").
 * CloudFront's cache policy, the objects' Cache-Control and the local gateway all use it.
 */
export const STATUS_LIST_MAX_AGE_SECONDS = 60;

/** What a badge page may do (the local gateway and CloudFront both send it): run its own origin's
 *  script, POST to /verify and load its own images, nothing from anywhere else, no inline script. */
export const BADGE_PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function publicUrl(publicBaseUrl: string, path: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/${path}`;
}

/** Why `path` is not a plain relative file path, or undefined when it is. Both sites apply it, so
 *  a path that publishes locally also publishes on S3 and no path can step out of the local folder. */
export function publicPathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.includes('\0')) return 'contains a NUL character';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/')) return 'is absolute (it must not start with /)';
  if (/^[A-Za-z]:/.test(path)) return 'starts with a drive letter';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment (// or a trailing /)';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
  }
  return undefined;
}

/** The path's segments; a ValidationError naming the problem when the path is unsafe. */
export function publicPathSegments(path: string): string[] {
  const problem = publicPathProblem(path);
  if (problem) throw new ValidationError(`public path ${JSON.stringify(path)} ${problem}`, [{ path: 'path', message: problem }]);
  return path.split('/');
}
