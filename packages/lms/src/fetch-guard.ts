// The only way an adapter reaches an LMS (a JWKS, Canvas's REST API, Moodle's web service): URLs an
// admin typed into a source must not turn Tessera into a proxy for plain-http or internal calls.
// https anywhere; plain http only to loopback, and only when the caller says so (the local stack
// and its fake LMS). Redirects are refused rather than followed, so no hop escapes the check.
import type { PlatformContext } from './platform.ts';

export type PlatformFetchOptions = {
  /** http:// to 127.0.0.0/8, ::1 or localhost is allowed (the local stack). @default false */
  allowLoopbackHttp?: boolean;
  /** A call that takes longer is aborted; the pipeline retries later. @default 5000 */
  timeoutMs?: number;
};

/** A call to an LMS failed in a way the source's settings or the LMS must fix (refused token, an
 *  answer we cannot read, a URL the guard refuses). Not a TesseraError: it is never an answer to
 *  the LMS that made the delivery, only a reason the pipeline keeps the event unresolved. */
export class PlatformApiError extends Error {
  /** The LMS's HTTP status, when it answered. */
  readonly status: number | undefined;
  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PlatformApiError';
    this.status = options.status;
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const isLoopbackHost = (hostname: string) => LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

/** Throws PlatformApiError when `url` is not one an adapter may call. */
export function checkPlatformUrl(url: string, options: PlatformFetchOptions = {}): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new PlatformApiError(`not a URL: ${JSON.stringify(url)}`, { cause });
  }
  // Credentials in a URL end up in logs and proxies; a source has its own fields for tokens.
  if (parsed.username || parsed.password) throw new PlatformApiError(`refusing ${parsed.origin}: a URL must not carry a user name or password`);
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) {
    if (options.allowLoopbackHttp) return parsed;
    throw new PlatformApiError(`refusing ${parsed.origin}: plain http is allowed only to loopback in the local stack`);
  }
  throw new PlatformApiError(`refusing ${parsed.origin}: an LMS is called over https only`);
}

const GUARDED = new WeakSet<typeof fetch>();

/** Wraps `base` so every call passes checkPlatformUrl, never follows a redirect and gives up
 *  after `timeoutMs`. The pipeline builds `PlatformContext.fetch` with this. */
export function guardPlatformFetch(base: typeof fetch, options: PlatformFetchOptions = {}): typeof fetch {
  const timeoutMs = options.timeoutMs ?? 5000;
  const guarded = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = checkPlatformUrl(input instanceof Request ? input.url : String(input), options);
    const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    return base(url, { ...init, redirect: 'error', signal });
  }) as typeof fetch;
  GUARDED.add(guarded);
  return guarded;
}

/** The fetch an adapter uses: the context's own when the pipeline guarded it, otherwise the
 *  context's wrapped in the strict guard (no loopback), so an unguarded context fails closed. */
export function platformFetch(context: Pick<PlatformContext, 'fetch'>): typeof fetch {
  return GUARDED.has(context.fetch) ? context.fetch : guardPlatformFetch(context.fetch);
}

/** The most an LMS answer may weigh (a JWKS, a user profile): more is a misconfigured URL. */
const MAX_ANSWER_BYTES = 256 * 1024;

/** GETs JSON from an LMS. 404 → undefined (the LMS does not know the thing); 401/403 and other
 *  non-2xx answers, non-JSON bodies and network faults → PlatformApiError naming `what`. */
export async function getPlatformJson(context: Pick<PlatformContext, 'fetch'>, url: string, what: string, headers: Record<string, string> = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await platformFetch(context)(url, { headers: { Accept: 'application/json', ...headers } });
  } catch (cause) {
    if (cause instanceof PlatformApiError) throw cause;
    throw new PlatformApiError(`${what}: the call failed (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new PlatformApiError(`${what}: the LMS refused the credentials (HTTP ${response.status})`, { status: response.status });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new PlatformApiError(`${what}: the LMS answered HTTP ${response.status}`, { status: response.status });
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw new PlatformApiError(`${what}: the answer is over ${MAX_ANSWER_BYTES} bytes`, { status: response.status });
  }
  const text = await response.text();
  if (Buffer.byteLength(text) > MAX_ANSWER_BYTES) throw new PlatformApiError(`${what}: the answer is over ${MAX_ANSWER_BYTES} bytes`, { status: response.status });
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new PlatformApiError(`${what}: the answer is not JSON`, { status: response.status, cause });
  }
}
