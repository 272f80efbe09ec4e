// The only JSON-LD document loader we hand to jsonld: bundled contexts, did:key computed
// locally, everything else through an injected resolver. It never touches the network itself.
import { BUNDLED_CONTEXTS } from './contexts.ts';
import { isDidKey, resolveDidKey } from './did-key.ts';
import { DocumentResolutionError } from './errors.ts';
import { selectFragment, type JsonDocument } from './fragment.ts';

/** What one verification lets a resolution spend: its abort signal (the time budget) and a
 *  meter for the bytes fetched (throws once the verification's byte budget is spent). */
export type ResolveContext = { signal?: AbortSignal; spendBytes?: (bytes: number, url: string) => void };

/** Resolves a non-context URL (did:web, an https key or controller document) to its JSON. */
export type ResolveDocument = (url: string, context?: ResolveContext) => Promise<JsonDocument>;

export type RemoteDocument = { contextUrl: null; documentUrl: string; document: unknown };
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

const refuseUnknown: ResolveDocument = async (url) => {
  throw new DocumentResolutionError(url, `cannot resolve "${url}": it is not a bundled context or a did:key, and no resolver was given`);
};

export function createDocumentLoader({ resolveDocument = refuseUnknown }: { resolveDocument?: ResolveDocument } = {}): DocumentLoader {
  return async (url) => {
    const context = BUNDLED_CONTEXTS.get(url);
    if (context !== undefined) return { contextUrl: null, documentUrl: url, document: context };
    let document: JsonDocument;
    try {
      document = isDidKey(url) ? await resolveDidKey(url) : await resolveDocument(url);
    } catch (cause) {
      if (cause instanceof DocumentResolutionError) throw cause;
      throw new DocumentResolutionError(url, `cannot resolve "${url}"`, cause);
    }
    return { contextUrl: null, documentUrl: url, document: selectFragment(document, url) };
  };
}
