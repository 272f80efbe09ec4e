// What the edges accept: each rule of the request schemas, seen the way a caller sees it — a
// value that breaks it is refused naming the field (the 400's details), and a value at its limit
// passes. Normalisations (trimmed text, lower-cased e-mail, defaults) are what gets stored.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  Achievement,
  Alignment,
  AwardRequest,
  BadgeDesign,
  CredentialStatusRequest,
  Evidence,
  EvidenceRequirements,
  Issuer,
  Recipient,
  ResultDescription,
  ReviewDecision,
  ValidationError,
  VerifyRequest,
  parseWith,
} from '@tessera/core';

/** The details a caller would get back in the 400, or [] when the value is accepted. */
function refusals(schema: z.ZodType, value: unknown): { path: string; message: string }[] {
  try {
    parseWith(schema, value, 'request');
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.details;
  }
}
const refusedAt = (schema: z.ZodType, value: unknown) => [...new Set(refusals(schema, value).map((d) => d.path))];
const text = (length: number) => 'x'.repeat(length);

const award = {
  eventId: 'evt-1',
  achievementId: 'data-literacy',
  recipient: { email: 'ada@example.org', name: 'Ada Learner' },
  evidence: [{ name: 'Final assessment' }],
  occurredAt: '2026-11-28T09:30:00Z',
};

describe('AwardRequest (POST /webhooks/{sourceId})', () => {
  it('accepts a complete request and stores it normalised: trimmed ids, lower-cased e-mail', () => {
    const parsed = AwardRequest.parse({ ...award, eventId: '  evt-1 ', achievementId: ' data-literacy ', recipient: { email: 'Ada@Example.ORG', name: ' Ada Learner ' } });
    expect(parsed).toEqual({ ...award, recipient: { email: 'ada@example.org', name: 'Ada Learner' } });
  });

  it('defaults evidence to none', () => {
    const { evidence: _evidence, ...withoutEvidence } = award;
    expect(AwardRequest.parse(withoutEvidence).evidence).toEqual([]);
  });

  it.each([
    ['eventId', { eventId: '' }],
    ['eventId', { eventId: '   ' }],
    ['eventId', { eventId: text(201) }],
    ['eventId', { eventId: 42 }],
    ['achievementId', { achievementId: '' }],
    ['achievementId', { achievementId: ' \t ' }],
    ['achievementId', { achievementId: text(201) }],
    ['occurredAt', { occurredAt: 'yesterday' }],
    ['occurredAt', { occurredAt: '2026-11-28' }],
    ['evidence', { evidence: Array.from({ length: 51 }, () => ({ name: 'e' })) }],
    ['recipient', { recipient: undefined }],
    ['(root)', { extra: true }],
  ])('refuses a bad %s', (path, change) => {
    expect(refusedAt(AwardRequest, { ...award, ...change })).toEqual([path]);
  });

  it('accepts ids of 200 characters, 50 evidence items and a time with an offset', () => {
    expect(
      refusedAt(AwardRequest, {
        ...award,
        eventId: text(200),
        achievementId: text(200),
        evidence: Array.from({ length: 50 }, () => ({ url: 'https://x.example/1' })),
        occurredAt: '2026-11-28T10:30:00+01:00',
      }),
    ).toEqual([]);
  });

  it('names the nested field that is wrong', () => {
    expect(refusedAt(AwardRequest, { ...award, recipient: { email: 'ada@example.org', name: '' } })).toEqual(['recipient.name']);
    expect(refusedAt(AwardRequest, { ...award, evidence: [{ name: 'ok' }, { url: 'ftp://x.example/f' }] })).toEqual(['evidence.1.url']);
  });
});

describe('Recipient', () => {
  it.each([
    ['email', { email: 'not-an-address' }],
    ['email', { email: `${text(310)}@example.org` }],
    ['name', { name: '' }],
    ['name', { name: '  ' }],
    ['name', { name: text(201) }],
    ['(root)', { nickname: 'Ada' }],
  ])('refuses a bad %s', (path, change) => {
    expect(refusedAt(Recipient, { email: 'ada@example.org', name: 'Ada', ...change })).toEqual([path]);
  });

  it('accepts a 200-character name and lower-cases the address', () => {
    expect(Recipient.parse({ email: 'ADA@EXAMPLE.ORG', name: text(200) })).toEqual({ email: 'ada@example.org', name: text(200) });
  });
});

describe('Evidence', () => {
  it('needs at least one of name, narrative or url, and says so', () => {
    expect(refusals(Evidence, {})).toEqual([{ path: '(root)', message: 'evidence needs at least one of name, narrative or url' }]);
  });

  it.each([{ name: 'Essay' }, { narrative: 'Scored 86%.' }, { url: 'https://lms.example.edu/a/1' }, { url: 'http://lms.example.edu/a/1' }])('accepts %j alone', (evidence) => {
    expect(refusedAt(Evidence, evidence)).toEqual([]);
  });

  it.each([
    ['name', { name: '' }],
    ['name', { name: '   ' }],
    ['name', { name: text(501) }],
    ['narrative', { narrative: '' }],
    ['narrative', { narrative: text(10_001) }],
    ['url', { url: 'javascript:alert(1)' }],
    ['url', { url: 'ftp://files.example.edu/essay.pdf' }],
    ['url', { url: `https://x.example/${text(2048)}` }],
    ['(root)', { name: 'Essay', grade: 'A' }],
  ])('refuses a bad %s', (path, evidence) => {
    expect(refusedAt(Evidence, evidence)).toEqual([path]);
  });

  it('accepts a 500-character name, a 10 000-character narrative, and trims them', () => {
    expect(Evidence.parse({ name: ` ${text(500)} `, narrative: text(10_000) })).toEqual({ name: text(500), narrative: text(10_000) });
  });
});

describe('VerifyRequest (POST /verify with a recipient)', () => {
  it('accepts a credential with or without an address to check', () => {
    expect(refusedAt(VerifyRequest, { credential: { id: 'urn:x' } })).toEqual([]);
    expect(refusedAt(VerifyRequest, { credential: {}, recipientEmail: 'ada@example.org' })).toEqual([]);
  });

  it.each([
    ['credential', { credential: 'a string' }],
    ['credential', {}],
    ['recipientEmail', { credential: {}, recipientEmail: 'ada' }],
    ['recipientEmail', { credential: {}, recipientEmail: `${text(310)}@example.org` }],
    ['(root)', { credential: {}, extra: 1 }],
  ])('refuses a bad %s', (path, body) => {
    expect(refusedAt(VerifyRequest, body)).toEqual([path]);
  });
});

describe('EvidenceRequirements', () => {
  it('default to no minimum and no url', () => {
    expect(EvidenceRequirements.parse({})).toEqual({ minItems: 0, requireUrl: false });
  });

  it.each([
    ['minItems', { minItems: -1 }],
    ['minItems', { minItems: 1.5 }],
    ['requireUrl', { requireUrl: 'yes' }],
    ['(root)', { maxItems: 3 }],
  ])('refuses a bad %s', (path, value) => {
    expect(refusedAt(EvidenceRequirements, value)).toEqual([path]);
  });
});

describe('Issuer', () => {
  const issuer = { id: 'uni', name: 'Uni', url: 'https://uni.example.edu' };

  it('accepts an issuer with Data Integrity alone or with VC-JWT too', () => {
    expect(refusedAt(Issuer, issuer)).toEqual([]);
    expect(refusedAt(Issuer, { ...issuer, proofFormats: ['data-integrity', 'vc-jwt'], email: 'badges@uni.example.edu', description: 'A university' })).toEqual([]);
  });

  it('refuses to turn Data Integrity off, saying why', () => {
    expect(refusals(Issuer, { ...issuer, proofFormats: ['vc-jwt'] })).toEqual([
      { path: 'proofFormats', message: 'data-integrity cannot be turned off (baked badges and status lists use it)' },
    ]);
  });

  it.each([
    ['proofFormats', { proofFormats: [] }],
    ['proofFormats.0', { proofFormats: ['ldp'] }],
    ['id', { id: '' }],
    ['name', { name: '' }],
    ['url', { url: 'uni.example.edu' }],
    ['email', { email: 'badges' }],
  ])('refuses a bad %s', (path, change) => {
    expect(refusedAt(Issuer, { ...issuer, ...change })).toEqual([path]);
  });
});

describe('Alignment and ResultDescription (OB 3.0 vocabularies)', () => {
  const alignment = { targetName: 'Data analysis', targetUrl: 'https://framework.example/da' };

  it.each(['ceasn:Competency', 'ceterms:Credential', 'CFItem', 'CFRubric', 'CFRubricCriterion', 'CFRubricCriterionLevel', 'CTDL', 'ext:Skill.v2_a-b'])(
    'accepts the alignment type %s',
    (targetType) => {
      expect(refusedAt(Alignment, { ...alignment, targetType })).toEqual([]);
    },
  );

  it.each(['Competency', 'ext:', 'ext:has space', 'x-ext:Skill', 'ext:Skill!'])('refuses the alignment type %j, listing the allowed terms', (targetType) => {
    const [refusal] = refusals(Alignment, { ...alignment, targetType });
    expect(refusal?.path).toBe('targetType');
    expect(refusal?.message).toBe('must be one of ceasn:Competency, ceterms:Credential, CFItem, CFRubric, CFRubricCriterion, CFRubricCriterionLevel, CTDL or an ext: term');
  });

  it.each([
    ['targetName', { targetName: ' ' }],
    ['targetUrl', { targetUrl: 'not a url' }],
    ['targetDescription', { targetDescription: '' }],
    ['targetFramework', { targetFramework: '' }],
    ['targetCode', { targetCode: '' }],
    ['(root)', { weight: 1 }],
  ])('refuses a bad alignment %s', (path, change) => {
    expect(refusedAt(Alignment, { ...alignment, ...change })).toEqual([path]);
  });

  const result = { id: 'grade', name: 'Grade', resultType: 'LetterGrade' };

  it.each([
    'GradePointAverage',
    'LetterGrade',
    'Percent',
    'PerformanceLevel',
    'PredictedScore',
    'RawScore',
    'Result',
    'RubricCriterion',
    'RubricCriterionLevel',
    'RubricScore',
    'ScaledScore',
    'Status',
    'ext:Stars',
  ])('accepts the result type %s', (resultType) => {
    expect(refusedAt(ResultDescription, { ...result, resultType })).toEqual([]);
  });

  it('accepts result ids of letters, digits, dots, underscores and dashes, with value bounds', () => {
    expect(refusedAt(ResultDescription, { ...result, id: 'Grade.v2_final-A', allowedValue: ['A', 'B'], requiredValue: 'B', valueMin: '0', valueMax: '100' })).toEqual([]);
  });

  it.each([
    ['id', { id: 'grade#1' }],
    ['id', { id: '' }],
    ['name', { name: '' }],
    ['resultType', { resultType: 'Stars' }],
    ['allowedValue', { allowedValue: [] }],
    ['allowedValue.0', { allowedValue: [''] }],
    ['requiredValue', { requiredValue: '' }],
    ['valueMin', { valueMin: '' }],
    ['valueMax', { valueMax: '' }],
    ['(root)', { scale: 5 }],
  ])('refuses a bad result %s', (path, change) => {
    expect(refusedAt(ResultDescription, { ...result, ...change })).toEqual([path]);
  });
});

describe('Achievement (the admin catalogue)', () => {
  const achievement = {
    id: 'data-literacy',
    issuerId: 'uni',
    name: 'Data Literacy',
    description: 'Reads and questions data.',
    criteria: { narrative: 'Pass the final assessment.' },
    qaPolicy: 'manual',
  };

  it('fills the defaults: no reviewers, no evidence requirements', () => {
    expect(Achievement.parse(achievement)).toMatchObject({ reviewerEmails: [], evidenceRequirements: { minItems: 0, requireUrl: false } });
    expect(Achievement.parse(achievement).design).toBeUndefined();
  });

  it('accepts every optional part at its limits', () => {
    const full = {
      ...achievement,
      criteria: { narrative: 'Pass.', id: 'https://uni.example.edu/criteria' },
      achievementType: 'Certificate',
      image: { id: 'data:image/png;base64,AAAA', caption: 'The badge' },
      alignment: [{ targetName: 'DA', targetUrl: 'https://framework.example/da' }],
      tag: ['data'],
      creditsAvailable: 0,
      fieldOfStudy: 'Statistics',
      resultDescription: [{ id: 'grade', name: 'Grade', resultType: 'LetterGrade' }],
      validityDays: 1,
      reviewerEmails: ['reviewer@uni.example.edu'],
      evidenceRequirements: { minItems: 1, requireUrl: true },
      design: { level: 'advanced' },
    };
    expect(refusedAt(Achievement, full)).toEqual([]);
    expect(refusedAt(Achievement, { ...full, image: { id: 'http://uni.example.edu/badge.png' } })).toEqual([]);
    expect(refusedAt(Achievement, { ...full, image: { id: 'https://uni.example.edu/badge.png' } })).toEqual([]);
  });

  it.each([
    ['id', { id: '' }],
    ['issuerId', { issuerId: '' }],
    ['name', { name: '' }],
    ['description', { description: '' }],
    ['criteria.narrative', { criteria: { narrative: '' } }],
    ['criteria.id', { criteria: { narrative: 'n', id: 'not a url' } }],
    ['image.id', { image: { id: 'javascript:alert(1)' } }],
    ['image.caption', { image: { id: 'https://x.example/b.png', caption: '' } }],
    ['image', { image: { id: 'https://x.example/b.png', alt: 'b' } }],
    ['tag.0', { tag: [' '] }],
    ['creditsAvailable', { creditsAvailable: -1 }],
    ['fieldOfStudy', { fieldOfStudy: '' }],
    ['validityDays', { validityDays: 0 }],
    ['validityDays', { validityDays: 1.5 }],
    ['qaPolicy', { qaPolicy: 'sometimes' }],
    ['reviewerEmails.0', { reviewerEmails: ['reviewer'] }],
    ['design.level', { design: { level: 'expert' } }],
  ])('refuses a bad %s', (path, change) => {
    expect(refusedAt(Achievement, { ...achievement, ...change })).toEqual([path]);
  });

  it('gives a design without a level the foundation level', () => {
    expect(BadgeDesign.parse({})).toEqual({ level: 'foundation' });
    expect(refusedAt(BadgeDesign, { level: 'foundation', colour: 'red' })).toEqual(['(root)']);
  });
});

describe('ReviewDecision and CredentialStatusRequest', () => {
  it('records a decision with an empty comment by default', () => {
    expect(ReviewDecision.parse({ decision: 'approve', decidedBy: 'r@x.org', decidedAt: '2026-11-28T10:00:00Z' }).comment).toBe('');
    expect(refusedAt(ReviewDecision, { decision: 'maybe', decidedBy: 'r@x.org', decidedAt: '2026-11-28T10:00:00Z' })).toEqual(['decision']);
    expect(refusedAt(ReviewDecision, { decision: 'reject', comment: text(5001), decidedBy: 'r', decidedAt: '2026-11-28T10:00:00Z' })).toEqual(['comment']);
    expect(refusedAt(ReviewDecision, { decision: 'reject', comment: text(5000), decidedBy: 'r', decidedAt: '2026-11-28T10:00:00+02:00' })).toEqual([]);
  });

  it('needs a reason to revoke or suspend, and says so', () => {
    expect(refusals(CredentialStatusRequest, { reason: '  ' })).toEqual([{ path: 'reason', message: 'a reason is required' }]);
    expect(refusedAt(CredentialStatusRequest, { reason: text(1001) })).toEqual(['reason']);
    expect(refusedAt(CredentialStatusRequest, { reason: 'fraud', by: 'me' })).toEqual(['(root)']);
    expect(CredentialStatusRequest.parse({ reason: ` ${text(1000)} ` })).toEqual({ reason: text(1000) });
  });
});
