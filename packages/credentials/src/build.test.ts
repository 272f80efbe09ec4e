import { describe, expect, it } from 'vitest';
import { Achievement } from '@tessera/core';
import { didDocument, verificationMethodId } from './did.ts';
import { signCredential } from './sign.ts';
import { verifyCredential } from './verify.ts';
import { achievementTypeTerm, buildOpenBadgeCredential, type BuildCredentialInput } from './build.ts';
import { hashRecipientEmail } from './recipient.ts';
import { validateCredentialSchema } from './schema.ts';
import { statusListEntry } from './status-list.ts';
import { badgeInput, newTestSigner, teamwork } from './test-helpers.ts';

const input = (overrides: Partial<BuildCredentialInput> = {}): BuildCredentialInput =>
  badgeInput({
    recipient: { email: 'ada.lovelace@example.org', name: 'Ada Lovelace' },
    salt: 'a1b2c3',
    evidence: [],
    issuedAt: new Date('2026-03-04T05:06:07.890Z'),
    ...overrides,
  });

describe('buildOpenBadgeCredential', () => {
  it('builds an OpenBadgeCredential from the issuer, the achievement and a hashed recipient', () => {
    // Act
    const credential = buildOpenBadgeCredential(input());

    // Assess
    expect(credential).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'https://badges.uni.edu/credentials/c-1.json',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Teamwork',
      issuer: { id: 'did:web:badges.uni.edu', type: ['Profile'], name: 'Uni', url: 'https://uni.edu' },
      validFrom: '2026-03-04T05:06:07Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [
          {
            type: 'IdentityObject',
            identityHash: hashRecipientEmail('ada.lovelace@example.org', 'a1b2c3'),
            identityType: 'emailAddress',
            hashed: true,
            salt: 'a1b2c3',
          },
        ],
        achievement: {
          id: 'https://badges.uni.edu/achievements/teamwork',
          type: ['Achievement'],
          name: 'Teamwork',
          description: 'Collaborates within a group environment.',
          criteria: { narrative: 'Nominated by peers and recognised on review.' },
        },
      },
    });
  });

  it('is valid against the strict OB 3.0 schema, with every optional part filled in', () => {
    // Prepare
    const full = input({
      issuer: { did: 'did:web:badges.uni.edu', name: 'Uni', url: 'https://uni.edu', email: 'badges@uni.edu' },
      achievement: { ...teamwork, achievementType: 'Badge', criteria: { narrative: 'n', id: 'https://uni.edu/criteria/1' } },
      evidence: [{ url: 'https://lms.uni.edu/work/1', name: 'Essay', narrative: 'Wrote it' }, { narrative: 'Presented' }],
      validUntil: new Date('2030-01-01T00:00:00Z'),
    });

    // Act
    const result = validateCredentialSchema(buildOpenBadgeCredential(full));

    // Assess
    expect(result).toEqual({ ok: true, errors: [] });
  });

  it('keeps the recipient e-mail address and name out of the credential', () => {
    // Act
    const json = JSON.stringify(buildOpenBadgeCredential(input()));

    // Assess
    expect(json).not.toMatch(/ada|lovelace/i);
  });

  it('turns evidence into Evidence objects, the URL becoming the id', () => {
    // Act
    const credential = buildOpenBadgeCredential(input({ evidence: [{ url: 'https://lms.uni.edu/work/1', name: 'Essay' }] }));

    // Assess
    expect(credential.evidence).toEqual([{ type: ['Evidence'], id: 'https://lms.uni.edu/work/1', name: 'Essay' }]);
  });

  it('writes no evidence property when there is none', () => {
    expect(buildOpenBadgeCredential(input())).not.toHaveProperty('evidence');
  });

  it('writes validUntil at second precision when the award expires', () => {
    // Act
    const credential = buildOpenBadgeCredential(input({ validUntil: new Date('2030-01-01T00:00:00.500Z') }));

    // Assess
    expect(credential.validUntil).toBe('2030-01-01T00:00:00Z');
  });
});

describe('buildOpenBadgeCredential: the full achievement model', () => {
  const catalogued: Achievement = Achievement.parse({
    ...teamwork,
    achievementType: 'Competency',
    criteria: { narrative: 'Nominated by peers.', id: 'https://uni.edu/criteria/teamwork' },
    image: { id: 'https://badges.uni.edu/achievements/teamwork.svg', caption: 'Teamwork badge' },
    alignment: [
      {
        targetName: 'Work in teams',
        targetUrl: 'https://esco.ec.europa.eu/en/classification/skill?uri=x',
        targetFramework: 'ESCO',
        targetCode: 'S1.8.1',
        targetType: 'ceasn:Competency',
      },
    ],
    tag: ['collaboration', 'soft skills'],
    creditsAvailable: 1.5,
    fieldOfStudy: 'Interpersonal skills',
    resultDescription: [{ id: 'grade', name: 'Final grade', resultType: 'LetterGrade', allowedValue: ['A', 'B', 'C'] }],
    validityDays: 365,
  });

  it('carries criteria, image, alignment, tags, credits, field of study and result descriptions', () => {
    // Act
    const credential = buildOpenBadgeCredential(input({ achievement: catalogued }));

    // Assess
    expect(credential.credentialSubject.achievement).toEqual({
      id: 'https://badges.uni.edu/achievements/teamwork',
      type: ['Achievement'],
      name: 'Teamwork',
      description: 'Collaborates within a group environment.',
      criteria: { id: 'https://uni.edu/criteria/teamwork', narrative: 'Nominated by peers.' },
      achievementType: 'Competency',
      image: { id: 'https://badges.uni.edu/achievements/teamwork.svg', type: 'Image', caption: 'Teamwork badge' },
      alignment: [
        {
          type: ['Alignment'],
          targetName: 'Work in teams',
          targetUrl: 'https://esco.ec.europa.eu/en/classification/skill?uri=x',
          targetFramework: 'ESCO',
          targetCode: 'S1.8.1',
          targetType: 'ceasn:Competency',
        },
      ],
      tag: ['collaboration', 'soft skills'],
      creditsAvailable: 1.5,
      fieldOfStudy: 'Interpersonal skills',
      resultDescription: [
        {
          id: 'https://badges.uni.edu/achievements/teamwork#grade',
          type: ['ResultDescription'],
          name: 'Final grade',
          resultType: 'LetterGrade',
          allowedValue: ['A', 'B', 'C'],
        },
      ],
    });
  });

  it('is valid against the strict OB 3.0 schema with every achievement property', () => {
    // Act
    const result = validateCredentialSchema(buildOpenBadgeCredential(input({ achievement: catalogued })));

    // Assess
    expect(result).toEqual({ ok: true, errors: [] });
  });

  it('signs and verifies with every achievement property (each term is known to the bundled contexts)', async () => {
    // Prepare
    const signer = newTestSigner();
    const did = 'did:web:badges.uni.edu';
    const verificationMethod = verificationMethodId(did, signer.publicKeyMultibase);
    const unsigned = buildOpenBadgeCredential(input({ achievement: catalogued }));
    const credential = await signCredential(unsigned, { signer, verificationMethod });
    const document = didDocument({ did, keys: [{ id: verificationMethod, publicKeyMultibase: signer.publicKeyMultibase }] });

    // Act
    const result = await verifyCredential(credential, { now: new Date('2026-06-01T00:00:00Z'), resolveDocument: async () => document });

    // Assess
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('sets validUntil from the achievement validity period, counted from issue', () => {
    // Act
    const credential = buildOpenBadgeCredential(input({ achievement: catalogued }));

    // Assess
    expect(credential.validUntil).toBe('2027-03-04T05:06:07Z');
  });

  it('lets an explicit validUntil win over the validity period', () => {
    // Act
    const credential = buildOpenBadgeCredential(input({ achievement: catalogued, validUntil: new Date('2026-12-31T00:00:00Z') }));

    // Assess
    expect(credential.validUntil).toBe('2026-12-31T00:00:00Z');
  });

  it('rejects an alignment whose targetType is outside the OB 3.0 vocabulary at the catalogue edge', () => {
    // Act
    const parsed = Achievement.safeParse({ ...catalogued, alignment: [{ targetName: 'x', targetUrl: 'https://x.example', targetType: 'Skill' }] });

    // Assess
    expect(parsed.success).toBe(false);
  });
});

describe('achievementTypeTerm', () => {
  it.each([
    ['Badge', 'Badge'],
    ['MicroCredential', 'MicroCredential'],
    ['ext:Workshop', 'ext:Workshop'],
    ['Summer workshop', 'ext:Summerworkshop'],
    ['!!!', undefined],
  ])('%s -> %s', (value, term) => {
    expect(achievementTypeTerm(value)).toBe(term);
  });
});

describe('buildOpenBadgeCredential: credentialStatus', () => {
  const LIST = 'https://badges.uni.edu/status/uni/revocation/1.json';
  const revocation = statusListEntry({ listUrl: LIST, purpose: 'revocation', index: 7 });
  const suspension = statusListEntry({ listUrl: LIST.replace('revocation', 'suspension'), purpose: 'suspension', index: 7 });

  it('writes one entry as an object, as OB 3.0 allows, and the strict schema accepts it', () => {
    // Act
    const credential = buildOpenBadgeCredential(input({ credentialStatus: [revocation] }));

    // Assess
    expect(credential.credentialStatus).toEqual({
      id: `${LIST}#7`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '7',
      statusListCredential: LIST,
    });
    expect(validateCredentialSchema(credential)).toEqual({ ok: true, errors: [] });
  });

  it('writes revocation + suspension as a list (VC 2.0), each entry held to the schema', () => {
    // Act
    const credential = buildOpenBadgeCredential(input({ credentialStatus: [revocation, suspension] }));

    // Assess
    expect(credential.credentialStatus).toEqual([revocation, suspension]);
    expect(validateCredentialSchema(credential)).toEqual({ ok: true, errors: [] });
    expect(validateCredentialSchema({ ...credential, credentialStatus: [revocation, { type: 'X' }] }).errors).toEqual([
      { path: '/credentialStatus/1', message: "must have required property 'id'" },
    ]);
  });

  it('writes no credentialStatus when there is none', () => {
    expect('credentialStatus' in buildOpenBadgeCredential(input())).toBe(false);
  });
});
