// Who may use the admin API: locally, the bearer of the configured token (the local admin) or of a
// user's token (looked up by its hash); on AWS, a Cognito user (already checked by the authorizer)
// with the roles their groups name. What each role may do is tested in packages/catalogue.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { TesseraError, UnauthorizedError, type AdminUser } from '@tessera/core';
import { hashUserToken, type Store } from '@tessera/store';
import { cognitoAuthenticator, createAdminAuthenticator, LOCAL_ADMIN } from './admin-auth.ts';

const TOKEN = 'local-admin-token-0123456789';
const USER_TOKEN = 'user-token-abcdefghijklmnop';
const designer: AdminUser = { id: 'u-42', email: 'd@example.edu', name: 'Dee Signer', roles: ['designer'], createdAt: '2026-12-01T00:00:00.000Z', createdBy: 'local-admin' };

/** The users a test knows, found only by the hash of their token (as the store does). */
const users: Pick<Store, 'users'> = {
  users: {
    create: () => expect.unreachable('create'),
    get: () => expect.unreachable('get'),
    list: () => expect.unreachable('list'),
    getByTokenHash: async (hash) => (hash === hashUserToken(USER_TOKEN) ? designer : undefined),
  },
};
const local = createAdminAuthenticator({ kind: 'token', token: TOKEN }, users);
const onAws = createAdminAuthenticator({ kind: 'cognito' }, users);

const withHeaders = (headers: Record<string, string>) => ({ headers, requestContext: {} }) as unknown as APIGatewayProxyEvent;
const withClaims = (claims: Record<string, string> | undefined) => ({ headers: {}, requestContext: { authorizer: claims && { claims } } }) as unknown as APIGatewayProxyEvent;

async function refusal(run: () => Promise<unknown>): Promise<TesseraError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof TesseraError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('admin API, locally (bearer tokens)', () => {
  it('takes the configured token as the local admin, whatever the case of the header and the scheme', async () => {
    expect(await local.authenticate(withHeaders({ Authorization: `Bearer ${TOKEN}` }))).toEqual(LOCAL_ADMIN);
    expect(await local.authenticate(withHeaders({ authorization: `bearer ${TOKEN}` }))).toEqual({ id: 'local-admin', roles: ['admin'] });
  });

  it("takes a user's token as that user, with the roles stored for them", async () => {
    expect(await local.authenticate(withHeaders({ Authorization: `Bearer ${USER_TOKEN}` }))).toEqual({ id: 'u-42', roles: ['designer'] });
  });

  it.each([
    ['no header', {}],
    ['another token', { Authorization: 'Bearer local-admin-token-9876543210' }],
    ['a prefix of the token', { Authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['the token and more', { Authorization: `Bearer ${TOKEN}x` }],
    ["a prefix of a user's token", { Authorization: `Bearer ${USER_TOKEN.slice(0, -1)}` }],
    ['no scheme', { Authorization: TOKEN }],
    ['another scheme', { Authorization: `Basic ${TOKEN}` }],
    ['an empty bearer', { Authorization: 'Bearer ' }],
    ['the token behind another word', { Authorization: `NotBearer ${TOKEN}` }],
  ])('refuses %s with 401, saying how to authenticate', async (_what, headers) => {
    const error = await refusal(() => local.authenticate(withHeaders(headers)));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toBe('missing or wrong admin token (Authorization: Bearer <TESSERA_ADMIN_TOKEN or a token from POST /admin/users>)');
  });

  it('does not accept Cognito claims in place of a token', async () => {
    const event = withClaims({ sub: 'u-1', 'cognito:groups': 'admin' });
    expect((await refusal(() => local.authenticate(event))).status).toBe(401);
  });
});

describe('admin API, on AWS (Cognito claims)', () => {
  it('names the caller by e-mail (or by sub without one), with the roles of their groups', async () => {
    expect(await onAws.authenticate(withClaims({ sub: 'u-1', email: 'ops@example.edu', 'cognito:groups': 'admin' }))).toEqual({ id: 'ops@example.edu', roles: ['admin'] });
    expect(await onAws.authenticate(withClaims({ sub: 'u-1', 'cognito:groups': 'admin' }))).toEqual({ id: 'u-1', roles: ['admin'] });
  });

  it('reads groups comma-, space- or bracket-separated, and ignores groups that are not roles', async () => {
    const roles = async (groups: string) => (await onAws.authenticate(withClaims({ sub: 'u-2', 'cognito:groups': groups }))).roles;
    expect(await roles('designer,qa-manager')).toEqual(['designer', 'qa-manager']);
    expect(await roles('designer qa-manager')).toEqual(['designer', 'qa-manager']);
    expect(await roles('[registrar, auditor]')).toEqual(['registrar', 'auditor']);
    expect(await roles('reviewers,admins,qa')).toEqual([]);
    expect(await roles('')).toEqual([]);
  });

  it('refuses a request without verified claims (401), and a bearer token is no way in', async () => {
    expect((await refusal(() => onAws.authenticate(withClaims(undefined)))).status).toBe(401);
    expect((await refusal(() => onAws.authenticate(withHeaders({ Authorization: `Bearer ${TOKEN}` })))).status).toBe(401);
  });

  it('is what the composition root picks when the configuration says cognito', () => {
    expect(onAws).toBe(cognitoAuthenticator);
  });
});
