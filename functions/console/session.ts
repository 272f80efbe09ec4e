// Console sessions: who is signed in, proven by a random token in an HttpOnly cookie whose SHA-256
// is the session's key in the table; and the CSRF token every form carries, derived from that same
// secret (an HMAC), so it is tied to the session without being stored. Before sign-in, the forms
// (sign-in, language) carry a double-submit token: a random cookie the form must repeat.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '@tessera/catalogue';
import { ForbiddenError, TesseraError, UnauthorizedError } from '@tessera/core';
import type { ConsoleSession } from '@tessera/store';
import type { Dependencies } from '../shared/dependencies.ts';
import { readCookies, setCookie } from '../shared/cookies.ts';
import type { HttpRequest } from '../shared/http.ts';

export const SESSION_COOKIE = 'tessera_console';
/** The pre-sign-in double-submit token. */
export const FORM_COOKIE = 'tessera_console_form';
/** A session lasts a working day; then the person signs in again (roles are read at sign-in). */
export const SESSION_SECONDS = 8 * 3600;

/** The session token and everything that hangs on it. */
export type SignedIn = { session: ConsoleSession; token: string; csrf: string; actor: Actor };

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

/** The CSRF token of a session: an HMAC of a fixed label under the session's own secret token. */
export function csrfOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('tessera console csrf').digest('base64url');
}

/** A console CSRF refusal: 403, as the brief of every form says. */
export class CsrfError extends TesseraError {
  constructor() {
    super(403, 'csrf', 'This form is missing its security token or it has expired. Go back, reload the page and try again.');
  }
}

export function assertCsrf(expected: string, presented: string | undefined): void {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented ?? '');
  if (a.length === 0 || a.length !== b.length || !timingSafeEqual(a, b)) throw new CsrfError();
}

/** Who is signed in, from the session cookie; undefined without one or when it expired. */
export async function currentSession(deps: Dependencies, event: HttpRequest): Promise<SignedIn | undefined> {
  const token = readCookies(event).get(SESSION_COOKIE);
  if (!token) return undefined;
  const session = await deps.store.consoleSessions.get(sha256(token), deps.clock.now());
  return session && { session, token, csrf: csrfOf(token), actor: { id: session.actorId, roles: session.roles } };
}

export type Identity = Pick<ConsoleSession, 'actorId' | 'roles' | 'email' | 'name' | 'via'>;

/** Stores a new session for this identity; the token goes to the cookie, its hash to the table. */
export async function startSession(deps: Dependencies, identity: Identity): Promise<{ token: string; session: ConsoleSession }> {
  const token = newToken();
  const now = deps.clock.now();
  const session: ConsoleSession = {
    ...identity,
    tokenHash: sha256(token),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000).toISOString(),
  };
  await deps.store.consoleSessions.create(session);
  return { token, session };
}

/** Signs in with an admin-API token, authenticated exactly as the admin API authenticates its
 *  bearer (the configured admin authenticator, handed the token as an Authorization header). */
export async function signInWithToken(deps: Dependencies, token: string): Promise<{ token: string; session: ConsoleSession }> {
  if (!token.trim()) throw new UnauthorizedError('Enter your admin token.');
  const actor = await deps.adminAuthenticator.authenticate({ headers: { Authorization: `Bearer ${token.trim()}` } } as unknown as HttpRequest);
  if (actor.roles.length === 0) throw new ForbiddenError([], 'Your account holds no console role.');
  const user = await deps.store.users.get(actor.id);
  return startSession(deps, { actorId: actor.id, roles: [...actor.roles], email: user?.email, name: user?.name, via: 'token' });
}

export async function signOut(deps: Dependencies, signedIn: SignedIn | undefined): Promise<void> {
  if (signedIn) await deps.store.consoleSessions.delete(signedIn.session.tokenHash);
}

export const sessionCookie = (event: HttpRequest, token: string) => setCookie(event, SESSION_COOKIE, token, { path: '/console', maxAge: SESSION_SECONDS });
export const clearSessionCookie = (event: HttpRequest) => setCookie(event, SESSION_COOKIE, '', { path: '/console', maxAge: 0 });

/** The pre-sign-in form token: the cookie's if the browser has one, else a new one to set. */
export function formToken(event: HttpRequest): { token: string; cookie?: string } {
  const known = readCookies(event).get(FORM_COOKIE);
  if (known && /^[\w-]{43}$/.test(known)) return { token: known };
  const token = newToken();
  return { token, cookie: setCookie(event, FORM_COOKIE, token, { path: '/console' }) };
}
