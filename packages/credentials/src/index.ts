// @tessera/credentials: build, sign, validate and verify Open Badges 3.0 credentials, offline.
export * from './baking.ts';

export * from './bitstring.ts';
export * from './build.ts';
export * from './contexts.ts';
export * from './did.ts';
export * from './document-loader.ts';
export * from './errors.ts';
export * from './http-resolver.ts';
export * from './recipient.ts';
export * from './rsa-key.ts';
export * from './vc-jwt.ts';
export * from './schema.ts';
export * from './sign.ts';
export * from './status-list.ts';
export * from './verify.ts';
export { selectFragment, type JsonDocument } from './fragment.ts';
export { resolveDidKey } from './did-key.ts';
export { CRYPTOSUITE } from './suite.ts';
export * from './limits.ts';
export { createGuardedFetch, isPublicAddress, type Lookup } from './address-guard.ts';
export * from './verification-resources.ts';
