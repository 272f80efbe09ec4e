// Signing in to the console on AWS: the Cognito hosted UI with the authorization code flow and
// PKCE (RFC 7636). The start page keeps a random state, nonce and code verifier in a short-lived
// HttpOnly cookie and sends the browser to the hosted UI with the verifier's S256 challenge; the
// callback checks the state, exchanges the code (with the verifier) at the token endpoint, verifies
// the ID token (signature from the pool's JWKS, issuer, audience, token_use, nonce) and reads the
// person's roles from its groups exactly as the admin API does (cognitoAuthenticator).
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ForbiddenError, UnauthorizedError, ValidationError } from '@tessera/core';
import * as z from 'zod';
import { cognitoAuthenticator } from '../shared/admin-auth.ts';
import { readCookies, setCookie } from '../shared/cookies.ts';
import type { HttpRequest } from '../shared/http.ts';
import type { Dependencies } from '../shared/dependencies.ts';
import { newToken, startSession } from './session.ts';

/** The environment variables the stateless stack sets on the console function (infra). */
export const COGNITO_ENV = {
  domain: 'TESSERA_CONSOLE_COGNITO_DOMAIN',
  clientId: 'TESSERA_CONSOLE_COGNITO_CLIENT_ID',
  issuer: 'TESSERA_CONSOLE_COGNITO_ISSUER',
} as const;

export const CognitoSettings = z.object({
  /** The hosted UI's base URL, e.g. https://tessera-prod-1234.auth.eu-west-1.amazoncognito.com */
  domain: z.url(),
  clientId: z.string().min(1),
  /** https://cognito-idp.<region>.amazonaws.com/<userPoolId>: the ID token's iss, and where its JWKS lives. */
  issuer: z.url(),
});
export type CognitoSettings = z.infer<typeof CognitoSettings>;

/** The console's Cognito settings from the environment; undefined when none are set (local runs). */
export function cognitoSettingsFrom(env: Record<string, string | undefined>): CognitoSettings | undefined {
  const raw = { domain: env[COGNITO_ENV.domain], clientId: env[COGNITO_ENV.clientId], issuer: env[COGNITO_ENV.issuer] };
  if (Object.values(raw).every((v) => v === undefined)) return undefined;
  const parsed = CognitoSettings.safeParse(raw);
  if (!parsed.success) throw new Error(`console Cognito settings: ${parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export const PKCE_COOKIE = 'tessera_console_pkce';
/** How long a sign-in may take at the hosted UI. */
const PKCE_SECONDS = 600;

const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');
export const redirectUri = (publicBaseUrl: string) => new URL('/console/callback', publicBaseUrl).href;

/** Where to send the browser, and the cookie that remembers this attempt. */
export function startCognitoSignIn(settings: CognitoSettings, publicBaseUrl: string, event: HttpRequest): { location: string; cookie: string } {
  const state = newToken();
  const nonce = newToken();
  const verifier = newToken() + newToken(); // 86 characters: RFC 7636 asks 43 to 128
  const url = new URL('/oauth2/authorize', settings.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(publicBaseUrl),
    scope: 'openid email',
    state,
    nonce,
    code_challenge: s256(verifier),
    code_challenge_method: 'S256',
  }).toString();
  return { location: url.href, cookie: setCookie(event, PKCE_COOKIE, `${state}.${nonce}.${verifier}`, { path: '/console', maxAge: PKCE_SECONDS }) };
}

const TokenResponse = z.object({ id_token: z.string().min(1) });

/** One JWKS per issuer per process: jose caches and refreshes the keys itself. */
const jwksByIssuer = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
const jwksOf = (issuer: string) => {
  let jwks = jwksByIssuer.get(issuer);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(`${issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
    jwksByIssuer.set(issuer, jwks);
  }
  return jwks;
};

/** The callback: state checked, code exchanged with the verifier, ID token verified, session opened. */
export async function finishCognitoSignIn(deps: Dependencies, settings: CognitoSettings, event: HttpRequest, query: URLSearchParams) {
  const [state, nonce, verifier] = (readCookies(event).get(PKCE_COOKIE) ?? '').split('.');
  if (query.get('error')) throw new UnauthorizedError(`Cognito refused the sign-in: ${query.get('error_description') ?? query.get('error')}`);
  const code = query.get('code');
  if (!state || !nonce || !verifier) throw new ValidationError('This sign-in was not started here, or took too long: start again from the sign-in page.');
  if (!code || query.get('state') !== state) throw new ValidationError('The sign-in answer does not match the sign-in that was started: start again from the sign-in page.');

  const response = await fetch(new URL('/oauth2/token', settings.domain), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: settings.clientId,
      code,
      redirect_uri: redirectUri(deps.config.publicBaseUrl),
      code_verifier: verifier,
    }),
  });
  if (!response.ok) throw new UnauthorizedError(`Cognito did not accept the sign-in code (HTTP ${response.status}): start again from the sign-in page.`);
  const { id_token } = TokenResponse.parse(await response.json());

  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(id_token, jwksOf(settings.issuer), { issuer: settings.issuer, audience: settings.clientId }));
  } catch (error) {
    throw new UnauthorizedError('The ID token from Cognito could not be verified.', error);
  }
  if (claims.token_use !== 'id' || claims.nonce !== nonce) throw new UnauthorizedError('The ID token from Cognito is not for this sign-in.');
  // Roles exactly as the admin API reads them from API Gateway's Cognito authorizer.
  const groups = claims['cognito:groups'];
  const actor = await cognitoAuthenticator.authenticate({
    requestContext: { authorizer: { claims: { ...claims, 'cognito:groups': Array.isArray(groups) ? groups.join(',') : String(groups ?? '') } } },
  } as unknown as HttpRequest);
  if (actor.roles.length === 0) throw new ForbiddenError([], 'Your Cognito account is in no console group (admin, designer, qa-manager, registrar, auditor).');
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  return startSession(deps, { actorId: actor.id, roles: [...actor.roles], email, via: 'cognito' });
}

export const clearPkceCookie = (event: HttpRequest) => setCookie(event, PKCE_COOKIE, '', { path: '/console', maxAge: 0 });
