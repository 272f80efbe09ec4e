// The console's Cognito sign-in (authorization code + PKCE) through the real handler chain, against
// a fake Cognito on loopback: a token endpoint that checks the code verifier against the challenge
// the authorize redirect carried, and a JWKS that signs real RS256 ID tokens. Sessions land in
// DynamoDB Local.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/console/handler.ts';
import type { CognitoSettings } from '../../functions/console/cognito.ts';
import { coreDependencies, testClock } from '../support/core-dependencies.ts';
import { lambdaContext } from '../support/lambda.ts';

type Grant = { challenge: string; nonce: string; groups?: string[]; nonceOverride?: string };

let server: Server;
let settings: CognitoSettings;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let jwk: JWK;
const grants = new Map<string, Grant>();
const tokenRequests: URLSearchParams[] = [];
let deps: Awaited<ReturnType<typeof coreDependencies>>['deps'];
let handler: ReturnType<typeof createHandler>;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => void answer());
    const answer = async () => {
      if (req.url === '/.well-known/jwks.json') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
        return;
      }
      if (req.url === '/oauth2/token' && req.method === 'POST') {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        const grant = grants.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        // PKCE: the verifier must hash to the challenge the authorize request carried.
        if (!grant || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge || form.get('client_id') !== settings.clientId) {
          res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"invalid_grant"}');
          return;
        }
        const idToken = await new SignJWT({
          token_use: 'id',
          email: 'qa@example.edu',
          nonce: grant.nonceOverride ?? grant.nonce,
          'cognito:groups': grant.groups ?? ['qa-manager', 'staff'],
        })
          .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
          .setIssuer(settings.issuer)
          .setAudience(settings.clientId)
          .setSubject('user-sub-1')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id_token: idToken, access_token: 'x', token_type: 'Bearer' }));
        return;
      }
      res.writeHead(404).end();
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  settings = { domain: origin, clientId: 'console-client', issuer: origin };
  ({ deps } = await coreDependencies(testClock('2026-12-03T10:00:00Z')));
  handler = createHandler(() => deps, settings);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (path: string, query: Record<string, string> = {}, cookie = ''): Promise<APIGatewayProxyResult> =>
  handler(
    {
      httpMethod: 'GET',
      resource: '/console/{proxy+}',
      path,
      pathParameters: { proxy: path.replace(/^\/console\//, '') },
      queryStringParameters: Object.keys(query).length ? query : null,
      headers: { Cookie: cookie, 'X-Forwarded-Proto': 'https' },
      body: null,
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEvent,
    lambdaContext('console'),
  );

/** Starts a sign-in and plays the hosted UI: the person signs in, Cognito issues `code` for this challenge. */
async function startAndAuthorize(code: string, grant: Partial<Grant> = {}) {
  const start = await get('/console/login/cognito');
  expect(start.statusCode).toBe(303);
  const location = new URL(start.headers!.Location as string);
  const cookie = (start.multiValueHeaders!['Set-Cookie'] as string[]).find((c) => c.startsWith('tessera_console_pkce='))!;
  grants.set(code, { challenge: location.searchParams.get('code_challenge')!, nonce: location.searchParams.get('nonce')!, ...grant });
  return { location, state: location.searchParams.get('state')!, cookie: cookie.split(';')[0]! };
}

describe('console sign-in with Cognito (authorization code + PKCE)', () => {
  it('redirects to the hosted UI with an S256 challenge, state, nonce and the callback URI, remembering them in a Secure HttpOnly cookie', async () => {
    const { location, cookie } = await startAndAuthorize('unused');
    expect(location.origin + location.pathname).toBe(`${settings.domain}/oauth2/authorize`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'console-client',
      redirect_uri: 'https://badges.example.edu/console/callback',
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    expect(location.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const [, verifier] = /\.([\w-]+)$/.exec(cookie)!;
    expect(createHash('sha256').update(verifier!).digest('base64url')).toBe(location.searchParams.get('code_challenge'));
    const start = await get('/console/login/cognito');
    expect((start.multiValueHeaders!['Set-Cookie'] as string[]).find((c) => c.startsWith('tessera_console_pkce='))).toMatch(/HttpOnly.*Secure/);
  });

  it('exchanges the code with its verifier, verifies the ID token and opens a session with the roles of its groups', async () => {
    const { state, cookie } = await startAndAuthorize('good-code');

    const callback = await get('/console/callback', { code: 'good-code', state }, cookie);

    expect(callback.statusCode).toBe(303);
    expect(callback.headers!.Location).toBe('/console');
    const sessionCookie = (callback.multiValueHeaders!['Set-Cookie'] as string[]).find((c) => c.startsWith('tessera_console='))!;
    const token = /^tessera_console=([^;]+)/.exec(sessionCookie)![1]!;
    const session = await deps.store.consoleSessions.get(createHash('sha256').update(token).digest('hex'), new Date('2026-12-03T10:00:01Z'));
    expect(session).toMatchObject({ actorId: 'qa@example.edu', email: 'qa@example.edu', roles: ['qa-manager'], via: 'cognito' });
    expect(tokenRequests.at(-1)!.get('redirect_uri')).toBe('https://badges.example.edu/console/callback');
  });

  it('refuses an answer whose state differs from the one started (400), and stores no session', async () => {
    const { cookie } = await startAndAuthorize('state-code');
    const callback = await get('/console/callback', { code: 'state-code', state: 'forged' }, cookie);
    expect(callback.statusCode).toBe(400);
    expect(callback.multiValueHeaders?.['Set-Cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^tessera_console=/)]));
  });

  it('fails when the verifier does not match the challenge (the token endpoint refuses): 401', async () => {
    const { state, cookie } = await startAndAuthorize('pkce-code');
    const tampered = cookie.replace(/\.[\w-]+$/, `.${'A'.repeat(86)}`);
    expect((await get('/console/callback', { code: 'pkce-code', state }, tampered)).statusCode).toBe(401);
  });

  it('refuses an ID token for another sign-in (nonce) with 401, and one with no console group with 403', async () => {
    const replay = await startAndAuthorize('nonce-code', { nonceOverride: 'someone-else' });
    expect((await get('/console/callback', { code: 'nonce-code', state: replay.state }, replay.cookie)).statusCode).toBe(401);
    const outsider = await startAndAuthorize('group-code', { groups: ['staff'] });
    expect((await get('/console/callback', { code: 'group-code', state: outsider.state }, outsider.cookie)).statusCode).toBe(403);
  });

  it('says plainly on the sign-in page when Cognito is not configured', async () => {
    const unconfigured = createHandler(() => deps, undefined);
    const page = await unconfigured(
      { httpMethod: 'GET', resource: '/console', path: '/console', pathParameters: null, headers: {}, body: null, isBase64Encoded: false } as unknown as APIGatewayProxyEvent,
      lambdaContext('console'),
    );
    expect(page.body).toContain('Sign-in through Cognito is not configured for this console');
  });
});
