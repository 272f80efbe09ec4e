// Resolves did:web DIDs and https key/controller documents over HTTP for the verifier, with
// the limits a public endpoint needs: a timeout, a size cap, a short cache, https only
// (plain http just for localhost, so the local runtime can verify its own badges).
import { DocumentResolutionError } from './errors.ts';
import { selectFragment, splitFragment, type JsonDocument } from './fragment.ts';
import type { ResolveDocument } from './document-loader.ts';

export type HttpDocumentResolverOptions = {
  timeoutMs?: number;
  maxBytes?: number;
  cacheTtlMs?: number;
  fetch?: typeof globalThis.fetch;
  /** Resolve did:web:localhost / http://localhost at all (default true, for the local runtime). A
   *  deployed verify endpoint should pass false: localhost there is the Lambda runtime API. */
  allowLocalhost?: boolean;
  /** Milliseconds since the epoch; injectable so cache expiry can be tested without waiting. */
  now?: () => number;
};

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);
/** Bounds memory on a public verify endpoint fed many different issuers. */
const MAX_CACHE_ENTRIES = 1000;

/** did:web:host%3Aport:path:segments -> https://host:port/path/segments/did.json (or /.well-known/did.json). */
export function didWebToUrl(did: string): string {
  if (!did.startsWith('did:web:')) throw new DocumentResolutionError(did, `"${did}" is not a did:web DID`);
  const [host, ...path] = did.slice('did:web:'.length).split(':');
  if (!host) throw new DocumentResolutionError(did, `"${did}" is not a did:web DID`);
  const authority = decodeURIComponent(host);
  const hostname = authority.replace(/:\d+$/, '');
  const scheme = LOCAL_HOSTS.has(hostname) ? 'http' : 'https';
  const pathname = path.length ? `/${path.map(decodeURIComponent).join('/')}/did.json` : '/.well-known/did.json';
  return `${scheme}://${authority}${pathname}`;
}

/** The http(s) URL a DID or document URL (without fragment) is fetched from; refuses anything else. */
function fetchUrlFor(base: string, allowLocalhost: boolean): string {
  let url: URL;
  try {
    url = new URL(base.startsWith('did:web:') ? didWebToUrl(base) : base);
  } catch (cause) {
    if (cause instanceof DocumentResolutionError) throw cause;
    throw new DocumentResolutionError(base, `"${base}" is not a URL`, cause);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (local && !allowLocalhost) throw new DocumentResolutionError(base, `refusing to resolve "${base}": localhost is not resolved here`);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && local)) return url.href;
  throw new DocumentResolutionError(base, `refusing to resolve "${base}": only did:web and https URLs are resolved`);
}

async function readCapped(response: Response, url: string, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) throw new DocumentResolutionError(url, `document at ${url} is larger than ${maxBytes} bytes`);
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Count while reading: a missing or lying content-length must not let a large body through.
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new DocumentResolutionError(url, `document at ${url} is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createHttpDocumentResolver({
  timeoutMs = 3000,
  maxBytes = 256 * 1024,
  cacheTtlMs = 5 * 60 * 1000,
  fetch = globalThis.fetch,
  allowLocalhost = true,
  now = Date.now,
}: HttpDocumentResolverOptions = {}): ResolveDocument {
  const cache = new Map<string, { document: JsonDocument; expiresAt: number }>();

  async function load(fetchUrl: string, fresh = false): Promise<JsonDocument> {
    const cached = fresh ? undefined : cache.get(fetchUrl);
    if (cached && cached.expiresAt > now()) return cached.document;
    let text: string;
    try {
      const response = await fetch(fetchUrl, {
        headers: { accept: 'application/did+json, application/ld+json, application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new DocumentResolutionError(fetchUrl, `GET ${fetchUrl} answered ${response.status}`);
      text = await readCapped(response, fetchUrl, maxBytes);
    } catch (cause) {
      if (cause instanceof DocumentResolutionError) throw cause;
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
      throw new DocumentResolutionError(
        fetchUrl,
        timedOut ? `GET ${fetchUrl} timed out after ${timeoutMs} ms` : `GET ${fetchUrl} failed`,
        cause,
      );
    }
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (cause) {
      throw new DocumentResolutionError(fetchUrl, `document at ${fetchUrl} is not JSON`, cause);
    }
    if (!document || typeof document !== 'object' || Array.isArray(document)) {
      throw new DocumentResolutionError(fetchUrl, `document at ${fetchUrl} is not a JSON object`);
    }
    if (cache.size >= MAX_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(fetchUrl, { document: document as JsonDocument, expiresAt: now() + cacheTtlMs });
    return document as JsonDocument;
  }

  return async (url) => {
    const { base } = splitFragment(url);
    const fetchUrl = fetchUrlFor(base, allowLocalhost);
    try {
      return selectFragment(await load(fetchUrl), url);
    } catch (error) {
      // A key missing from a cached document may be one the issuer has just rotated to: fetch once more.
      if (!(error instanceof DocumentResolutionError) || !cache.has(fetchUrl)) throw error;
      return selectFragment(await load(fetchUrl, true), url);
    }
  };
}
