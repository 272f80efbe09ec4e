// Rate limits at the HTTP edge: token buckets per client (and per webhook source), behind a small
// port so the same handler code runs locally and on Lambda. On Lambda the buckets live in one
// container: a limit holds per container, not across the fleet (API Gateway's throttles do that).
// Who a "client" is (the viewer behind CloudFront, an IPv6 /64) is decided in client-address.ts.
import { TesseraError } from '@tessera/core';

/** The port: take one token for each key, all or none. */
export type RateLimiter = {
  take(keys: readonly string[], now: Date): { allowed: true } | { allowed: false; retryAfterSeconds: number };
};

export type RateLimits = { verify: RateLimiter; webhooks: RateLimiter; earnerSignIn: RateLimiter };

export const DEFAULT_RATE_LIMITS = {
  /** POST /verify, per client address. */
  verifyPerMinute: 60,
  /** POST /webhooks/{sourceId}, per source and per client address. */
  webhookPerMinute: 600,
  /** POST /me (a sign-in link by mail), per client address and per address asked for: each one
   *  sends a mail, so the budget is small. */
  earnerSignInPerMinute: 5,
  /** Buckets kept per limiter; the least recently used goes first (a flood of new keys cannot grow memory). */
  maxKeys: 10_000,
} as const;

export class TooManyRequestsError extends TesseraError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'too_many_requests', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A bucket holds up to `perMinute` tokens and refills at `perMinute` a minute; 0 turns it off. */
export function createTokenBucketLimiter({ perMinute, maxKeys = DEFAULT_RATE_LIMITS.maxKeys }: { perMinute: number; maxKeys?: number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  const current = (key: string, now: number) => {
    const bucket = buckets.get(key) ?? { tokens: perMinute, at: now };
    buckets.delete(key);
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    return bucket;
  };
  return {
    take(keys, date) {
      if (perMinute <= 0) return { allowed: true };
      const now = date.getTime();
      const taken = keys.map((key) => [key, current(key, now)] as const);
      const short = taken.filter(([, b]) => b.tokens < 1);
      for (const [key, bucket] of taken) {
        if (short.length === 0) bucket.tokens -= 1;
        buckets.set(key, bucket);
      }
      while (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      if (short.length === 0) return { allowed: true };
      const waitMs = Math.max(...short.map(([, b]) => (1 - b.tokens) / refillPerMs));
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
  };
}

export function createRateLimits({
  verifyPerMinute = DEFAULT_RATE_LIMITS.verifyPerMinute,
  webhookPerMinute = DEFAULT_RATE_LIMITS.webhookPerMinute,
  earnerSignInPerMinute = DEFAULT_RATE_LIMITS.earnerSignInPerMinute,
}: { verifyPerMinute?: number; webhookPerMinute?: number; earnerSignInPerMinute?: number } = {}): RateLimits {
  return {
    verify: createTokenBucketLimiter({ perMinute: verifyPerMinute }),
    webhooks: createTokenBucketLimiter({ perMinute: webhookPerMinute }),
    earnerSignIn: createTokenBucketLimiter({ perMinute: earnerSignInPerMinute }),
  };
}

/** Throws TooManyRequestsError (429 with Retry-After) when any key is out of tokens. */
export function enforceRateLimit(limiter: RateLimiter, keys: readonly string[], now: Date): void {
  const outcome = limiter.take(keys, now);
  if (!outcome.allowed) {
    throw new TooManyRequestsError(`too many requests: try again in ${outcome.retryAfterSeconds} s`, outcome.retryAfterSeconds);
  }
}
