// Cookies for the pages that keep a session (the earner's own page, the console) and the language
// choice. One reader and one writer, so every cookie Tessera sets has the same safe attributes.
import { header, type HttpRequest } from './http.ts';

/** The earner's session on their own page (/me); CloudFront forwards it to /me only. */
export const EARNER_SESSION_COOKIE = 'tessera_earner';

/** The request's cookies by name (the first of a repeated name wins, as browsers send the most specific first). */
export function readCookies(event: HttpRequest): Map<string, string> {
  const cookies = new Map<string, string>();
  const raw = [header(event, 'cookie'), ...(event.multiValueHeaders?.cookie ?? event.multiValueHeaders?.Cookie ?? [])].filter(Boolean).join('; ');
  for (const part of raw.split(';').map((p) => p.trim())) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const name = part.slice(0, at);
    if (cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(part.slice(at + 1).trim()));
    } catch {
      // A malformed escape is someone else's cookie; skip it rather than fail the page.
    }
  }
  return cookies;
}

export type CookieOptions = {
  /** Seconds; 0 deletes the cookie. Absent: a session cookie. */
  maxAge?: number;
  path?: string;
  /** HttpOnly unless a script must read it (none of ours do). */
  httpOnly?: boolean;
  sameSite?: 'Strict' | 'Lax';
};

/** A Set-Cookie value: Secure whenever the request came over https (always on AWS; never on
 *  http://localhost, where a Secure cookie would be dropped), SameSite=Lax and HttpOnly by default. */
export function setCookie(event: HttpRequest, name: string, value: string, options: CookieOptions = {}): string {
  const https = (header(event, 'x-forwarded-proto') ?? '').toLowerCase() === 'https';
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`, `SameSite=${options.sameSite ?? 'Lax'}`];
  if (options.httpOnly ?? true) parts.push('HttpOnly');
  if (https) parts.push('Secure');
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
  return parts.join('; ');
}
