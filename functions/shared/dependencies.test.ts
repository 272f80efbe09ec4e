// The composition root: what it chooses from configuration, and that the caches it builds belong
// to one set of dependencies (a second set, as a test or a key rotation makes, starts afresh).
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { types } from 'node:util';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { loadConfig, UnauthorizedError, type Signer } from '@tessera/core';
import type { Store } from '@tessera/store';
import { issuerIdentity } from '@tessera/issuance';
import { AWS_ENVIRONMENT } from '../../test/support/aws-config.ts';
import { createHandler as createAdminHandler } from '../admin/handler.ts';
import { createDependencies } from './dependencies.ts';
import type { HttpRequest } from './http.ts';

const TOKEN = 'a-local-admin-token-0123456789';

const awsEnv = AWS_ENVIRONMENT;
const tokenEnv = { ...awsEnv, TESSERA_ADMIN_AUTH: 'token', TESSERA_ADMIN_TOKEN: TOKEN };
/** A store that knows no user token (and is asked nothing else). */
const usersNobody = { users: { getByTokenHash: async () => undefined } } as unknown as Store;

/** An Ed25519 signer in memory that counts how often its public key is asked for (a KMS GetPublicKey each on AWS). */
function countingSigner(): Signer & { publicKeyCalls: number } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
  const signer = {
    keyRef: `memory:${randomUUID()}`,
    publicKeyCalls: 0,
    publicKey: async () => {
      signer.publicKeyCalls++;
      return raw;
    },
    sign: async (m: Uint8Array) => new Uint8Array(sign(null, m, privateKey)),
  };
  return signer;
}

const adminRequest = (headers: Record<string, string>, claims?: Record<string, string>) =>
  ({
    resource: '/admin/submissions/{id}',
    path: '/admin/submissions/sub_1',
    httpMethod: 'GET',
    pathParameters: { id: 'sub_1' },
    headers,
    body: null,
    isBase64Encoded: false,
    requestContext: { authorizer: claims ? { claims } : undefined },
  }) as unknown as HttpRequest;

const context = {
  awsRequestId: 'req-1',
  functionName: 'admin',
  functionVersion: '$LATEST',
  memoryLimitInMB: '1024',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:admin',
} as Context;

describe('createDependencies', () => {
  it('gives each set of dependencies its own issuer key cache: one public-key read per set, not per process', async () => {
    // Prepare
    const signer = countingSigner();
    const config = loadConfig(awsEnv);
    const first = createDependencies(config, { signer });
    const second = createDependencies(config, { signer });

    // Act
    const a = await issuerIdentity(first);
    await issuerIdentity(first);
    const b = await issuerIdentity(second);

    // Assess
    expect(signer.publicKeyCalls).toBe(2);
    expect(b).toEqual(a);
    expect(second.issuerKeys).not.toBe(first.issuerKeys);
    expect(second.badgePictures).not.toBe(first.badgePictures);
  });

  it('keeps the caches it is handed (the local runtime shares its own)', () => {
    const config = loadConfig(awsEnv);
    const first = createDependencies(config);
    expect(createDependencies(config, { issuerKeys: first.issuerKeys }).issuerKeys).toBe(first.issuerKeys);
  });

  it('with TESSERA_ADMIN_AUTH=token, lets in the bearer of the token and no one else', async () => {
    const { adminAuthenticator } = createDependencies(loadConfig(tokenEnv), { store: usersNobody });
    expect(await adminAuthenticator.authenticate(adminRequest({ authorization: `Bearer ${TOKEN}` }))).toEqual({ id: 'local-admin', roles: ['admin'] });
    await expect(adminAuthenticator.authenticate(adminRequest({ authorization: 'Bearer wrong' }))).rejects.toThrow(UnauthorizedError);
    // Claims mean nothing without Cognito in front.
    await expect(adminAuthenticator.authenticate(adminRequest({}, { sub: 'u1', 'cognito:groups': 'admin' }))).rejects.toThrow(UnauthorizedError);
  });

  it('by default reads the Cognito claims: the roles are the groups', async () => {
    const { adminAuthenticator } = createDependencies(loadConfig(awsEnv));
    const qa = adminRequest({}, { sub: 'u1', email: 'qa@example.edu', 'cognito:groups': 'qa-manager' });
    expect(await adminAuthenticator.authenticate(qa)).toEqual({ id: 'qa@example.edu', roles: ['qa-manager'] });
    // A token is no way in when Cognito guards the API.
    await expect(adminAuthenticator.authenticate(adminRequest({ authorization: `Bearer ${TOKEN}` }))).rejects.toThrow(UnauthorizedError);
  });
});

describe('the admin API behind the chosen authenticator', () => {
  it('answers 403 naming the roles a signed-in designer lacks, and reads nothing', async () => {
    // Prepare: a store that fails the test if it is asked anything.
    const deps = createDependencies(loadConfig(awsEnv));
    const handler = createAdminHandler(() => ({ ...deps, store: new Proxy(deps.store, { get: () => expect.unreachable('store read') }) }));

    // Act
    const response = await handler(adminRequest({}, { sub: 'u1', 'cognito:groups': 'designer' }), context);

    // Assess
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body)).toEqual({
      error: 'forbidden',
      message: 'submission.read needs the role admin or qa-manager or registrar or auditor',
      role: 'admin',
      roles: ['admin', 'qa-manager', 'registrar', 'auditor'],
    });
  });

  it('answers 401 when no one is signed in', async () => {
    const handler = createAdminHandler(() => createDependencies(loadConfig(awsEnv)));
    const response = await handler(adminRequest({}), context);
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'unauthorized' });
  });
});

// A Lambda bundle has these names defined by esbuild (infra/lib/bundling/options.ts); unbundled, the
// same code reads them from the environment, which is how this test reaches the branch a bundle keeps.
describe('createDependencies for a bundle without a port', () => {
  const withAbsent = <T>(names: string[], act: () => T): T => {
    for (const name of names) process.env[name] = 'absent';
    try {
      return act();
    } finally {
      for (const name of names) delete process.env[name];
    }
  };

  it('builds every absent port as one that refuses when used, naming the catalogue', async () => {
    // Act
    const deps = withAbsent(['TESSERA_BUNDLE_MAILER', 'TESSERA_BUNDLE_PUBLIC_SITE', 'TESSERA_BUNDLE_WORKFLOW', 'TESSERA_BUNDLE_VERIFICATION', 'TESSERA_BUNDLE_SIGNER'], () =>
      createDependencies(loadConfig(awsEnv), { store: usersNobody }),
    );

    // Assess
    const refusal = /bundle has no .* adapter: its record in functions\/catalog.ts does not use it/;
    await expect(deps.mailer.send({ to: 'a@example.org', subject: 's', text: 't', html: 'h' })).rejects.toThrow(refusal);
    await expect(deps.publicSite.publish({ path: 'x', body: 'y', contentType: 'text/plain', immutable: false })).rejects.toThrow(refusal);
    await expect(deps.workflow.start('run', {})).rejects.toThrow(refusal);
    await expect(deps.verification.resolveDocument('https://example.org/x.json')).rejects.toThrow(refusal);
    await expect(deps.signer.sign(new Uint8Array(1))).rejects.toThrow(refusal);
    // Deep as the store's repositories go.
    const withoutStore = withAbsent(['TESSERA_BUNDLE_STORE'], () => createDependencies(loadConfig(awsEnv)));
    await expect(withoutStore.store.credentials.get('c1')).rejects.toThrow(refusal);
    // The key reference is configuration, not a KMS call: it stays what the stage names.
    expect(deps.signer.keyRef).toBe(awsEnv.TESSERA_KMS_KEY_ID);
    expect(deps.rsaSigner).toBeUndefined();
    // Awaiting a refusing port is not mistaken for a promise.
    expect(await Promise.resolve(deps.mailer)).toBe(deps.mailer);
  });

  it('builds the real adapter when the port is not marked absent', () => {
    // Act
    const deps = withAbsent(['TESSERA_BUNDLE_MAILER'], () => createDependencies(loadConfig(awsEnv), { store: usersNobody }));

    // Assess: only the absent port is the refusing stand-in; the others are the configured adapters.
    expect(types.isProxy(deps.mailer)).toBe(true);
    for (const port of [deps.workflow, deps.publicSite, deps.signer, deps.verification]) expect(types.isProxy(port)).toBe(false);
  });
});
