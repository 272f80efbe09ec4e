// VC-JWT end to end on the local stack, over HTTP: the demo issuer has vc-jwt on, so a release
// publishes `{id}.jwt` beside `{id}.json`; did.json lists the RSA key by its JWK; POST /verify takes
// the JWT as application/vc+jwt or sniffed from text/plain; revoking the credential shows in both forms.
import { createPublicKey } from 'node:crypto';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardRequest, startTestTessera, type TestTessera } from '../support/local-tessera.ts';

type Verification = { verified: boolean; checks: { name: string; ok: boolean; message: string }[] };
type DidDocument = { verificationMethod: { id: string; type: string; publicKeyJwk?: Record<string, string> }[]; assertionMethod: string[] };

let tessera: TestTessera;
let credentialUrl: string;
let jwtResponse: Response;
let jwt: string;
beforeAll(async () => {
  tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' }, demoProofFormats: ['data-integrity', 'vc-jwt'] });
  const response = await tessera.postAward(awardRequest());
  const { submissionId } = (await response.json()) as { submissionId: string };
  credentialUrl = (await tessera.waitForStatus(submissionId, ['ISSUED'])).credentialUrl!;
  jwtResponse = await fetch(credentialUrl.replace(/\.json$/, '.jwt'));
  jwt = await jwtResponse.clone().text();
});
afterAll(() => tessera?.close());

const verify = async (body: string, contentType: string) =>
  (await (await fetch(`${tessera.url}/verify`, { method: 'POST', headers: { 'Content-Type': contentType }, body })).json()) as Verification;

describe('VC-JWT on the local stack', () => {
  it('publishes the credential as a VC-JWT beside its JSON, as application/vc+jwt', async () => {
    // Assess
    expect(jwtResponse.status).toBe(200);
    expect(jwtResponse.headers.get('content-type')).toBe('application/vc+jwt');
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
    const json = (await (await fetch(credentialUrl)).json()) as Record<string, unknown>;
    const { proof: _proof, ...unsecured } = json;
    expect(payload).toMatchObject({ ...unsecured, jti: credentialUrl, iss: (json.issuer as { id: string }).id });
    expect(payload.proof).toBeUndefined();
  });

  it('lists the RSA key in did.json as a JsonWebKey2020 named by the JWT kid, and an outside JOSE library verifies with it', async () => {
    // Prepare
    const { kid } = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string };

    // Act
    const did = (await (await fetch(`${tessera.url}/.well-known/did.json`)).json()) as DidDocument;

    // Assess
    const method = did.verificationMethod.find((vm) => vm.id === kid);
    expect(method?.type).toBe('JsonWebKey2020');
    expect(did.assertionMethod).toContain(kid);
    const { payload } = await jwtVerify(jwt, createPublicKey({ key: method!.publicKeyJwk!, format: 'jwk' }), { algorithms: ['RS256'] });
    expect(payload.jti).toBe(credentialUrl);
  });

  it.each([['application/vc+jwt'], ['application/jwt'], ['text/plain']])('verifies the VC-JWT posted as %s, every check passing', async (contentType) => {
    // Act
    const result = await verify(jwt, contentType);

    // Assess
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.checks.map((c) => c.name)).toEqual(['structure', 'schema', 'proof', 'issuer', 'validity', 'status']);
    expect(result.checks.find((c) => c.name === 'proof')?.message).toMatch(/^VC-JWT RS256 signature verified with did:web:localhost%3A\d+#/);
  });

  it('answers verified:false naming the proof when the JWT payload was tampered with', async () => {
    // Prepare
    const [header, payload, signature] = jwt.split('.');
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')), name: 'Something Else' })).toString('base64url');

    // Act
    const result = await verify(`${header}.${changed}.${signature}`, 'application/vc+jwt');

    // Assess
    expect(result.verified).toBe(false);
    expect(result.checks.find((c) => c.name === 'proof')?.ok).toBe(false);
  });

  it('reports the revocation through the JWT too (its credential carries the same status entry)', async () => {
    // Prepare
    const id = /\/credentials\/([^/]+)\.json$/.exec(credentialUrl)![1];
    const revoked = await fetch(`${tessera.url}/admin/credentials/${id}/revoke`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tessera.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'awarded in error' }),
    });
    expect(revoked.status).toBe(200);

    // Act
    const result = await verify(jwt, 'application/vc+jwt');

    // Assess
    expect(result.verified).toBe(false);
    expect(result.checks.find((c) => c.name === 'status')).toMatchObject({ ok: false, message: expect.stringMatching(/^revoked/) });
  });

  it('keeps the JWT on the stored credential record', async () => {
    // Act
    const id = /\/credentials\/([^/]+)\.json$/.exec(credentialUrl)![1]!;
    const record = await tessera.dependencies.store.credentials.get(id);

    // Assess
    expect(record?.jwt).toBe(jwt);
  });
});
