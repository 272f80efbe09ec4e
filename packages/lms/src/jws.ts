// Compact JWS (RS256) checked with node:crypto against keys published as a JWKS, the way Canvas
// signs Live Events. Keys are cached by `kid` in the adapter context (they rotate monthly and the
// JWKS serves the previous, current and next key), and an unknown `kid` refetches the set at most
// once a minute, so a stream of forged kids cannot turn into a stream of fetches.
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { UnauthorizedError } from '@tessera/core';
import { getPlatformJson, PlatformApiError } from './fetch-guard.ts';
import type { PlatformContext } from './platform.ts';

export type CompactJws = { header: { alg: string; kid?: string }; payload: unknown; signingInput: string; signature: Buffer };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const decodeJson = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** The three parts of a compact JWS, decoded but not yet verified; undefined when `token` is not one. */
export function decodeCompactJws(token: string): CompactJws | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  try {
    const header = decodeJson(headerPart) as { alg?: unknown; kid?: unknown };
    if (typeof header !== 'object' || header === null || typeof header.alg !== 'string') return undefined;
    return {
      header: { alg: header.alg, ...(typeof header.kid === 'string' ? { kid: header.kid } : {}) },
      payload: decodeJson(payloadPart),
      signingInput: `${headerPart}.${payloadPart}`,
      signature: Buffer.from(signaturePart, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

type Keyring = { keys: Map<string, KeyObject>; fetchedAt: number; attemptedAt: number; failure?: Error };

/** Keys older than this are refetched before use (a withdrawn key stops working within the hour). */
export const JWKS_MAX_AGE_MS = 60 * 60 * 1000;
/** An unknown kid refetches the set at most this often. */
export const JWKS_REFETCH_INTERVAL_MS = 60 * 1000;
const MIN_RSA_BITS = 2048;

/** The RSA signing keys of a JWKS answer by kid; entries that are not usable RS256 keys are skipped. */
export function rsaKeysById(jwks: unknown): Map<string, KeyObject> {
  const list = Array.isArray(jwks) ? jwks : ((jwks as { keys?: unknown } | undefined)?.keys ?? []);
  const keys = new Map<string, KeyObject>();
  if (!Array.isArray(list)) return keys;
  for (const jwk of list as Array<Record<string, unknown>>) {
    if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    if (jwk.alg !== undefined && jwk.alg !== 'RS256') continue;
    try {
      const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey, format: 'jwk' });
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS) keys.set(jwk.kid, key);
    } catch {
      // A malformed entry does not sink the others.
    }
  }
  return keys;
}

/** The key that signs with `kid`, from the JWKS at `jwksUrl`; undefined when the set does not have
 *  it. A fetch that fails throws PlatformApiError (we cannot check, so the LMS should retry), and
 *  keeps throwing for the back-off interval without fetching again; a stale set still serves the
 *  kids it has while its refresh fails. */
export async function signingKey(jwksUrl: string, kid: string, context: PlatformContext): Promise<KeyObject | undefined> {
  const cacheKey = `jwks:${jwksUrl}`;
  const now = context.clock.now().getTime();
  const cached = context.cache.get(cacheKey) as Keyring | undefined;
  const triedLately = cached !== undefined && now - cached.attemptedAt < JWKS_REFETCH_INTERVAL_MS;
  if (cached?.keys.has(kid) && (now - cached.fetchedAt < JWKS_MAX_AGE_MS || triedLately)) return cached.keys.get(kid);
  if (cached && triedLately) {
    if (cached.failure) throw cached.failure;
    return undefined;
  }
  try {
    const jwks = await getPlatformJson(context, jwksUrl, `the signing keys at ${jwksUrl}`);
    if (jwks === undefined) throw new PlatformApiError(`the signing keys at ${jwksUrl}: not found (HTTP 404)`, { status: 404 });
    const fresh: Keyring = { keys: rsaKeysById(jwks), fetchedAt: now, attemptedAt: now };
    context.cache.set(cacheKey, fresh);
    return fresh.keys.get(kid);
  } catch (error) {
    const failure = error instanceof Error ? error : new PlatformApiError(`the signing keys at ${jwksUrl}: ${String(error)}`);
    context.cache.set(cacheKey, { keys: cached?.keys ?? new Map(), fetchedAt: cached?.fetchedAt ?? 0, attemptedAt: now, failure });
    if (cached?.keys.has(kid)) return cached.keys.get(kid);
    throw failure;
  }
}

/** Verifies a decoded RS256 compact JWS against the JWKS at `jwksUrl` and returns its payload. Anything
 *  short of a good signature by a published key is an UnauthorizedError. */
export async function verifyRs256Jws(jws: CompactJws, jwksUrl: string, context: PlatformContext): Promise<unknown> {
  // Only RS256: a token must not choose its own algorithm ("none", or HS256 keyed with the public key).
  if (jws.header.alg !== 'RS256') throw new UnauthorizedError(`the JWS algorithm must be RS256, not ${JSON.stringify(jws.header.alg)}`);
  if (!jws.header.kid) throw new UnauthorizedError('the JWS header has no kid');
  const key = await signingKey(jwksUrl, jws.header.kid, context);
  if (!key) throw new UnauthorizedError(`no published signing key has kid ${JSON.stringify(jws.header.kid)}`);
  if (!verify('RSA-SHA256', Buffer.from(jws.signingInput), key, jws.signature)) throw new UnauthorizedError('the JWS signature does not verify');
  return jws.payload;
}
