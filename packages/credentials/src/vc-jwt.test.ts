import { createHmac, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential } from './build.ts';
import { didDocument, verificationMethodId } from './did.ts';
import { rsaJwkThumbprint } from './rsa-key.ts';
import { signCredential } from './sign.ts';
import { badgeInput, newTestRsaSigner, newTestSigner, resolverFor } from './test-helpers.ts';
import { isCompactJws, signCredentialJwt } from './vc-jwt.ts';
import { verifyCredential, type VerificationResult } from './verify.ts';

const DID = 'did:web:badges.uni.edu';
const OTHER_DID = 'did:web:other.example';
const NOW = new Date('2026-06-01T00:00:00Z');
const check = (result: VerificationResult, name: string) => result.checks.find((c) => c.name === name);
const part = (jws: string, i: number) => JSON.parse(Buffer.from(jws.split('.')[i] as string, 'base64url').toString('utf8'));
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An issuer whose did.json lists its Ed25519 key and its RSA (VC-JWT) key, and a badge signed both ways. */
async function issueJwtBadge(overrides: { validUntil?: Date; did?: string } = {}) {
  const did = overrides.did ?? DID;
  const ed = newTestSigner();
  const rsa = newTestRsaSigner();
  const edId = verificationMethodId(did, ed.publicKeyMultibase);
  const kid = `${did}#${await rsaJwkThumbprint(rsa.publicKeyJwk)}`;
  const unsigned = buildOpenBadgeCredential(badgeInput({ issuer: { did, name: 'Uni', url: 'https://uni.edu' }, validUntil: overrides.validUntil }));
  const credential = await signCredential(unsigned, { signer: ed, verificationMethod: edId, created: new Date('2026-01-01T00:00:00Z') });
  const jwt = await signCredentialJwt(credential, { signer: rsa.signer, kid, issuedAt: new Date('2026-01-01T00:00:05Z') });
  const document = didDocument({
    did,
    keys: [
      { id: edId, publicKeyMultibase: ed.publicKeyMultibase },
      { id: kid, publicKeyMultibase: rsa.publicKeyMultibase, publicKeyJwk: rsa.publicKeyJwk },
    ],
  });
  return { credential, jwt, kid, rsa, document };
}

describe('signCredentialJwt', () => {
  it('makes the compact JWS OB 3.0 §8.2 describes: RS256/kid/JWT header, the credential with its claims, no proof', async () => {
    // Prepare
    const { credential, jwt, kid, rsa } = await issueJwtBadge({ validUntil: new Date('2027-01-01T00:00:00Z') });

    // Act
    const header = part(jwt, 0);
    const payload = part(jwt, 1);

    // Assess
    expect(isCompactJws(jwt)).toBe(true);
    expect(header).toEqual({ alg: 'RS256', kid, typ: 'JWT' });
    const { proof: _proof, ...unsecured } = credential;
    expect(payload).toEqual({
      ...unsecured,
      iss: DID,
      jti: 'https://badges.uni.edu/credentials/c-1.json',
      nbf: Date.parse('2026-01-01T00:00:00Z') / 1000,
      exp: Date.parse('2027-01-01T00:00:00Z') / 1000,
      iat: Date.parse('2026-01-01T00:00:05Z') / 1000,
    });
    // An independent JOSE implementation accepts it with the published key.
    const verified = await jwtVerify(jwt, createPublicKey({ key: rsa.publicKeyJwk, format: 'jwk' }), { algorithms: ['RS256'], currentDate: NOW });
    expect(verified.payload.jti).toBe(credential.id);
  });
});

describe('verifyCredential: VC-JWT', () => {
  it('verifies a VC-JWT with every check, the key found through kid in the issuer DID document', async () => {
    // Prepare
    const { jwt, kid, document } = await issueJwtBadge();

    // Act
    const result = await verifyCredential(jwt, { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
      ['structure', true],
      ['schema', true],
      ['proof', true],
      ['issuer', true],
      ['validity', true],
      ['status', true],
    ]);
    expect(result.verified).toBe(true);
    expect(check(result, 'proof')?.message).toBe(`VC-JWT RS256 signature verified with ${kid}`);
    expect(check(result, 'issuer')?.message).toBe(`key ${kid} belongs to the issuer ${DID}`);
  });

  it('keeps verifying the Data Integrity badge against a did.json that also lists the RSA key', async () => {
    // Prepare
    const { credential, document } = await issueJwtBadge();

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(result.verified).toBe(true);
  });

  it('fails the proof when the payload was changed after signing', async () => {
    // Prepare
    const { jwt, document } = await issueJwtBadge();
    const [header, , signature] = jwt.split('.');
    const changed = { ...part(jwt, 1), name: 'Leadership' };

    // Act
    const result = await verifyCredential(`${header}.${b64(changed)}.${signature}`, { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(result.verified).toBe(false);
    expect(check(result, 'proof')).toMatchObject({ ok: false, message: expect.stringContaining('signature does not verify') });
  });

  it('fails the proof when another key signed under the issuer kid', async () => {
    // Prepare
    const { jwt, document } = await issueJwtBadge();
    const intruder = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const signingInput = jwt.split('.').slice(0, 2).join('.');
    const forged = `${signingInput}.${sign('sha256', Buffer.from(signingInput), intruder).toString('base64url')}`;

    // Act
    const result = await verifyCredential(forged, { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(result.verified).toBe(false);
    expect(check(result, 'proof')?.ok).toBe(false);
  });

  it.each([
    ['none', (input: string) => `${input}.`],
    ['HS256', (input: string) => `${input}.${createHmac('sha256', 'public knowledge').update(input).digest('base64url')}`],
  ])('refuses alg %s before looking for a key', async (alg, finish) => {
    // Prepare
    const { jwt, kid, document } = await issueJwtBadge();
    const input = `${b64({ alg, kid, typ: 'JWT' })}.${jwt.split('.')[1]}`;

    // Act
    const result = await verifyCredential(finish(input), { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(result.verified).toBe(false);
    expect(check(result, 'proof')?.message).toMatch(new RegExp(`^JWT algorithm "${alg}" is refused`));
  });

  it('refuses a key of another issuer: the signature holds, but the kid is not the issuer', async () => {
    // Prepare: the other issuer signs a credential that names our DID as its issuer.
    const other = await issueJwtBadge({ did: OTHER_DID });
    const ours = await issueJwtBadge();
    const payload = { ...part(ours.jwt, 1) };
    const input = `${b64({ alg: 'RS256', kid: other.kid, typ: 'JWT' })}.${b64(payload)}`;
    const jwt = `${input}.${Buffer.from(await other.rsa.signer.sign(Buffer.from(input))).toString('base64url')}`;

    // Act
    const result = await verifyCredential(jwt, { now: NOW, resolveDocument: resolverFor({ [DID]: ours.document, [OTHER_DID]: other.document }) });

    // Assess
    expect(result.verified).toBe(false);
    expect(check(result, 'proof')?.ok).toBe(true);
    expect(check(result, 'issuer')).toEqual({ name: 'issuer', ok: false, message: `key ${other.kid} is controlled by ${OTHER_DID}, not by the issuer ${DID}` });
  });

  it('fails validity when the credential has expired', async () => {
    // Prepare
    const { jwt, document } = await issueJwtBadge({ validUntil: new Date('2026-03-01T00:00:00Z') });

    // Act
    const result = await verifyCredential(jwt, { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(result.verified).toBe(false);
    expect(check(result, 'proof')?.ok).toBe(true);
    expect(check(result, 'validity')).toEqual({ name: 'validity', ok: false, message: 'expired: valid until 2026-03-01T00:00:00Z' });
  });

  it('fails the proof when a claim contradicts the credential (jti, nbf)', async () => {
    // Prepare: a well-signed JWT from an independent implementation whose claims lie.
    const { jwt, kid, rsa, document } = await issueJwtBadge();
    const { iss: _iss, jti: _jti, nbf: _nbf, iat: _iat, ...credential } = part(jwt, 1);
    const lying = await new SignJWT({ ...credential })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(DID)
      .setJti('https://badges.uni.edu/credentials/another.json')
      .setNotBefore(Date.parse('2025-01-01T00:00:00Z') / 1000)
      .sign(rsa.privateKey);

    // Act
    const result = await verifyCredential(lying, { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(result.verified).toBe(false);
    expect(check(result, 'proof')?.message).toBe(
      "the JWT's claims do not match its credential: jti https://badges.uni.edu/credentials/another.json is not the credential's id https://badges.uni.edu/credentials/c-1.json; nbf 2025-01-01T00:00:00.000Z is not the credential's validFrom 2026-01-01T00:00:00Z",
    );
  });

  it('reads a VC 1.1-style JWT whose credential sits in the vc claim, and takes validUntil from exp', async () => {
    // Prepare
    const { jwt, kid, rsa, document } = await issueJwtBadge();
    const { iss: _iss, jti, nbf, iat: _iat, ...credential } = part(jwt, 1);
    const legacy = await new SignJWT({ vc: credential })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(DID)
      .setJti(jti)
      .setNotBefore(nbf)
      .setExpirationTime(Date.parse('2026-05-01T00:00:00Z') / 1000)
      .sign(rsa.privateKey);

    // Act
    const result = await verifyCredential(legacy, { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(check(result, 'proof')?.ok).toBe(true);
    expect(check(result, 'validity')).toEqual({ name: 'validity', ok: false, message: 'expired: valid until 2026-05-01T00:00:00Z' });
  });

  it('refuses a JOSE header OB 3.0 does not allow', async () => {
    // Prepare
    const { jwt, kid, rsa, document } = await issueJwtBadge();
    const input = `${b64({ alg: 'RS256', kid, typ: 'JWT', x5u: 'https://evil.example/cert' })}.${jwt.split('.')[1]}`;
    const signed = `${input}.${Buffer.from(await rsa.signer.sign(Buffer.from(input))).toString('base64url')}`;

    // Act
    const result = await verifyCredential(signed, { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(check(result, 'proof')?.message).toBe('the JOSE header has x5u: OB 3.0 allows only alg, kid, jwk and typ');
  });
});
