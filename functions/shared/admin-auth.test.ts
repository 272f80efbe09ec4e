// Who may use the admin API: locally, whoever presents the configured bearer token; on AWS, a
// Cognito user (already checked by the authorizer) in a group that grants the route's role.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { TesseraError, UnauthorizedError, type AdminRole } from '@tessera/core';
import { cognitoAuthenticator, createAdminAuthenticator, type AdminAuthenticator } from './admin-auth.ts';

const TOKEN = 'local-admin-token-0123456789';
const local = createAdminAuthenticator({ kind: 'token', token: TOKEN });
const onAws = createAdminAuthenticator({ kind: 'cognito' });
/** The admin routes ask for the admin role unless they say otherwise. */
const authorizeAdmin = (event: APIGatewayProxyEvent, auth: AdminAuthenticator, role: AdminRole = 'admin') => auth.authorize(event, role);

const withHeaders = (headers: Record<string, string>) => ({ headers, requestContext: {} }) as unknown as APIGatewayProxyEvent;
const withClaims = (claims: Record<string, string> | undefined) => ({ headers: {}, requestContext: { authorizer: claims && { claims } } }) as unknown as APIGatewayProxyEvent;

function refusal(run: () => unknown): TesseraError {
  try {
    run();
  } catch (error) {
    if (error instanceof TesseraError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('admin API, locally (bearer token)', () => {
  it('lets the configured token in, whatever the case of the header and the scheme', () => {
    expect(authorizeAdmin(withHeaders({ Authorization: `Bearer ${TOKEN}` }), local)).toEqual({ subject: 'local-admin' });
    expect(authorizeAdmin(withHeaders({ authorization: `bearer ${TOKEN}` }), local, 'reviewer')).toEqual({ subject: 'local-admin' });
  });

  it.each([
    ['no header', {}],
    ['another token', { Authorization: 'Bearer local-admin-token-9876543210' }],
    ['a prefix of the token', { Authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['the token and more', { Authorization: `Bearer ${TOKEN}x` }],
    ['no scheme', { Authorization: TOKEN }],
    ['another scheme', { Authorization: `Basic ${TOKEN}` }],
    ['an empty bearer', { Authorization: 'Bearer ' }],
    ['the token behind another word', { Authorization: `NotBearer ${TOKEN}` }],
  ])('refuses %s with 401, saying how to authenticate', (_what, headers) => {
    const error = refusal(() => authorizeAdmin(withHeaders(headers), local));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toBe('missing or wrong admin token (Authorization: Bearer <TESSERA_ADMIN_TOKEN>)');
  });

  it('does not accept Cognito claims in place of the token', () => {
    const event = withClaims({ sub: 'u-1', 'cognito:groups': 'admin' });
    expect(refusal(() => authorizeAdmin(event, local)).status).toBe(401);
  });
});

describe('admin API, on AWS (Cognito claims)', () => {
  it('lets an admin in for any role, named by e-mail (or by sub without one)', () => {
    for (const role of ['admin', 'designer', 'reviewer'] as const) {
      expect(authorizeAdmin(withClaims({ sub: 'u-1', email: 'ops@example.edu', 'cognito:groups': 'admin' }), onAws, role)).toEqual({ subject: 'ops@example.edu' });
    }
    expect(authorizeAdmin(withClaims({ sub: 'u-1', 'cognito:groups': 'admin' }), onAws)).toEqual({ subject: 'u-1' });
  });

  it("lets a member of the role's group in, whether groups come comma- or space-separated", () => {
    expect(authorizeAdmin(withClaims({ sub: 'u-2', 'cognito:groups': 'designer,reviewer' }), onAws, 'reviewer')).toEqual({ subject: 'u-2' });
    expect(authorizeAdmin(withClaims({ sub: 'u-2', 'cognito:groups': 'designer reviewer' }), onAws, 'designer')).toEqual({ subject: 'u-2' });
    expect(authorizeAdmin(withClaims({ sub: 'u-2', 'cognito:groups': 'designer, reviewer' }), onAws, 'reviewer')).toEqual({ subject: 'u-2' });
  });

  it.each([
    ['a reviewer on an admin route', 'reviewer', 'admin'],
    ['a designer on a reviewer route', 'designer', 'reviewer'],
    ['someone in no group', '', 'reviewer'],
    ['a group whose name only contains the role', 'reviewers', 'reviewer'],
  ] as const)('forbids %s with 403 naming the role', (_what, groups, role) => {
    const error = refusal(() => authorizeAdmin(withClaims({ sub: 'u-3', 'cognito:groups': groups }), onAws, role));
    expect(error.status).toBe(403);
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe(`this needs the ${role} role`);
  });

  it('is what the composition root picks when the configuration says cognito', () => {
    expect(onAws).toBe(cognitoAuthenticator);
  });

  it.each([
    ['no authorizer', undefined],
    ['claims without a subject', { email: 'x@example.edu', 'cognito:groups': 'admin' }],
  ])('answers 401 to %s', (_what, claims) => {
    const error = refusal(() => authorizeAdmin(withClaims(claims), onAws));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toBe('not authenticated');
  });
});
