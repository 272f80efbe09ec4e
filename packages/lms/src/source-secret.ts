// The shared secret of a platform that cannot sign (a Moodle token, an Open edX secret path, a
// Caliper bearer token): compared in constant time, with the previous secret still accepted until
// its date after a rotation, so an LMS can be switched over without losing a delivery.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Delivery, PlatformSource } from './platform.ts';

/** The secrets the source accepts at `now`: its own, and the one a rotation replaced while valid. */
export function acceptedSecrets(source: PlatformSource, now: Date): string[] {
  const previousValid = source.previousSecret !== undefined && source.previousSecretValidUntil !== undefined && Date.parse(source.previousSecretValidUntil) > now.getTime();
  return [source.secret, previousValid ? source.previousSecret : undefined].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

// Both sides are hashed first so the comparison takes the same time whatever the lengths.
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Does any presented value equal a secret the source accepts? Every pair is compared, so the
 *  time taken says nothing about which one (or whether any) matched. */
export function presentsSourceSecret(presented: ReadonlyArray<string | undefined>, source: PlatformSource, now: Date): boolean {
  const secrets = acceptedSecrets(source, now).map(digest);
  let match = false;
  for (const value of presented) {
    if (!value) continue;
    const candidate = digest(value);
    for (const secret of secrets) match = timingSafeEqual(candidate, secret) || match;
  }
  return match;
}

/** The token of an `Authorization: Bearer <token>` header; undefined for any other scheme. */
export function bearerToken(headers: Delivery['headers']): string | undefined {
  const value = headerValue(headers, 'authorization');
  const match = value ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(value) : null;
  return match?.[1];
}

/** A header by name, whatever case the pipeline stored it in (the contract says lower-case). */
export function headerValue(headers: Delivery['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  if (headers[wanted] !== undefined) return headers[wanted];
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
