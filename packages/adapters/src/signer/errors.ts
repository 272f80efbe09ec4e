// Failures of a signing key (unreadable key file, KMS unreachable or refusing, a key that is
// not Ed25519). They are our fault, not the caller's: 500, with the underlying cause kept.
import { TesseraError, ValidationError } from '@tessera/core';

export class SignerError extends TesseraError {
  constructor(message: string, cause?: unknown) {
    super(500, 'signer_failed', message, { cause });
  }
}

/** KMS `Sign` with MessageType RAW takes at most 4096 bytes; both signers refuse more the same way. */
export const MAX_RAW_MESSAGE_BYTES = 4096;

export function assertRawMessageSize(message: Uint8Array): void {
  if (message.byteLength > MAX_RAW_MESSAGE_BYTES) {
    throw new ValidationError(`a RAW message to sign must be at most ${MAX_RAW_MESSAGE_BYTES} bytes`, [
      { path: 'message', message: `${message.byteLength} bytes is more than ${MAX_RAW_MESSAGE_BYTES}` },
    ]);
  }
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow it. */
export const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
