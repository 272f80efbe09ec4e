// What a long-running verifier keeps between verifications: the document resolvers (with their
// bounded caches) and the cache of status lists whose signature verified. Built once, in the
// composition root, and passed to every verification; never a module-level global.
import { createHttpDocumentResolver, type HttpDocumentResolver } from './http-resolver.ts';
import { createStatusListSignatureCache, VERIFY_LIMITS } from './limits.ts';
import type { VerifyOptions } from './verify.ts';

export type VerificationResources = Required<Pick<VerifyOptions, 'resolveDocument' | 'verifiedStatusLists'>> & { resolveStatusList: HttpDocumentResolver };

export function createVerificationResources({ allowOrigins = [] }: { allowOrigins?: readonly string[] } = {}): VerificationResources {
  return {
    resolveDocument: createHttpDocumentResolver({ allowOrigins }),
    // Status lists change: kept only for what remains of the publisher's max-age (Age subtracted),
    // so a list is never staler here than at the public origin's edge (60 s for Tessera's own).
    resolveStatusList: createHttpDocumentResolver({ allowOrigins, freshness: 'http', cacheTtlMs: VERIFY_LIMITS.statusListMaxAgeMs }),
    verifiedStatusLists: createStatusListSignatureCache(),
  };
}
