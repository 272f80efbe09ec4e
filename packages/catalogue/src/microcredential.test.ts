import { readFileSync } from 'node:fs';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { ValidationError } from '@tessera/core';
import {
  BUNDLED_CONTEXTS,
  buildOpenBadgeCredential,
  didDocument,
  signCredential,
  validateCredentialSchema,
  verificationMethodId,
  verifyCredential,
  type BuildCredentialInput,
} from '@tessera/credentials';
import { describe, expect, it } from 'vitest';
import { independentDocumentLoader } from '../../../test/support/independent-verifier.ts';
import { newTestSigner, teamwork } from '../../credentials/src/test-helpers.ts';
import { parseCasePackage } from './case-package.ts';
import type { Framework } from './framework.ts';
import { parseFrameworkCsv } from './framework-csv.ts';
import { microcredentialProperties, parseMicroCredentialFacts, type MicroCredentialFacts } from './microcredential.ts';
import { MICROCREDENTIAL_CONTEXT_URL, microcredentialContext } from './microcredential-context.ts';

const DID = 'did:web:badges.uni.edu';
const NOW = new Date('2026-06-01T00:00:00Z');

const digital: Framework = {
  id: 'digcomp',
  title: 'DigComp 2.2',
  sourceUri: 'https://case.uni.edu/ims/case/v1p0/CFDocuments/8f1b2c3d-0000-4000-8000-000000000001',
  items: [
    { id: 'item-1', code: '1.1', name: 'Browsing, searching and filtering data', description: 'To articulate information needs.', url: 'https://case.uni.edu/items/1.1' },
    { id: 'item-2', code: '5.3', name: 'Creatively using digital technologies', url: 'https://case.uni.edu/items/5.3', parentId: 'item-1' },
  ],
};

const factsBody = {
  learningOutcomes: ['Searches the web systematically', 'Evaluates the credibility of sources'],
  workload: { hours: 28, ects: 1 },
  level: { framework: 'EQF', value: 5 },
  assessment: { type: 'Proctored online exam', supervision: 'supervised-online-identity-verified' },
  participation: 'online',
  qualityAssurance: 'Internal QA by the Faculty Board; programme accredited by NVAO.',
  language: 'en',
  fieldOfStudy: 'Information and Communication Technologies',
  prerequisites: 'None',
  skills: [
    { frameworkId: 'digcomp', itemId: 'item-1' },
    { frameworkId: 'digcomp', itemId: 'item-2' },
  ],
};
const facts = (overrides: Record<string, unknown> = {}): MicroCredentialFacts => parseMicroCredentialFacts({ ...factsBody, ...overrides });

const buildInput = (extension?: BuildCredentialInput['achievementExtension']): BuildCredentialInput => ({
  credentialUrl: 'https://badges.uni.edu/credentials/c-1.json',
  issuer: { did: DID, name: 'Uni', url: 'https://uni.edu', address: { type: ['Address'], addressCountry: 'Netherlands', addressCountryCode: 'NL' } },
  achievement: teamwork,
  achievementUrl: 'https://badges.uni.edu/achievements/teamwork',
  recipient: { email: 'ada@example.org', name: 'Ada' },
  salt: 'a1b2c3',
  evidence: [],
  issuedAt: new Date('2026-03-04T05:06:07Z'),
  ...(extension ? { achievementExtension: extension } : {}),
});

async function signed(extension = microcredentialProperties(facts(), { frameworks: [digital], stacksInto: ['https://badges.uni.edu/achievements/digital-skills'] })) {
  const signer = newTestSigner();
  const verificationMethod = verificationMethodId(DID, signer.publicKeyMultibase);
  const credential = await signCredential(buildOpenBadgeCredential(buildInput(extension)), { signer, verificationMethod, created: new Date('2026-03-04T05:06:07Z') });
  const document = didDocument({ did: DID, keys: [{ id: verificationMethod, publicKeyMultibase: signer.publicKeyMultibase }] });
  return { credential, document };
}

describe('MicroCredentialFacts', () => {
  it('defaults achievementType to MicroCredential and skills to none, and turns free text into an ext: type', () => {
    // Act
    const { skills: _skills, ...withoutSkills } = factsBody;
    const parsed = parseMicroCredentialFacts(withoutSkills);
    const workshop = facts({ achievementType: 'Summer school' });

    // Assess
    expect(parsed.achievementType).toBe('MicroCredential');
    expect(parsed.skills).toEqual([]);
    expect(workshop.achievementType).toBe('ext:Summerschool');
  });

  it('names each bad field: no outcomes, bad workload, EQF level out of range, unknown participation, bad language, repeated skill', () => {
    // Act
    let error: unknown;
    try {
      facts({
        learningOutcomes: [],
        workload: { hours: 0 },
        level: { framework: 'EQF', value: 9 },
        participation: 'by post',
        language: 'English',
        skills: [factsBody.skills[0], factsBody.skills[0]],
        extra: true,
      });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((d) => d.path).sort()).toEqual(
      ['(root)', 'language', 'learningOutcomes', 'level.value', 'participation', 'skills.1', 'workload.hours'].sort(),
    );
  });

  it('requires the level URL for a framework other than EQF', () => {
    // Act + Assess
    expect(() => facts({ level: { framework: 'NLQF', value: 5 } })).toThrow(/level\.url/);
    expect(facts({ level: { framework: 'NLQF', value: 5, url: 'https://nlqf.nl/niveaus/5' } }).level.url).toBe('https://nlqf.nl/niveaus/5');
  });
});

describe('microcredentialProperties', () => {
  it('maps the facts to native OB 3.0 properties and the extension terms', () => {
    // Act
    const mapped = microcredentialProperties(facts(), { frameworks: [digital], stacksInto: ['https://badges.uni.edu/achievements/digital-skills'] });

    // Assess
    expect(mapped).toEqual({
      context: MICROCREDENTIAL_CONTEXT_URL,
      properties: {
        achievementType: 'MicroCredential',
        inLanguage: 'en',
        creditsAvailable: 1,
        fieldOfStudy: 'Information and Communication Technologies',
        alignment: [
          {
            type: ['Alignment'],
            targetType: 'CFItem',
            targetName: 'Browsing, searching and filtering data',
            targetUrl: 'https://case.uni.edu/items/1.1',
            targetCode: '1.1',
            targetFramework: 'DigComp 2.2',
            targetDescription: 'To articulate information needs.',
          },
          {
            type: ['Alignment'],
            targetType: 'CFItem',
            targetName: 'Creatively using digital technologies',
            targetUrl: 'https://case.uni.edu/items/5.3',
            targetCode: '5.3',
            targetFramework: 'DigComp 2.2',
          },
          {
            type: ['Alignment'],
            targetType: 'ext:QualificationsFrameworkLevel',
            targetName: 'EQF level 5',
            targetUrl: 'http://data.europa.eu/snb/eqf/5',
            targetCode: '5',
            targetFramework: 'European Qualifications Framework',
          },
        ],
        learningOutcomes: ['Searches the web systematically', 'Evaluates the credibility of sources'],
        workloadHours: 28,
        assessmentType: 'Proctored online exam',
        assessmentSupervision: 'supervised-online-identity-verified',
        participationForm: 'online',
        qualityAssurance: 'Internal QA by the Faculty Board; programme accredited by NVAO.',
        prerequisites: 'None',
        stackability: 'stackable',
        stacksInto: ['https://badges.uni.edu/achievements/digital-skills'],
      },
    });
  });

  it('leaves out what was not given and calls a credential outside any stack standalone', () => {
    // Act
    const { properties } = microcredentialProperties(
      facts({ workload: { hours: 10 }, fieldOfStudy: undefined, prerequisites: undefined, assessment: { type: 'Portfolio' }, skills: [] }),
      { frameworks: [] },
    );

    // Assess
    expect(Object.keys(properties).sort()).toEqual(
      ['achievementType', 'alignment', 'assessmentType', 'inLanguage', 'learningOutcomes', 'participationForm', 'qualityAssurance', 'stackability', 'workloadHours'].sort(),
    );
    expect(properties.stackability).toBe('standalone');
  });

  it('names each skill whose framework or item is unknown', () => {
    // Prepare
    const unknown = facts({
      skills: [
        { frameworkId: 'digcomp', itemId: 'item-1' },
        { frameworkId: 'digcomp', itemId: 'nope' },
        { frameworkId: 'esco', itemId: 'x' },
      ],
    });

    // Act
    let error: unknown;
    try {
      microcredentialProperties(unknown, { frameworks: [digital] });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual([
      { path: 'skills.1', message: 'framework digcomp has no item nope' },
      { path: 'skills.2', message: 'unknown framework esco' },
    ]);
  });
});

describe('a credential carrying the micro-credential extension', () => {
  it('carries every element in the achievement and the issuer country, and passes the strict 1EdTech schema', () => {
    // Act
    const credential = buildOpenBadgeCredential(buildInput(microcredentialProperties(facts(), { frameworks: [digital] })));

    // Assess
    expect(credential['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', MICROCREDENTIAL_CONTEXT_URL]);
    expect(credential.issuer.address).toEqual({ type: ['Address'], addressCountry: 'Netherlands', addressCountryCode: 'NL' });
    expect(credential.credentialSubject.achievement).toMatchObject({ id: 'https://badges.uni.edu/achievements/teamwork', name: 'Teamwork', workloadHours: 28, inLanguage: 'en' });
    expect(validateCredentialSchema(credential)).toEqual({ ok: true, errors: [] });
  });

  it('signs, and verifies with Tessera’s verifier', async () => {
    // Prepare
    const { credential, document } = await signed();

    // Act
    const result = await verifyCredential(credential, { now: NOW, resolveDocument: async () => document });

    // Assess
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.verified).toBe(true);
  });

  it('verifies in an independent verifier (@digitalbazaar/vc) whose offline loader has the context from its file', async () => {
    // Prepare: contexts straight from their packages and our JSON file, not from Tessera's loader
    const { credential, document } = await signed();
    const documentLoader = independentDocumentLoader([
      [MICROCREDENTIAL_CONTEXT_URL, JSON.parse(readFileSync(new URL('../contexts/microcredential-v1.json', import.meta.url), 'utf8'))],
      [DID, document],
    ]);

    // Act
    const result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, now: NOW });
    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.workloadHours = 280;
    const tamperedResult = await vc.verifyCredential({ credential: tampered, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, now: NOW });

    // Assess: the extension's terms are signed, so changing one breaks the proof
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    expect(tamperedResult.verified).toBe(false);
  });

  it('aligns skills from an imported CASE package and CSV framework, and still passes the schema and verifies', async () => {
    // Prepare
    const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
    const caseFramework = parseCasePackage(JSON.parse(fixture('case-digital-skills.json')));
    const csvFramework = parseFrameworkCsv(fixture('digital-skills.csv'), {
      id: 'csv-skills',
      title: 'CSV skills',
      itemUrl: ({ id }) => `https://badges.uni.edu/frameworks/csv-skills/items/${id}`,
    });
    const skills = [
      { frameworkId: caseFramework.id, itemId: caseFramework.items[2]!.id },
      { frameworkId: csvFramework.id, itemId: csvFramework.items[3]!.id },
    ];

    // Act
    const mapped = microcredentialProperties(facts({ skills }), { frameworks: [caseFramework, csvFramework] });
    const { credential, document } = await signed(mapped);
    const result = await verifyCredential(credential, { now: NOW, resolveDocument: async () => document });

    // Assess
    expect(credential.credentialSubject.achievement.alignment?.map((a) => [a.targetType, a.targetCode, a.targetFramework])).toEqual([
      ['CFItem', 'DS.1.2', 'Tessera Demo Digital Skills Framework'],
      ['CFItem', 'DS.2', 'CSV skills'],
      ['ext:QualificationsFrameworkLevel', '5', 'European Qualifications Framework'],
    ]);
    expect(validateCredentialSchema(credential)).toEqual({ ok: true, errors: [] });
    expect(result.verified).toBe(true);
  });

  it('cannot be signed without the extension context: JSON-LD safe mode refuses the undefined terms', async () => {
    // Prepare
    const mapped = microcredentialProperties(facts(), { frameworks: [digital] });
    const signer = newTestSigner();
    const unsigned = buildOpenBadgeCredential(buildInput(mapped));
    unsigned['@context'] = unsigned['@context'].filter((c) => c !== MICROCREDENTIAL_CONTEXT_URL);

    // Act + Assess
    await expect(signCredential(unsigned, { signer, verificationMethod: verificationMethodId(DID, signer.publicKeyMultibase) })).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringMatching(/safe mode/i) }),
    });
  });

  it('signs every extension term: changing any one of them breaks the proof', async () => {
    // Prepare
    const { credential, document } = await signed();
    const resolveDocument = async () => document;
    const terms = Object.keys(microcredentialContext['@context']).filter((t) => !t.startsWith('@'));
    const changed = (value: unknown) =>
      Array.isArray(value) ? [...value, 'https://badges.uni.edu/achievements/other'] : typeof value === 'number' ? value + 1 : `${String(value)}!`;

    // Act
    const verdicts = await Promise.all(
      terms.map(async (term) => {
        const tampered = structuredClone(credential);
        const achievement = tampered.credentialSubject.achievement;
        achievement[term] = changed(achievement[term]);
        return [term, (await verifyCredential(tampered, { now: NOW, resolveDocument })).checks.find((c) => c.name === 'proof')?.ok];
      }),
    );

    // Assess
    expect(verdicts).toEqual(terms.map((term) => [term, false]));
  });
});

describe('the extension context', () => {
  it('is protected, has no @vocab, and defines every term under its own URL', () => {
    // Prepare
    const context = microcredentialContext['@context'];
    const terms = Object.entries(context).filter(([term]) => !term.startsWith('@'));

    // Assess
    expect(context['@protected']).toBe(true);
    expect(context).not.toHaveProperty('@vocab');
    expect(terms.length).toBeGreaterThan(0);
    for (const [term, definition] of terms) expect((definition as { '@id': string })['@id']).toBe(`${MICROCREDENTIAL_CONTEXT_URL}#${term}`);
  });

  it('is bundled in the credentials loader map under its URL', () => {
    expect(BUNDLED_CONTEXTS.get(MICROCREDENTIAL_CONTEXT_URL)).toBe(microcredentialContext);
  });
});
