// Signers: the Signer port (Ed25519) and the RsaSigner port (RS256, for VC-JWT), each over AWS KMS and over a local key file.
export { createKmsSigner } from './kms-signer.ts';
export { createLocalSigner, retireLocalKey } from './local-signer.ts';
export { createKmsRsaSigner } from './kms-rsa-signer.ts';
export { createLocalRsaSigner } from './local-rsa-signer.ts';
export { MAX_RAW_MESSAGE_BYTES, SignerError } from './errors.ts';
