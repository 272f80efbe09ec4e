// The recipient's identity as OB 3.0 publishes it: a salted SHA-256 of the e-mail address,
// so the public credential holds no personal data yet the earner can prove it is theirs.
import { createHash, randomBytes } from 'node:crypto';

/** 'sha256$' + hex(sha256(lower-cased email + salt)), the OB 3.0 IdentityObject.identityHash. */
export function hashRecipientEmail(email: string, salt: string): string {
  return (
    'sha256$' +
    createHash('sha256')
      .update(email.trim().toLowerCase() + salt, 'utf8')
      .digest('hex')
  );
}

/** 128 random bits, hex: enough that the hash cannot be reversed by trying known addresses. */
export function newSalt(): string {
  return randomBytes(16).toString('hex');
}
