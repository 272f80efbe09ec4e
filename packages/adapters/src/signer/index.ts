// Signers: the Signer port over AWS KMS and over a local Ed25519 key file.
export { createKmsSigner } from './kms-signer.ts';
export { createLocalSigner, retireLocalKey } from './local-signer.ts';
export { MAX_RAW_MESSAGE_BYTES, SignerError } from './errors.ts';
