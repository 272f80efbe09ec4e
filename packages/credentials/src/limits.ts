// The verifier's resource limits, all in one place (docs/SECURITY.md lists them): what one
// verification may spend, however hostile the credential it is given, and how much the
// process keeps between verifications. POST /verify is public and unauthenticated.

export type VerifyLimits = {
  /** credentialStatus entries checked; a credential with more fails the status check unfetched. */
  maxStatusEntries: number;
  /** Documents (DID documents, keys, status lists) resolved per verification, cached or not. */
  maxResolutions: number;
  /** Bytes fetched over the network per verification, all documents together. */
  maxBytesPerVerification: number;
  /** Wall-clock time per verification; fetches still under way are aborted when it runs out. */
  verificationBudgetMs: number;
};

export const VERIFY_LIMITS = {
  maxStatusEntries: 4,
  maxResolutions: 12,
  maxBytesPerVerification: 1024 * 1024,
  verificationBudgetMs: 10_000,
  /** One fetched document (DID document, key, status list). */
  maxDocumentBytes: 256 * 1024,
  /** One fetch, from request to last byte. */
  fetchTimeoutMs: 3000,
  /** A status list's bitstring once inflated: 2 MiB is 16.7 million entries (the spec's minimum is 16 KB). */
  maxStatusListBytes: 2 * 1024 * 1024,
  /** DID and key documents kept between verifications (successes only). */
  resolverCacheBytes: 4 * 1024 * 1024,
  resolverCacheTtlMs: 5 * 60_000,
  /** Status lists are kept for what their publisher's Cache-Control allows (max-age less Age, as
   *  an HTTP cache would), never longer than this: Tessera's own lists say 60 s, as CloudFront keeps
   *  them (STATUS_LIST_MAX_AGE_SECONDS), so the verifier adds no staleness of its own. */
  statusListMaxAgeMs: 60_000,
  /** Status lists whose signature was checked, by content hash. */
  statusListSignatureCacheEntries: 256,
  statusListSignatureCacheTtlMs: 5 * 60_000,
} as const;

export const DEFAULT_VERIFY_LIMITS: VerifyLimits = {
  maxStatusEntries: VERIFY_LIMITS.maxStatusEntries,
  maxResolutions: VERIFY_LIMITS.maxResolutions,
  maxBytesPerVerification: VERIFY_LIMITS.maxBytesPerVerification,
  verificationBudgetMs: VERIFY_LIMITS.verificationBudgetMs,
};

/** Status lists (by content hash) whose signature verified: a list is fetched on every
 *  verification, but its signature only changes when its bits do. Only successes are
 *  remembered, and only briefly, so a key marked compromised bites soon. Built once in the
 *  composition root and passed in; expiry follows the verification's own clock. */
export type StatusListSignatureCache = {
  has(key: string, now: Date): boolean;
  remember(key: string, now: Date): void;
};

export function createStatusListSignatureCache({
  ttlMs = VERIFY_LIMITS.statusListSignatureCacheTtlMs,
  maxEntries = VERIFY_LIMITS.statusListSignatureCacheEntries,
}: { ttlMs?: number; maxEntries?: number } = {}): StatusListSignatureCache {
  const until = new Map<string, number>();
  return {
    has: (key, now) => (until.get(key) ?? -Infinity) > now.getTime(),
    remember(key, now) {
      until.delete(key);
      if (until.size >= maxEntries) until.delete(until.keys().next().value!);
      until.set(key, now.getTime() + ttlMs);
    },
  };
}
