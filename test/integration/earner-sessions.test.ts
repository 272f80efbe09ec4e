// The earner's sign-in links and sessions against DynamoDB Local: a link signs in once, within 24 h;
// a made-up one is "not found"; a session lasts 7 days; only hashes of the secrets are stored.
import { createHash, randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@tessera/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csrfMatches, sessionOf, signIn, signOut } from '../../functions/earner/earner.ts';
import { coreDependencies, refusal, testClock } from '../support/core-dependencies.ts';

const NOW = '2026-12-03T10:00:00.000Z';
const clock = testClock(NOW);
let env: Awaited<ReturnType<typeof coreDependencies>>;

beforeAll(async () => {
  env = await coreDependencies(clock);
});
beforeEach(() => clock.set(NOW));

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A sign-in link as requestSignIn stores it (the mail itself is tested end to end). */
async function mailedLink(email = 'ada@example.org'): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await env.deps.store.earnerSessions.createSignIn({ tokenHash: sha256(token), email, createdAt: NOW, expiresAt: '2026-12-04T10:00:00.000Z' });
  return token;
}

describe('earner sign-in links', () => {
  it('sign in once: the second use of the same link is not found', async () => {
    const token = await mailedLink();

    const first = await signIn(env.deps, token);
    const second = await refusal(signIn(env.deps, token));

    expect(first.email).toBe('ada@example.org');
    expect(second).toBeInstanceOf(NotFoundError);
  });

  it('two clicks at the same moment open one session', async () => {
    const token = await mailedLink();

    const outcomes = await Promise.allSettled([signIn(env.deps, token), signIn(env.deps, token), signIn(env.deps, token)]);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });

  it('expires after 24 hours', async () => {
    const token = await mailedLink();
    expect(await env.deps.store.earnerSessions.findSignIn(sha256(token), clock.now())).toBeDefined();
    clock.set('2026-12-04T10:00:01.000Z');
    expect(await env.deps.store.earnerSessions.findSignIn(sha256(token), clock.now())).toBeUndefined();

    expect(await refusal(signIn(env.deps, token))).toBeInstanceOf(NotFoundError);
  });

  it('a made-up token is not found, whatever its shape', async () => {
    for (const token of [randomBytes(32).toString('base64url'), 'short', '../../etc/passwd']) {
      expect(await refusal(signIn(env.deps, token))).toBeInstanceOf(NotFoundError);
    }
  });

  it('stores only the hashes of the link and the session, never the secrets', async () => {
    const token = await mailedLink('grace@example.org');
    const { sessionToken } = await signIn(env.deps, token);

    const { Items = [] } = await env.table.client.send(new ScanCommand({ TableName: env.table.tableName }));
    const stored = JSON.stringify(Items);

    expect(stored).toContain(sha256(sessionToken));
    expect(stored).not.toContain(sessionToken);
    expect(stored).not.toContain(token);
    expect(Items.find((i) => i.sessionHash === sha256(sessionToken))?.purgeAt).toBe(Date.parse('2026-12-10T10:00:00.000Z') / 1000);
  });
});

describe('earner sessions', () => {
  it('last 7 days, carry a CSRF token tied to them, and end on sign-out', async () => {
    const { sessionToken } = await signIn(env.deps, await mailedLink());

    const session = await sessionOf(env.deps, sessionToken);
    const other = await sessionOf(env.deps, (await signIn(env.deps, await mailedLink())).sessionToken);
    expect(session?.email).toBe('ada@example.org');
    expect(csrfMatches(session!, session!.csrfToken)).toBe(true);
    expect(csrfMatches(session!, other!.csrfToken)).toBe(false);
    expect(csrfMatches(session!, undefined)).toBe(false);

    clock.set('2026-12-10T09:59:59.000Z');
    expect(await sessionOf(env.deps, sessionToken)).toBeDefined();
    clock.set('2026-12-10T10:00:00.000Z');
    expect(await sessionOf(env.deps, sessionToken)).toBeUndefined();

    clock.set(NOW);
    await signOut(env.deps, other!);
    expect(await sessionOf(env.deps, other!.sessionToken)).toBeUndefined();
  });

  it('a made-up session cookie is no session', async () => {
    expect(await sessionOf(env.deps, randomBytes(32).toString('base64url'))).toBeUndefined();
    expect(await sessionOf(env.deps, undefined)).toBeUndefined();
  });
});
