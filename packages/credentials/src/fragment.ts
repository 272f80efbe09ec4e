// Picks the object a URL's fragment names out of the document it was loaded from: a
// `did:web:x#key` or `https://x/issuer#key` URL means the verification method, not the DID document.
import { DocumentResolutionError } from './errors.ts';

export type JsonDocument = Record<string, unknown>;

const KEY_RELATIONSHIPS = ['verificationMethod', 'assertionMethod', 'authentication', 'publicKey'] as const;

export function splitFragment(url: string): { base: string; fragment: string | undefined } {
  const hash = url.indexOf('#');
  return hash < 0 ? { base: url, fragment: undefined } : { base: url.slice(0, hash), fragment: url.slice(hash + 1) };
}

/** The object whose id (absolute, or relative like `#key`) is `url`; the document itself if it already is that object. */
export function selectFragment(document: JsonDocument, url: string): JsonDocument {
  const { base, fragment } = splitFragment(url);
  if (fragment === undefined || document.id === url) return document;
  const matches = (id: unknown) => id === url || id === `#${fragment}` || (typeof id === 'string' && id === `${base}#${fragment}`);
  for (const relationship of KEY_RELATIONSHIPS) {
    const entries = document[relationship];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (entry && typeof entry === 'object' && matches((entry as JsonDocument).id)) {
        return { ...(entry as JsonDocument), id: url };
      }
    }
  }
  throw new DocumentResolutionError(url, `no verification method "${url}" in the document at ${base}`);
}
