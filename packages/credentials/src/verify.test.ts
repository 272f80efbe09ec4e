import { describe, expect, it } from 'vitest';
import { Bitstring } from './bitstring.ts';
import { didDocument } from './did.ts';
import { signCredential } from './sign.ts';
import { buildStatusListCredential, statusListEntry } from './status-list.ts';
import { controllerDocument, newTestSigner, readFixture, resolverFor, signedTestBadge, testVector } from './test-helpers.ts';
import { verifyCredential, type VerificationResult } from './verify.ts';

const DID = 'did:web:badges.uni.edu';
const NOW = new Date('2026-06-01T00:00:00Z');

/** Our own kind of badge: issuer did:web, signed with a fresh key listed in the DID document. */
async function issueBadge(overrides: { validUntil?: Date; issuedAt?: Date } = {}) {
  const { credential, signer, verificationMethod, didDoc } = await signedTestBadge(overrides, { created: new Date('2026-01-01T00:00:00Z') });
  return { credential, resolveDocument: resolverFor({ [DID]: didDoc }), signer, verificationMethod };
}

const check = (result: VerificationResult, name: string) => result.checks.find((c) => c.name === name);

describe('verifyCredential: our own badges', () => {
  it('verifies a badge it built and signed, passing every check in order', async () => {
    // Prepare
    const { credential, resolveDocument } = await issueBadge();

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument });

    // Assess
    expect(result.verified).toBe(true);
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
      ['structure', true],
      ['schema', true],
      ['proof', true],
      ['issuer', true],
      ['validity', true],
      ['status', true],
    ]);
    expect(check(result, 'status')?.message).toBe('no status list (cannot be revoked)');
  });

  it('fails the proof when the badge name was changed after signing', async () => {
    // Prepare
    const { credential, resolveDocument } = await issueBadge();
    const tampered = { ...credential, name: 'Leadership' };

    // Act
    const result = await verifyCredential(tampered, { now: NOW, resolveDocument });

    // Assess
    expect(result.verified).toBe(false);
    expect(check(result, 'proof')).toEqual({ name: 'proof', ok: false, message: expect.stringContaining('Invalid signature') });
  });

  it('fails the proof when the DID document holds a different key under that id', async () => {
    // Prepare
    const { credential, verificationMethod } = await issueBadge();
    const other = newTestSigner();
    const resolveDocument = resolverFor({
      [DID]: didDocument({ did: DID, keys: [{ id: verificationMethod, publicKeyMultibase: other.publicKeyMultibase }] }),
    });

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument });

    // Assess
    expect(result.verified).toBe(false);
    expect(check(result, 'proof')?.ok).toBe(false);
  });

  it('keeps no verifier across a key change: the same method id with another key fails after passing', async () => {
    // Prepare: the verifier for a method is remembered between verifications (suite.ts)
    const { credential, verificationMethod, resolveDocument } = await issueBadge();
    const other = newTestSigner();
    const rotated = resolverFor({ [DID]: didDocument({ did: DID, keys: [{ id: verificationMethod, publicKeyMultibase: other.publicKeyMultibase }] }) });
    expect((await verifyCredential(credential, { now: NOW, resolveDocument })).verified).toBe(true);

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument: rotated });

    // Assess
    expect(check(result, 'proof')?.ok).toBe(false);
    expect((await verifyCredential(credential, { now: NOW, resolveDocument })).verified).toBe(true);
  });

  it('fails the issuer check when the badge is signed with a key the issuer does not control', async () => {
    // Prepare: an impostor signs in the university's name with its own did:key.
    const impostor = newTestSigner();
    const { credential } = await issueBadge();
    const { proof: _, ...unsigned } = credential;
    const didKey = `did:key:${impostor.publicKeyMultibase}`;
    const forged = await signCredential(unsigned, { signer: impostor, verificationMethod: `${didKey}#${impostor.publicKeyMultibase}` });

    // Act
    const result = await verifyCredential(forged, { now: NOW });

    // Assess
    expect(check(result, 'proof')?.ok).toBe(true);
    expect(check(result, 'issuer')).toEqual({ name: 'issuer', ok: false, message: expect.stringContaining(`controlled by ${didKey}, not by the issuer ${DID}`) });
    expect(result.verified).toBe(false);
  });

  it('fails the issuer check when the issuer document does not list the key for assertionMethod', async () => {
    // Prepare
    const { credential, signer, verificationMethod } = await issueBadge();
    const document = {
      ...didDocument({ did: DID, keys: [{ id: verificationMethod, publicKeyMultibase: signer.publicKeyMultibase }] }),
      assertionMethod: [],
    };

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(check(result, 'issuer')).toEqual({ name: 'issuer', ok: false, message: expect.stringContaining('does not list key') });
  });

  it('fails validity once validUntil has passed', async () => {
    // Prepare
    const { credential, resolveDocument } = await issueBadge({ validUntil: new Date('2026-05-01T00:00:00Z') });

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument });

    // Assess
    expect(result.verified).toBe(false);
    expect(check(result, 'validity')).toEqual({ name: 'validity', ok: false, message: 'expired: valid until 2026-05-01T00:00:00Z' });
  });

  it('fails validity before validFrom', async () => {
    // Prepare
    const { credential, resolveDocument } = await issueBadge({ issuedAt: new Date('2026-07-01T00:00:00Z') });

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'validity')).toEqual({ name: 'validity', ok: false, message: 'not yet valid: valid from 2026-07-01T00:00:00Z' });
  });

  it('names the schema failure', async () => {
    // Prepare: an achievement type outside the OB 3.0 vocabulary (and not ext:) no schema form accepts.
    const { credential, resolveDocument } = await issueBadge();
    const subject = credential.credentialSubject as { achievement: Record<string, unknown> };
    const odd = { ...credential, credentialSubject: { ...subject, achievement: { ...subject.achievement, achievementType: 'Trophy' } } };

    // Act
    const result = await verifyCredential(odd, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'schema')).toEqual({ name: 'schema', ok: false, message: expect.stringContaining('/credentialSubject/achievement/achievementType must') });
  });

  it('only warns about a lone proof object, which the signature still covers', async () => {
    // Prepare: a lone proof object is valid JSON-LD but not what the strict schema allows.
    const { credential, resolveDocument } = await issueBadge();
    const loneProof = { ...credential, proof: credential.proof[0] };

    // Act
    const result = await verifyCredential(loneProof, { now: NOW, resolveDocument });

    // Assess
    expect(result.verified).toBe(true);
    expect(check(result, 'schema')).toMatchObject({ ok: true, warning: expect.stringContaining('/proof must be array') });
    expect(result.warnings).toEqual([expect.stringMatching(/^schema: .*\/proof must be array$/)]);
  });

  it('fails the proof, with the reason, when the issuer DID cannot be resolved', async () => {
    // Prepare
    const { credential } = await issueBadge();

    // Act
    const result = await verifyCredential(credential, { now: NOW });

    // Assess
    expect(result.verified).toBe(false);
    expect(check(result, 'proof')?.message).toContain(`cannot resolve "${DID}#`);
  });

  it('fails the proof when there is none', async () => {
    // Prepare
    const { credential } = await issueBadge();
    const { proof: _, ...unsigned } = credential;

    // Act
    const result = await verifyCredential(unsigned, { now: NOW });

    // Assess
    expect(check(result, 'proof')).toEqual({ name: 'proof', ok: false, message: 'the credential has no proof' });
  });

  it('fails the proof for a cryptosuite it does not support', async () => {
    // Prepare
    const { credential, resolveDocument } = await issueBadge();
    const other = { ...credential, proof: [{ ...credential.proof[0], cryptosuite: 'ecdsa-rdfc-2019' }] };

    // Act
    const result = await verifyCredential(other, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'proof')?.message).toContain('unsupported proof (DataIntegrityProof/ecdsa-rdfc-2019)');
  });

  it('never fetches a context it does not bundle: the proof fails naming it', async () => {
    // Prepare
    const { credential, resolveDocument } = await issueBadge();
    const unknownContext = { ...credential, '@context': [...credential['@context'], 'https://contexts.example/extra.json'] };

    // Act
    const result = await verifyCredential(unknownContext, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'proof')?.message).toContain('https://contexts.example/extra.json');
    expect(result.verified).toBe(false);
  });

  it.each([null, 'a string', 42, [1, 2]])('answers verified:false for %j without throwing', async (input) => {
    // Act
    const result = await verifyCredential(input, { now: NOW });

    // Assess
    expect(result.verified).toBe(false);
    expect(result.checks.map((c) => c.name)).toEqual(['structure', 'schema', 'proof', 'issuer', 'validity', 'status']);
    expect(result.checks[0]).toEqual({ name: 'structure', ok: false, message: 'a credential must be a JSON object' });
  });
});

describe('verifyCredential: status (W3C Bitstring Status List)', () => {
  const LIST_URL = 'https://badges.uni.edu/status/uni/revocation/1.json';

  /** Our badge with one revocation entry (index 5) and its list, signed with the issuer's key. */
  async function badgeWithStatus(options: { revoked: boolean; listIssuerDid?: string; tamperList?: boolean }) {
    const { credential, signer, verificationMethod, didDoc } = await signedTestBadge({
      credentialUrl: 'https://badges.uni.edu/credentials/c-2.json',
      evidence: [],
      credentialStatus: [statusListEntry({ listUrl: LIST_URL, purpose: 'revocation', index: 5 })],
    });
    const bits = new Bitstring();
    bits.set(5, options.revoked);
    let list: Record<string, unknown> = await signCredential(
      buildStatusListCredential({
        listUrl: LIST_URL,
        issuerDid: options.listIssuerDid ?? DID,
        purpose: 'revocation',
        encodedList: bits.encode(),
        validFrom: new Date('2026-01-01T00:00:00Z'),
      }),
      { signer, verificationMethod },
    );
    if (options.tamperList) list = { ...list, credentialSubject: { ...(list.credentialSubject as object), encodedList: new Bitstring().encode() } };
    return { credential, resolveDocument: resolverFor({ [DID]: didDoc, [LIST_URL]: list }) };
  }

  it('passes a credential whose bit is clear, naming the list and index', async () => {
    // Prepare
    const { credential, resolveDocument } = await badgeWithStatus({ revoked: false });

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument });

    // Assess
    expect(result.verified).toBe(true);
    expect(check(result, 'status')).toEqual({ name: 'status', ok: true, message: `not revoked (revocation list ${LIST_URL}, index 5)` });
  });

  it('fails a credential whose revocation bit is set (its signature still verifies)', async () => {
    // Prepare
    const { credential, resolveDocument } = await badgeWithStatus({ revoked: true });

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument });

    // Assess
    expect(result.verified).toBe(false);
    expect(result.checks.filter((c) => !c.ok)).toEqual([{ name: 'status', ok: false, message: `revoked (revocation list ${LIST_URL}, index 5)` }]);
  });

  it('fails when the list cannot be fetched, saying why', async () => {
    // Prepare
    const { credential, resolveDocument } = await badgeWithStatus({ revoked: false });

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument, resolveStatusList: resolverFor({}) });

    // Assess
    expect(check(result, 'status')).toEqual({ name: 'status', ok: false, message: `cannot check the revocation status: no such document: ${LIST_URL}` });
  });

  it('fails when the list was changed after signing', async () => {
    // Prepare
    const { credential, resolveDocument } = await badgeWithStatus({ revoked: true, tamperList: true });

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'status')?.ok).toBe(false);
    expect(check(result, 'status')?.message).toContain(`the status list ${LIST_URL} does not verify`);
  });

  it('fails when the list is issued by someone else than the credential', async () => {
    // Prepare
    const { credential, resolveDocument } = await badgeWithStatus({ revoked: false, listIssuerDid: 'did:web:elsewhere.example' });

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'status')?.message).toBe(`the status list ${LIST_URL} is issued by did:web:elsewhere.example, not by the credential's issuer ${DID}`);
  });

  it('reports the 1EdTech bsl-credential-status-revoked.json revoked, its list served by a mock', async () => {
    // Prepare
    const credential = readFixture<{ credentialStatus: { statusListCredential: string } }>('1edtech-validator/bsl-credential-status-revoked.json');
    const issuer = 'https://1edtech.edu/issuers/565049';
    const resolveDocument = resolverFor({
      [issuer]: controllerDocument(issuer, testVector().keyPair.publicKeyMultibase),
      [credential.credentialStatus.statusListCredential]: readFixture('1edtech-validator/bsl-status-list-credential.json'),
    });

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument });

    // Assess: signed correctly, revoked at index 23 (its lone proof object is only a schema warning)
    expect(check(result, 'proof')?.ok).toBe(true);
    expect(check(result, 'issuer')?.ok).toBe(true);
    expect(check(result, 'status')).toEqual({
      name: 'status',
      ok: false,
      message: `revoked (revocation list ${credential.credentialStatus.statusListCredential}, index 23)`,
    });
    expect(result.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['status']);
  });
});
