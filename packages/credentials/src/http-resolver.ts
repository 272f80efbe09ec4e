// Resolves did:web DIDs and https key/controller documents over HTTP for the verifier, with
// the limits a public endpoint needs (see limits.ts): a timeout, a size cap, a cache of
// successes bounded by bytes, https only, and no connection to an address that is not public
// (plain http and loopback only for an allowed origin, or localhost when asked).
import { createGuardedFetch, type Lookup } from './address-guard.ts';
import { DocumentResolutionError } from './errors.ts';
import { selectFragment, splitFragment, type JsonDocument } from './fragment.ts';
import type { ResolveContext, ResolveDocument } from './document-loader.ts';
import { VERIFY_LIMITS } from './limits.ts';

export type HttpDocumentResolverOptions = {
  timeoutMs?: number;
  /** Per document. */
  maxBytes?: number;
  /** How long a document is kept; 0: nothing is. With `freshness: 'http'`, the most it is kept. */
  cacheTtlMs?: number;
  /** `fixed`: every document is kept `cacheTtlMs`. `http`: for what its response's Cache-Control
   *  allows (max-age less Age; nothing for no-store, no-cache or no max-age), at most
   *  `cacheTtlMs`: status lists, which change, stay no staler than their publisher says. */
  freshness?: 'fixed' | 'http';
  /** The cache's bound, counted in the bytes of the documents' JSON text. */
  cacheMaxBytes?: number;
  /** Defaults to a fetch that refuses non-public addresses (address-guard.ts). */
  fetch?: typeof globalThis.fetch;
  /** The default fetch's DNS lookup; tests pass a fake resolver. */
  lookup?: Lookup;
  /** Resolve did:web:localhost / http://localhost and loopback addresses. Off by default: on a
   *  server localhost is the server itself (on Lambda, the runtime API). The command line turns
   *  it on, on a person's own machine. */
  allowLocalhost?: boolean;
  /** Origins reached over http and whatever their address: the local stack's own origin. */
  allowOrigins?: readonly string[];
  /** Milliseconds since the epoch; injectable so cache expiry can be tested without waiting. */
  now?: () => number;
};

export type HttpDocumentResolver = ResolveDocument & {
  cacheStats(): { entries: number; bytes: number };
  /** Drops what is kept for this URL: its publisher has just changed it (the local stack's revocations). */
  forget(url: string): void;
};

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

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
function fetchUrlFor(base: string, allowLocalhost: boolean, allowOrigins: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(base.startsWith('did:web:') ? didWebToUrl(base) : base);
  } catch (cause) {
    if (cause instanceof DocumentResolutionError) throw cause;
    throw new DocumentResolutionError(base, `"${base}" is not a URL`, cause);
  }
  const allowedOrigin = allowOrigins.includes(url.origin);
  const local = LOCAL_HOSTS.has(url.hostname);
  if (local && !allowLocalhost && !allowedOrigin) throw new DocumentResolutionError(base, `refusing to resolve "${base}": localhost is not resolved here`);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && (allowedOrigin || (local && allowLocalhost)))) return url.href;
  throw new DocumentResolutionError(base, `refusing to resolve "${base}": only did:web and https URLs are resolved`);
}

/** RFC 9111 §4.2.1/§4.2.3, as a private cache: the response's max-age less its Age, in ms. */
export function httpFreshnessMs(headers: Headers, capMs: number): number {
  const directives = (headers.get('cache-control') ?? '')
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return 0;
  const maxAge = directives.find((d) => d.startsWith('max-age='));
  const seconds = maxAge === undefined ? NaN : Number(maxAge.slice('max-age='.length));
  if (!Number.isFinite(seconds) || seconds <= 0) return 0;
  const age = Number(headers.get('age') ?? 0);
  const remaining = (seconds - (Number.isFinite(age) && age > 0 ? age : 0)) * 1000;
  return Math.max(0, Math.min(remaining, capMs));
}

async function readCapped(response: Response, url: string, maxBytes: number, context: ResolveContext): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new DocumentResolutionError(url, `document at ${url} is larger than ${maxBytes} bytes`);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Count while reading: a missing or lying content-length must not let a large body through.
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    try {
      if (total > maxBytes) throw new DocumentResolutionError(url, `document at ${url} is larger than ${maxBytes} bytes`);
      context.spendBytes?.(chunk.byteLength, url);
    } catch (error) {
      await response.body.cancel().catch(() => undefined);
      throw error;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createHttpDocumentResolver({
  timeoutMs = VERIFY_LIMITS.fetchTimeoutMs,
  maxBytes = VERIFY_LIMITS.maxDocumentBytes,
  cacheTtlMs = VERIFY_LIMITS.resolverCacheTtlMs,
  freshness = 'fixed',
  cacheMaxBytes = VERIFY_LIMITS.resolverCacheBytes,
  allowLocalhost = false,
  allowOrigins = [],
  lookup,
  fetch = createGuardedFetch({ lookup, allowLoopback: allowLocalhost, allowOrigins }),
  now = Date.now,
}: HttpDocumentResolverOptions = {}): HttpDocumentResolver {
  // Successes only, least recently used first out, bounded by the bytes of their JSON text.
  const cache = new Map<string, { document: JsonDocument; expiresAt: number; bytes: number }>();
  let cachedBytes = 0;
  const forget = (key: string) => {
    cachedBytes -= cache.get(key)?.bytes ?? 0;
    cache.delete(key);
  };
  const remember = (key: string, document: JsonDocument, bytes: number, ttlMs: number) => {
    if (ttlMs <= 0 || bytes > cacheMaxBytes) return;
    forget(key);
    while (cachedBytes + bytes > cacheMaxBytes) forget(cache.keys().next().value!);
    cache.set(key, { document, expiresAt: now() + ttlMs, bytes });
    cachedBytes += bytes;
  };

  async function load(fetchUrl: string, context: ResolveContext, fresh = false): Promise<JsonDocument> {
    const cached = fresh ? undefined : cache.get(fetchUrl);
    if (cached && cached.expiresAt > now()) {
      cache.delete(fetchUrl);
      cache.set(fetchUrl, cached);
      return cached.document;
    }
    if (cached) forget(fetchUrl);
    let text: string;
    let ttlMs = cacheTtlMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(fetchUrl, {
        headers: { accept: 'application/did+json, application/ld+json, application/json' },
        redirect: 'error',
        signal: context.signal ? AbortSignal.any([timeout, context.signal]) : timeout,
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new DocumentResolutionError(fetchUrl, `GET ${fetchUrl} answered ${response.status}`);
      }
      text = await readCapped(response, fetchUrl, maxBytes, context);
      if (freshness === 'http') ttlMs = httpFreshnessMs(response.headers, cacheTtlMs);
    } catch (cause) {
      if (cause instanceof DocumentResolutionError) throw cause;
      const timedOut = timeout.aborted;
      throw new DocumentResolutionError(fetchUrl, timedOut ? `GET ${fetchUrl} timed out after ${timeoutMs} ms` : `GET ${fetchUrl} failed`, cause);
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
    remember(fetchUrl, document as JsonDocument, Buffer.byteLength(text), ttlMs);
    return document as JsonDocument;
  }

  const resolve = async (url: string, context: ResolveContext = {}) => {
    const { base } = splitFragment(url);
    const fetchUrl = fetchUrlFor(base, allowLocalhost, allowOrigins);
    try {
      return selectFragment(await load(fetchUrl, context), url);
    } catch (error) {
      // A key missing from a cached document may be one the issuer has just rotated to: fetch once more.
      if (!(error instanceof DocumentResolutionError) || !cache.has(fetchUrl)) throw error;
      return selectFragment(await load(fetchUrl, context, true), url);
    }
  };
  return Object.assign(resolve, {
    cacheStats: () => ({ entries: cache.size, bytes: cachedBytes }),
    forget(url: string) {
      try {
        forget(fetchUrlFor(splitFragment(url).base, allowLocalhost, allowOrigins));
      } catch {
        // Not a URL this resolver would fetch: nothing of it is kept.
      }
    },
  });
}
