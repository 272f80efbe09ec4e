// The URLs Tessera itself calls on a source's behalf (Canvas's JWKS and API, Moodle's web service):
// https only, except plain http to this machine's loopback in the local stack, so a fake LMS can run
// beside `npm start` and a real deployment never sends a token in the clear.
import { ValidationError, type Config } from '@tessera/core';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The local stack is the one whose public origin is this machine (as chooseVerification decides). */
export const isLocalStack = (config: Pick<Config, 'publicBaseUrl'>) => LOOPBACK.has(new URL(config.publicBaseUrl).hostname);

/** Why Tessera may not call `url`, or undefined when it may. */
export function outboundUrlProblem(url: string, local: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && local && LOOPBACK.has(parsed.hostname)) return undefined;
  return local ? 'must be https (plain http only to localhost in the local stack)' : 'must be https';
}

/** The settings of a source that are URLs Tessera calls. */
export const OUTBOUND_URL_SETTINGS = ['jwksUrl', 'apiUrl', 'wsUrl'] as const;

/** 400 naming each URL setting Tessera may not call. */
export function assertOutboundUrls(settings: object, local: boolean): void {
  const details = OUTBOUND_URL_SETTINGS.map((path) => [path, (settings as Partial<Record<string, unknown>>)[path]] as const).flatMap(([path, value]) => {
    const problem = typeof value === 'string' ? outboundUrlProblem(value, local) : undefined;
    return problem ? [{ path, message: problem }] : [];
  });
  if (details.length) throw new ValidationError(`invalid source: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details);
}

/** A fetch that refuses what outboundUrlProblem refuses, before any byte leaves. */
export function guardedFetch(local: boolean, inner: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const problem = outboundUrlProblem(url, local);
    if (problem) return Promise.reject(new Error(`refusing to fetch ${new URL(url).origin}: the URL ${problem}`));
    return inner(input, init);
  };
}
