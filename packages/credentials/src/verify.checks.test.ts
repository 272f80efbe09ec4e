// The verifier's checks one rule at a time: structure, schema, validity and recipient on unsigned
// credentials (each check answers whatever the others found), proof and issuer on badges signed
// with real Ed25519 keys. Each test pins a rule that the broader suites only pass through, so
// that a changed line in verify.ts shows (docs/TESTING.md, mutation testing).
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential } from './build.ts';
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from './contexts.ts';
import { didDocument, verificationMethodId } from './did.ts';
import { hashRecipientEmail } from './recipient.ts';
import { judgeCredentialSchema } from './schema.ts';
import { signCredential } from './sign.ts';
import { controllerDocument, newTestSigner, readFixture, resolverFor, teamwork } from './test-helpers.ts';
import { verifyCredential, type CheckName, type VerificationCheck, type VerificationResult } from './verify.ts';

const DID = 'did:web:badges.uni.edu';
const NOW = new Date('2026-06-01T00:00:00Z');
const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
type Json = Record<string, unknown>;

const check = (result: VerificationResult, name: CheckName): VerificationCheck | undefined => result.checks.find((c) => c.name === name);

/** Our kind of badge, unsigned: enough for every check but proof and issuer. */
function unsignedBadge(overrides: Json = {}): Json {
  const unsigned = buildOpenBadgeCredential({
    credentialUrl: 'https://badges.uni.edu/credentials/c-7.json',
    issuer: { did: DID, name: 'Uni', url: 'https://uni.edu' },
    achievement: teamwork,
    achievementUrl: 'https://badges.uni.edu/achievements/teamwork',
    recipient: { email: 'ada@example.org', name: 'Ada' },
    salt: 'salt',
    evidence: [],
    issuedAt: new Date('2026-01-01T00:00:00Z'),
  }) as unknown as Json;
  return { ...unsigned, ...overrides };
}

const subjectWith = (identifier: unknown): Json => ({ ...(unsignedBadge().credentialSubject as Json), identifier });

describe('verifyCredential: structure', () => {
  it('names every structural problem at once, in order', async () => {
    // Prepare
    const odd = { '@context': ['https://example.org/ctx'], type: ['Thing'], issuer: { name: 'No id' }, credentialSubject: [] };

    // Act
    const result = await verifyCredential(odd, { now: NOW });

    // Assess
    expect(check(result, 'structure')).toEqual({
      name: 'structure',
      ok: false,
      message:
        `@context must start with ${VC_V2_CONTEXT}; type must include VerifiableCredential; ` +
        'type must include OpenBadgeCredential, AchievementCredential or EndorsementCredential; issuer (with an id) is required; credentialSubject must be an object',
    });
    expect(result.verified).toBe(false);
  });

  it('passes a badge with no warning when it uses the current contexts', async () => {
    // Act
    const result = await verifyCredential(unsignedBadge(), { now: NOW });

    // Assess
    expect(check(result, 'structure')).toEqual({ name: 'structure', ok: true, message: 'is an Open Badges 3.0 verifiable credential' });
    expect(result.warnings).toEqual([]);
  });

  it('reads a lone @context string and a lone type string as one-element arrays', async () => {
    // Act
    const result = await verifyCredential(unsignedBadge({ '@context': VC_V2_CONTEXT, type: 'VerifiableCredential' }), { now: NOW });

    // Assess: the context is right; the type names no badge type
    expect(check(result, 'structure')?.message).toBe('type must include OpenBadgeCredential, AchievementCredential or EndorsementCredential');
  });

  it.each([
    [['VerifiableCredential', 'AchievementCredential'], true],
    [['VerifiableCredential', 'EndorsementCredential'], true],
    [['OpenBadgeCredential'], false],
  ])('decides type %j: passes %s', async (type, passes) => {
    // Act
    const result = await verifyCredential(unsignedBadge({ type }), { now: NOW });

    // Assess
    expect(check(result, 'structure')).toMatchObject({ ok: passes, message: passes ? 'is an Open Badges 3.0 verifiable credential' : 'type must include VerifiableCredential' });
  });

  it.each([
    ['a DID string', DID, true],
    ['a number', 42, false],
    ['an object without id', { name: 'Uni' }, false],
    ['an object whose id is no string', { id: 42, name: 'Uni' }, false],
    ['null', null, false],
  ])('takes an issuer given as %s: passes %s', async (_, issuer, passes) => {
    // Act
    const result = await verifyCredential(unsignedBadge({ issuer }), { now: NOW });

    // Assess
    expect(check(result, 'structure')?.ok).toBe(passes);
    if (!passes) expect(check(result, 'structure')?.message).toBe('issuer (with an id) is required');
  });

  it.each([null, [{ id: 'x' }], 'did:example:ada'])('refuses credentialSubject %j', async (credentialSubject) => {
    // Act
    const result = await verifyCredential(unsignedBadge({ credentialSubject }), { now: NOW });

    // Assess
    expect(check(result, 'structure')).toEqual({ name: 'structure', ok: false, message: 'credentialSubject must be an object' });
  });

  it('accepts a VC Data Model 1.1 context with a warning naming what was expected', async () => {
    // Act
    const result = await verifyCredential(unsignedBadge({ '@context': [VC_V1_CONTEXT, OB_CONTEXT] }), { now: NOW });

    // Assess
    const warning = `expected @context ${VC_V2_CONTEXT} at position 1, found ${VC_V1_CONTEXT} (VC Data Model 1.1)`;
    expect(check(result, 'structure')).toEqual({ name: 'structure', ok: true, message: 'is an Open Badges 3.0 verifiable credential', warning });
    expect(result.warnings).toContain(`structure: ${warning}`);
  });

  it.each([
    'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-13.10.12.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld',
  ])('warns about the older Open Badges 3.0 context %s', async (obContext) => {
    // Act
    const result = await verifyCredential(unsignedBadge({ '@context': [VC_V2_CONTEXT, obContext] }), { now: NOW });

    // Assess
    expect(check(result, 'structure')).toMatchObject({
      ok: true,
      warning: `expected @context ${OB_CONTEXT} at position 2, found ${obContext} (an older Open Badges 3.0 context)`,
    });
  });

  it.each([
    OB_CONTEXT,
    'https://example.org/https://purl.imsglobal.org/spec/ob/v3p0/context.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context.json.evil',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld.evil',
    'https://purl.imsglobal.org/spec/ob/v3p0/contextX3.0.2.json',
    'https://purlximsglobal.org/spec/ob/v3p0/context.json',
    'https://example.org/https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld',
  ])('does not take %s for an older Open Badges 3.0 context', async (obContext) => {
    // Act
    const result = await verifyCredential(unsignedBadge({ '@context': [VC_V2_CONTEXT, obContext] }), { now: NOW });

    // Assess
    expect(check(result, 'structure')?.warning).toBeUndefined();
  });

  it('does not read a nested array as a context URL', async () => {
    // Act
    const result = await verifyCredential(unsignedBadge({ '@context': [VC_V2_CONTEXT, ['https://purl.imsglobal.org/spec/ob/v3p0/context.json']] }), { now: NOW });

    // Assess
    expect(check(result, 'structure')?.warning).toBeUndefined();
  });

  it('joins both context warnings, VC first', async () => {
    // Act
    const older = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json';
    const result = await verifyCredential(unsignedBadge({ '@context': [VC_V1_CONTEXT, older] }), { now: NOW });

    // Assess
    expect(check(result, 'structure')?.warning).toBe(
      `expected @context ${VC_V2_CONTEXT} at position 1, found ${VC_V1_CONTEXT} (VC Data Model 1.1); ` +
        `expected @context ${OB_CONTEXT} at position 2, found ${older} (an older Open Badges 3.0 context)`,
    );
  });
});

describe('verifyCredential: schema', () => {
  it('lists the first five findings and counts the rest', async () => {
    // Prepare: seven fields of the wrong type
    const subject = unsignedBadge().credentialSubject as Json;
    const achievement = subject.achievement as Json;
    const broken = unsignedBadge({
      name: 1,
      description: 2,
      credentialSubject: { ...subject, achievement: { ...achievement, name: 3, description: 4, criteria: 5, image: 6, tag: 7 } },
    });

    // Act
    const result = await verifyCredential(broken, { now: NOW });

    // Assess
    const message = check(result, 'schema')?.message ?? '';
    expect(message).toMatch(/^not valid against the OB 3\.0 AchievementCredential schema: /);
    const findings = message.replace(/^[^:]*: /, '').replace(/ \(and \d+ more\)$/, '');
    expect(findings.split('; ')).toHaveLength(5);
    const { errors } = judgeCredentialSchema(broken, 'AchievementCredential');
    expect(errors.length).toBeGreaterThan(5);
    expect(message.endsWith(` (and ${errors.length - 5} more)`)).toBe(true);
  });

  it('lists a single finding without counting more', async () => {
    // Act
    const result = await verifyCredential(unsignedBadge({ name: 1 }), { now: NOW });

    // Assess
    expect(check(result, 'schema')).toEqual({ name: 'schema', ok: false, message: 'not valid against the OB 3.0 AchievementCredential schema: /name must be string' });
  });

  it('passes a valid badge, naming the schema', async () => {
    // Act
    const result = await verifyCredential(unsignedBadge(), { now: NOW });

    // Assess
    expect(check(result, 'schema')).toEqual({ name: 'schema', ok: true, message: 'valid against the OB 3.0 AchievementCredential schema' });
  });

  it('holds an endorsement to the EndorsementCredential schema', async () => {
    // Prepare
    const endorsement = readFixture('1edtech-validator/endorsement-valid.json');

    // Act
    const valid = await verifyCredential(endorsement, { now: NOW });
    const broken = await verifyCredential({ ...endorsement, name: 1 }, { now: NOW });

    // Assess
    expect(check(valid, 'schema')).toEqual({ name: 'schema', ok: true, message: 'valid against the OB 3.0 EndorsementCredential schema' });
    expect(check(broken, 'schema')?.message).toBe('not valid against the OB 3.0 EndorsementCredential schema: /name must be string');
  });

  it('holds a credential that is both a badge and an endorsement to the badge schema', async () => {
    // Act
    const result = await verifyCredential(unsignedBadge({ type: ['VerifiableCredential', 'EndorsementCredential', 'OpenBadgeCredential'] }), { now: NOW });

    // Assess
    expect(check(result, 'schema')?.message).toMatch(/^(not )?valid against the OB 3\.0 AchievementCredential schema/);
  });

  it('passes a lone identifier object with a warning, in the check and in the result', async () => {
    // Prepare: JSON-LD reads one value where the strict schema wants an array
    const [identifier] = (unsignedBadge().credentialSubject as { identifier: unknown[] }).identifier;
    const loneIdentifier = unsignedBadge({ credentialSubject: subjectWith(identifier) });

    // Act
    const result = await verifyCredential(loneIdentifier, { now: NOW });

    // Assess
    const warning = 'not valid against the strict OB 3.0 AchievementCredential JSON schema, which tools reading plain JSON may apply: /credentialSubject/identifier must be array';
    expect(check(result, 'schema')).toEqual({
      name: 'schema',
      ok: true,
      message: 'valid against the OB 3.0 AchievementCredential schema read as JSON-LD (a single value where an array is expected)',
      warning,
    });
    expect(result.warnings).toEqual([`schema: ${warning}`]);
  });
});

describe('verifyCredential: validity', () => {
  const validity = async (dates: Json, now = NOW) => check(await verifyCredential(unsignedBadge(dates), { now }), 'validity');

  it('is valid from the very second of validFrom', async () => {
    expect(await validity({ validFrom: '2026-06-01T00:00:00Z' })).toEqual({ name: 'validity', ok: true, message: 'valid from 2026-06-01T00:00:00Z, no end date' });
  });

  it('is not yet valid a millisecond before validFrom', async () => {
    expect(await validity({ validFrom: '2026-06-01T00:00:00.001Z' })).toEqual({
      name: 'validity',
      ok: false,
      message: 'not yet valid: valid from 2026-06-01T00:00:00.001Z',
    });
  });

  it('is expired at the very second of validUntil, valid a millisecond before', async () => {
    expect(await validity({ validUntil: '2026-06-01T00:00:00Z' })).toEqual({ name: 'validity', ok: false, message: 'expired: valid until 2026-06-01T00:00:00Z' });
    expect(await validity({ validUntil: '2026-06-01T00:00:00.001Z' })).toEqual({
      name: 'validity',
      ok: true,
      message: 'valid from 2026-01-01T00:00:00Z until 2026-06-01T00:00:00.001Z',
    });
  });

  it('fails without validFrom', async () => {
    // Prepare
    const { validFrom: _, ...undated } = unsignedBadge();

    // Act
    const result = await verifyCredential(undated, { now: NOW });

    // Assess
    expect(check(result, 'validity')).toEqual({ name: 'validity', ok: false, message: 'the credential has no validFrom' });
  });

  it.each([['yesterday'], [1767225600]])('fails a validFrom that is not a date-time: %j', async (validFrom) => {
    expect(await validity({ validFrom })).toEqual({ name: 'validity', ok: false, message: `validFrom "${validFrom}" is not a date-time` });
  });

  it.each([['someday'], [1798761600]])('fails a validUntil that is not a date-time: %j', async (validUntil) => {
    expect(await validity({ validUntil })).toEqual({ name: 'validity', ok: false, message: `validUntil "${validUntil}" is not a date-time` });
  });

  it('reads VC Data Model 1.1 issuanceDate and expirationDate', async () => {
    // Prepare
    const { validFrom: _, ...v1 } = unsignedBadge({ issuanceDate: '2026-02-01T00:00:00Z', expirationDate: '2026-05-01T00:00:00Z' });

    // Act
    const result = await verifyCredential(v1, { now: NOW });
    const before = await verifyCredential(v1, { now: new Date('2026-03-01T00:00:00Z') });

    // Assess
    expect(check(result, 'validity')).toEqual({ name: 'validity', ok: false, message: 'expired: valid until 2026-05-01T00:00:00Z' });
    expect(check(before, 'validity')).toEqual({ name: 'validity', ok: true, message: 'valid from 2026-02-01T00:00:00Z until 2026-05-01T00:00:00Z' });
  });

  it('prefers validFrom and validUntil to issuanceDate and expirationDate', async () => {
    expect(await validity({ issuanceDate: '2027-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z', expirationDate: '2026-02-01T00:00:00Z' })).toEqual({
      name: 'validity',
      ok: true,
      message: 'valid from 2026-01-01T00:00:00Z until 2027-01-01T00:00:00Z',
    });
  });
});

describe('verifyCredential: recipient', () => {
  const recipient = async (identifier: unknown, recipientEmail: string) =>
    check(await verifyCredential(unsignedBadge({ credentialSubject: subjectWith(identifier) }), { now: NOW, recipientEmail }), 'recipient');
  const NOT_THIS = { name: 'recipient', ok: false, message: 'not issued to this e-mail address' };
  const NONE = { name: 'recipient', ok: false, message: 'the credential names no e-mail address for its recipient' };

  it('matches a plain (unhashed) address whatever its case and surrounding spaces', async () => {
    const plain = [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: false, identityHash: 'Ada@Example.org' }];
    expect(await recipient(plain, '  ADA@example.ORG ')).toEqual({ name: 'recipient', ok: true, message: 'issued to this e-mail address' });
    expect(await recipient(plain, 'grace@example.org')).toEqual(NOT_THIS);
  });

  it('does not take a plain address for its hash, nor a hash for the address', async () => {
    const hash = hashRecipientEmail('ada@example.org', '');
    expect(await recipient([{ identityType: 'emailAddress', hashed: false, identityHash: hash }], 'ada@example.org')).toEqual(NOT_THIS);
    expect(await recipient([{ identityType: 'emailAddress', hashed: true, identityHash: 'ada@example.org' }], 'ada@example.org')).toEqual(NOT_THIS);
  });

  it('hashes with no salt when none is given, and compares the hash in any case', async () => {
    const hash = hashRecipientEmail('ada@example.org', '').toUpperCase();
    expect(await recipient([{ identityType: 'emailAddress', hashed: true, identityHash: hash }], 'ada@example.org')).toMatchObject({ ok: true });
    expect(await recipient([{ identityType: 'emailAddress', hashed: true, identityHash: hash, salt: 42 }], 'ada@example.org')).toMatchObject({ ok: true });
  });

  it('uses the salt given', async () => {
    const identifier = { identityType: 'emailAddress', hashed: true, identityHash: hashRecipientEmail('ada@example.org', 'pepper'), salt: 'pepper' };
    expect(await recipient([identifier], 'ada@example.org')).toMatchObject({ ok: true });
    expect(await recipient([{ ...identifier, salt: 'salt' }], 'ada@example.org')).toEqual(NOT_THIS);
  });

  it('passes when any one of several addresses matches', async () => {
    const ada = { identityType: 'emailAddress', hashed: false, identityHash: 'ada@example.org' };
    const grace = { identityType: 'emailAddress', hashed: false, identityHash: 'grace@example.org' };
    expect(await recipient([ada, grace], 'grace@example.org')).toMatchObject({ ok: true });
    expect(await recipient([grace, ada], 'grace@example.org')).toMatchObject({ ok: true });
  });

  it('reads a lone identifier object', async () => {
    expect(await recipient({ identityType: 'emailAddress', hashed: false, identityHash: 'ada@example.org' }, 'ada@example.org')).toMatchObject({ ok: true });
  });

  it.each([
    ['another identity type', [{ identityType: 'studentId', hashed: false, identityHash: 'ada@example.org' }]],
    ['no identityHash', [{ identityType: 'emailAddress', hashed: false, identityHash: 7 }]],
    ['no object', ['ada@example.org', null]],
    ['nothing', undefined],
  ])('fails when the subject names %s', async (_, identifier) => {
    expect(await recipient(identifier, 'ada@example.org')).toEqual(NONE);
  });

  it('fails, not throws, when the credential has no subject', async () => {
    // Act
    const result = await verifyCredential(unsignedBadge({ credentialSubject: 'ada' }), { now: NOW, recipientEmail: 'ada@example.org' });

    // Assess
    expect(check(result, 'recipient')).toEqual(NONE);
  });

  it('adds an unchecked recipient check to an answer for what is not a credential', async () => {
    // Act
    const result = await verifyCredential([], { now: NOW, recipientEmail: 'ada@example.org' });

    // Assess
    expect(result).toEqual({
      verified: false,
      warnings: [],
      checks: [
        { name: 'structure', ok: false, message: 'a credential must be a JSON object' },
        ...(['schema', 'proof', 'issuer', 'validity', 'status', 'recipient'] as const).map((name) => ({ name, ok: false, message: 'not checked: the input is not a credential' })),
      ],
    });
  });

  it('says why a string that looks like a JWT but is none is not a credential', async () => {
    // Prepare: a compact JWS whose header is not JSON
    const notJson = `${Buffer.from('not json').toString('base64url')}.e30.e30`;

    // Act
    const result = await verifyCredential(notJson, { now: NOW });

    // Assess
    expect(result.verified).toBe(false);
    expect(result.checks[0]).toEqual({ name: 'structure', ok: false, message: "the JWT's header is not base64url-encoded JSON" });
    expect(result.checks.slice(1).map((c) => c.message)).toEqual(Array(5).fill('not checked: the input is not a credential'));
  });
});

describe('verifyCredential: proof and issuer', () => {
  let signer: ReturnType<typeof newTestSigner>;
  let verificationMethod: string;
  let credential: Json & { proof: Json[] };
  let resolveDocument: ReturnType<typeof resolverFor>;

  beforeAll(async () => {
    signer = newTestSigner();
    verificationMethod = verificationMethodId(DID, signer.publicKeyMultibase);
    credential = await signCredential(unsignedBadge(), { signer, verificationMethod, created: new Date('2026-01-01T00:00:00Z') });
    resolveDocument = resolverFor({ [DID]: didDocument({ did: DID, keys: [{ id: verificationMethod, publicKeyMultibase: signer.publicKeyMultibase }] }) });
  });

  it('names the key that verified, and the issuer it belongs to', async () => {
    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'proof')).toEqual({ name: 'proof', ok: true, message: `eddsa-rdfc-2022 signature verified with ${verificationMethod}` });
    expect(check(result, 'issuer')).toEqual({ name: 'issuer', ok: true, message: `key ${verificationMethod} belongs to the issuer ${DID}` });
    expect(result.verified).toBe(true);
  });

  it('verifies when one of several proofs does, skipping what is not a proof object', async () => {
    // Prepare: a forged proof first, then a string, then the real one
    const [real] = credential.proof;
    const forged = { ...real, proofValue: `z${'1'.repeat(87)}` };
    const many = { ...credential, proof: [forged, 'not a proof', real] };

    // Act
    const result = await verifyCredential(many, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'proof')).toMatchObject({ ok: true, message: `eddsa-rdfc-2022 signature verified with ${verificationMethod}` });
  });

  it('reports the first failure when no proof verifies', async () => {
    // Prepare
    const [real] = credential.proof;
    const wrongPurpose = { ...real, proofPurpose: 'authentication' };
    const forged = { ...real, proofValue: `z${'1'.repeat(87)}` };

    // Act
    const purposeFirst = await verifyCredential({ ...credential, proof: [wrongPurpose, forged] }, { now: NOW, resolveDocument });
    const forgedFirst = await verifyCredential({ ...credential, proof: [forged, wrongPurpose] }, { now: NOW, resolveDocument });

    // Assess
    expect(check(purposeFirst, 'proof')).toEqual({ name: 'proof', ok: false, message: 'proof purpose is "authentication", expected "assertionMethod"' });
    expect(check(forgedFirst, 'proof')).toEqual({ name: 'proof', ok: false, message: expect.stringMatching(/^eddsa-rdfc-2022 proof does not verify: /) });
  });

  it('still ties the key of a proof it refused to the issuer', async () => {
    // Prepare: the purpose is checked before the signature
    const wrongPurpose = { ...credential, proof: [{ ...credential.proof[0], proofPurpose: 'authentication' }] };

    // Act
    const result = await verifyCredential(wrongPurpose, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'proof')).toEqual({ name: 'proof', ok: false, message: 'proof purpose is "authentication", expected "assertionMethod"' });
    expect(check(result, 'issuer')).toEqual({ name: 'issuer', ok: true, message: `key ${verificationMethod} belongs to the issuer ${DID}` });
  });

  it('names each unsupported proof by type and cryptosuite', async () => {
    // Prepare
    const [real] = credential.proof;
    const legacy = { type: 'Ed25519Signature2020', proofValue: 'z1' };
    const ecdsa = { ...real, cryptosuite: 'ecdsa-rdfc-2019' };
    const other = { ...real, type: 'OtherProof' };

    // Act
    const result = await verifyCredential({ ...credential, proof: [legacy, ecdsa, other] }, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'proof')).toEqual({
      name: 'proof',
      ok: false,
      message: 'unsupported proof (Ed25519Signature2020, DataIntegrityProof/ecdsa-rdfc-2019, OtherProof/eddsa-rdfc-2022): only DataIntegrityProof with eddsa-rdfc-2022 is verified',
    });
    expect(check(result, 'issuer')).toEqual({ name: 'issuer', ok: false, message: 'not checked: no verification method to tie to the issuer' });
  });

  it('has no proof when the proof is not an object', async () => {
    // Act
    const result = await verifyCredential({ ...credential, proof: 'z3u2...' }, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'proof')).toEqual({ name: 'proof', ok: false, message: 'the credential has no proof' });
  });

  it('ties a key the issuer lists under assertionMethod by a relative id', async () => {
    // Prepare: an https issuer whose controller document names its key "#key-1"
    const issuer = 'https://uni.edu/issuer';
    const key = `${issuer}#key-1`;
    const document = {
      '@context': ['https://w3id.org/security/multikey/v1'],
      id: issuer,
      verificationMethod: [{ id: '#key-1', type: 'Multikey', controller: issuer, publicKeyMultibase: signer.publicKeyMultibase }],
      assertionMethod: ['#key-1'],
    };
    const badge = await signCredential(unsignedBadge({ issuer: { ...(unsignedBadge().issuer as Json), id: issuer } }), { signer, verificationMethod: key });

    // Act
    const listed = await verifyCredential(badge, { now: NOW, resolveDocument: resolverFor({ [issuer]: document }) });
    const otherListed = await verifyCredential(badge, { now: NOW, resolveDocument: resolverFor({ [issuer]: { ...document, assertionMethod: ['#key-2'] } }) });

    // Assess
    expect(check(listed, 'proof')?.ok).toBe(true);
    expect(check(listed, 'issuer')).toEqual({ name: 'issuer', ok: true, message: `key ${key} belongs to the issuer ${issuer}` });
    expect(check(otherListed, 'issuer')).toEqual({
      name: 'issuer',
      ok: false,
      message: `the issuer's document ${issuer} does not list key ${key} under assertionMethod`,
    });
  });

  it('skips assertionMethod entries that name no key', async () => {
    // Prepare
    const document = { ...(didDocument({ did: DID, keys: [{ id: verificationMethod, publicKeyMultibase: signer.publicKeyMultibase }] }) as Json) };
    document.assertionMethod = [42, {}, verificationMethod];

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(check(result, 'issuer')).toEqual({ name: 'issuer', ok: true, message: `key ${verificationMethod} belongs to the issuer ${DID}` });
  });

  it('does not take a relative id of another controller for the key', async () => {
    // Prepare: the key lives in the issuer's document but its relative id resolves elsewhere
    const issuer = 'https://uni.edu/issuer';
    const key = `${issuer}#key-1`;
    const document = {
      ...controllerDocument(issuer),
      verificationMethod: [{ id: key, type: 'Multikey', controller: issuer, publicKeyMultibase: signer.publicKeyMultibase }],
      assertionMethod: ['#key-2', 'https://other.example/issuer#key-1'],
    };
    const badge = await signCredential(unsignedBadge({ issuer: { ...(unsignedBadge().issuer as Json), id: issuer } }), { signer, verificationMethod: key });

    // Act
    const result = await verifyCredential(badge, { now: NOW, resolveDocument: resolverFor({ [issuer]: document }) });

    // Assess
    expect(check(result, 'proof')?.ok).toBe(true);
    expect(check(result, 'issuer')?.message).toBe(`the issuer's document ${issuer} does not list key ${key} under assertionMethod`);
  });

  it('says a key with no controller is controlled by nobody', async () => {
    // Prepare: the proof verifies only with a controller, so break the tie after the proof: the key is loaded again for the issuer check
    const { proof: _, ...unsigned } = credential;
    const wrongPurpose = { ...unsigned, proof: [{ ...credential.proof[0], proofPurpose: 'authentication' }] };
    const document = { ...didDocument({ did: DID, keys: [{ id: verificationMethod, publicKeyMultibase: signer.publicKeyMultibase }] }) } as Json;
    document.verificationMethod = [{ id: verificationMethod, type: 'Multikey', publicKeyMultibase: signer.publicKeyMultibase }];

    // Act
    const result = await verifyCredential(wrongPurpose, { now: NOW, resolveDocument: resolverFor({ [DID]: document }) });

    // Assess
    expect(check(result, 'issuer')).toEqual({ name: 'issuer', ok: false, message: `key ${verificationMethod} is controlled by nobody, not by the issuer ${DID}` });
  });

  it('says why a key cannot be tied to the issuer when its document cannot be had', async () => {
    // Prepare: a proof for another purpose is not verified, so its key is only loaded by the issuer check
    const wrongPurpose = { ...credential, proof: [{ ...credential.proof[0], proofPurpose: 'authentication' }] };

    // Act
    const result = await verifyCredential(wrongPurpose, { now: NOW, resolveDocument: resolverFor({}) });

    // Assess
    expect(check(result, 'issuer')).toEqual({
      name: 'issuer',
      ok: false,
      message: `cannot tie key ${verificationMethod} to the issuer ${DID}: no such document: ${verificationMethod}`,
    });
  });

  it.each([
    ['no issuer', undefined],
    ['two issuers', [DID, 'did:web:other.example']],
  ])('ties the key to nobody when the credential names %s', async (_, issuer) => {
    // Act
    const result = await verifyCredential({ ...credential, issuer }, { now: NOW, resolveDocument });

    // Assess
    expect(check(result, 'issuer')).toEqual({ name: 'issuer', ok: false, message: 'the credential names no issuer (or more than one)' });
  });
});
