// The earner's own page, as plain functions: a mailed single-use sign-in link (only its SHA-256
// stored, 24 h) opens a session (its cookie's value also stored only as a SHA-256, 7 days); there
// the earner sees every credential issued to their address, their progress toward each stack, and
// chooses what each public badge page shows (which rewrites it). Forms carry a CSRF token derived
// from the session's secret, so no other site can post them on the earner's behalf.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BadgeVisibility, NotFoundError, PRIVATE_BADGE, publicPaths, publicUrl, type CredentialRecord } from '@tessera/core';
import type { Language } from '@tessera/i18n';
import { publishBadgePage, signInMail } from '@tessera/issuance';
import type { Dependencies } from '../shared/dependencies.ts';
import { earnerCredentials } from '../catalogue/earners.ts';
import { storedZip } from './zip.ts';

export const SIGN_IN_LIFETIME_SECONDS = 24 * 3600;
export const SESSION_LIFETIME_SECONDS = 7 * 24 * 3600;
export { EARNER_SESSION_COOKIE as SESSION_COOKIE } from '../shared/cookies.ts';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
/** 256 random bits, URL-safe. */
const newSecret = () => randomBytes(32).toString('base64url');
/** A well-formed secret: 43 base64url characters. Anything else is not looked up. */
export const isSecret = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

/** Mails a sign-in link when the address has credentials; says nothing either way (the caller
 *  answers the same page), so the form tells no one whose address is known. */
export async function requestSignIn(deps: Dependencies, email: string, language: Language): Promise<void> {
  const held = await deps.store.credentials.listByEarner(email);
  if (held.length === 0) return;
  const token = newSecret();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SIGN_IN_LIFETIME_SECONDS * 1000).toISOString();
  await deps.store.earnerSessions.createSignIn({ tokenHash: sha256(token), email, createdAt: now.toISOString(), expiresAt });
  const url = publicUrl(deps.config.publicBaseUrl, publicPaths.earnerSignIn(token));
  await deps.mailer.send(signInMail({ to: email, url, expiresAt, language }));
}

/** Whether the link is one we sent and can still be used (GET shows the button only then). */
export async function assertSignInLink(deps: Dependencies, token: string): Promise<void> {
  const found = isSecret(token) ? await deps.store.earnerSessions.findSignIn(sha256(token), deps.clock.now()) : undefined;
  if (!found) throw new NotFoundError('this sign-in link is not valid (used, expired or never sent)');
}

/** Uses the sign-in link up and opens a session; its secret goes in the cookie. Unknown, used or
 *  expired → NotFoundError (a 404 page). */
export async function signIn(deps: Dependencies, token: string): Promise<{ sessionToken: string; email: string }> {
  const now = deps.clock.now();
  const signInLink = isSecret(token) ? await deps.store.earnerSessions.consumeSignIn(sha256(token), now) : undefined;
  if (!signInLink) throw new NotFoundError('this sign-in link is not valid (used, expired or never sent)');
  const sessionToken = newSecret();
  await deps.store.earnerSessions.createSession({
    sessionHash: sha256(sessionToken),
    email: signInLink.email,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_SECONDS * 1000).toISOString(),
  });
  return { sessionToken, email: signInLink.email };
}

export type EarnerSession = { email: string; sessionToken: string; csrfToken: string };

/** The signed-in earner behind a cookie value, or undefined. */
export async function sessionOf(deps: Dependencies, sessionToken: string | undefined): Promise<EarnerSession | undefined> {
  if (!sessionToken || !isSecret(sessionToken)) return undefined;
  const session = await deps.store.earnerSessions.getSession(sha256(sessionToken), deps.clock.now());
  return session && { email: session.email, sessionToken, csrfToken: csrfTokenFor(sessionToken) };
}

export async function signOut(deps: Dependencies, session: EarnerSession): Promise<void> {
  await deps.store.earnerSessions.endSession(sha256(session.sessionToken));
}

/** Derived from the session's secret, which only the earner's browser holds (an HttpOnly cookie). */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`, 'utf8').digest('base64url');
}

export function csrfMatches(session: EarnerSession, sent: string | undefined): boolean {
  if (!sent) return false;
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(sent);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export type EarnerCredentialView = {
  record: CredentialRecord;
  name: string;
  status: CredentialRecord['status'];
  evidence: { index: number; label: string }[];
};

const achievementName = (record: CredentialRecord) => {
  const subject = record.credential.credentialSubject as { achievement?: { name?: unknown } } | undefined;
  return typeof subject?.achievement?.name === 'string' ? subject.achievement.name : record.achievementId;
};

/** Every credential issued to the address (newest first), with what can be shown of each, and the
 *  progress toward each published stack they count toward. */
export async function earnerOverview(deps: Dependencies, email: string) {
  const { credentials, progress } = await earnerCredentials(deps, email);
  const records = await Promise.all(credentials.map((c) => deps.store.credentials.get(c.credentialId)));
  const views: EarnerCredentialView[] = records
    .filter((r): r is CredentialRecord => r !== undefined)
    .map((record) => ({
      record,
      name: achievementName(record),
      status: record.status ?? 'ACTIVE',
      evidence: (Array.isArray(record.credential.evidence) ? (record.credential.evidence as Record<string, unknown>[]) : []).map((e, index) => ({
        index,
        label: [e.name, e.id].find((v): v is string => typeof v === 'string') ?? '',
      })),
    }))
    .reverse();
  return { credentials: views, progress };
}

/** Only a credential issued to the signed-in address; another one is "not found" (never "forbidden",
 *  which would say it exists). */
async function ownCredential(deps: Dependencies, email: string, credentialId: string): Promise<CredentialRecord> {
  const held = await deps.store.credentials.listByEarner(email);
  const record = held.some((c) => c.credentialId === credentialId) ? await deps.store.credentials.get(credentialId) : undefined;
  if (!record) throw new NotFoundError(`no credential '${credentialId}' of yours`);
  return record;
}

/** Stores the earner's choice and rewrites the public badge page with it. */
export async function chooseVisibility(deps: Dependencies, email: string, credentialId: string, visibility: BadgeVisibility): Promise<CredentialRecord> {
  const record = await ownCredential(deps, email, credentialId);
  const evidenceCount = Array.isArray(record.credential.evidence) ? record.credential.evidence.length : 0;
  const chosen: BadgeVisibility = { showName: visibility.showName, evidence: [...new Set(visibility.evidence)].filter((i) => i < evidenceCount).sort((a, b) => a - b) };
  const updated = await deps.store.credentials.setVisibility(record.id, chosen);
  await publishBadgePage(deps, updated);
  return updated;
}

export const visibilityOf = (record: CredentialRecord): BadgeVisibility => record.visibility ?? PRIVATE_BADGE;

/** Every credential of the address as its signed JSON, one file each, in a zip. */
export async function credentialsZip(deps: Dependencies, email: string): Promise<Buffer> {
  const { credentials } = await earnerOverview(deps, email);
  const slug = (name: string) =>
    name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'credential';
  return storedZip(
    credentials.map(({ record, name }) => ({
      name: `${slug(name)}-${record.id}.json`,
      data: Buffer.from(JSON.stringify(record.credential, null, 2)),
      modified: new Date(record.issuedAt),
    })),
  );
}
