// What a long-running verifier keeps between verifications: the document resolvers (with their
// bounded caches) and the cache of status lists whose signature verified. Built once, in the
// composition root, and passed to every verification; never a module-level global.
import { createHttpDocumentResolver } from './http-resolver.ts';
import { createStatusListSignatureCache } from './limits.ts';
import type { VerifyOptions } from './verify.ts';

export type VerificationResources = Required<Pick<VerifyOptions, 'resolveDocument' | 'resolveStatusList' | 'verifiedStatusLists'>>;

export function createVerificationResources({ allowOrigins = [] }: { allowOrigins?: readonly string[] } = {}): VerificationResources {
  return {
    resolveDocument: createHttpDocumentResolver({ allowOrigins }),
    // Status lists change (a revocation must show at once): fetched on each verification, so their
    // freshness is the public origin's short cache, not ours on top of it.
    resolveStatusList: createHttpDocumentResolver({ allowOrigins, cacheTtlMs: 0 }),
    verifiedStatusLists: createStatusListSignatureCache(),
  };
}
