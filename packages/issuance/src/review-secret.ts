// Review links carry a 256-bit random secret; only its SHA-256 is stored, so a leaked table
// backup cannot be turned into working links.
import { createHash, randomBytes } from 'node:crypto';

export function newReviewSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashReviewSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** 32 bytes in base64url are exactly 43 characters. */
export function isWellFormedReviewSecret(secret: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(secret);
}
