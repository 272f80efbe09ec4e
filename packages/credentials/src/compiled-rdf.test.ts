// The compiled JSON-LD path: what it compiles must canonicalize exactly as jsonld does, and what it
// does not compile it must decline (so jsonld decides, as before). The thousand-credential comparison
// is in verify.differential.test.ts; these are the cases one by one.
import { describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential } from './build.ts';
import { compileDataset } from './compiled-rdf.ts';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.ts';
import { createDocumentLoader } from './document-loader.ts';
import { canonize, referenceCanonize } from './suite.ts';
import { badgeInput, readFixture, testVector } from './test-helpers.ts';

type Json = Record<string, unknown>;
const documentLoader = createDocumentLoader();

/** A small OB 3.0 credential; a test changes what it is about. */
function credential(change: (c: Json) => void = () => {}): Json {
  const c: Json = {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: 'urn:uuid:2c1e9a4e-4f0b-4e43-9d7c-0d8d2b1f1a11',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'did:example:issuer', type: ['Profile'], name: 'Uni' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: { id: 'https://uni.example/achievements/1', type: ['Achievement'], name: 'Teamwork', criteria: { narrative: 'Did it.' } },
    },
  };
  change(c);
  return c;
}

const achievementOf = (c: Json) => (c.credentialSubject as Json).achievement as Json;

async function referenceOutcome(document: Json): Promise<string> {
  try {
    return await referenceCanonize(document, { documentLoader });
  } catch (error) {
    return `jsonld refuses: ${(error as Error).message}`;
  }
}

describe('compileDataset', () => {
  const compiledCases: [string, Json][] = [
    ['a badge Tessera builds', buildOpenBadgeCredential(badgeInput())],
    ['the 1EdTech eddsa-rdfc-2022 test vector', testVector().unsignedCredential],
    ['the same type twice', credential((c) => void (c.type = ['VerifiableCredential', 'OpenBadgeCredential', 'VerifiableCredential']))],
    ['a lone type and a lone issuer id', credential((c) => void ((c.type = 'VerifiableCredential'), (c.issuer = 'did:example:issuer')))],
    [
      'an @list in order, with a repeated value',
      credential(
        (c) =>
          void (achievementOf(c).resultDescription = [
            { id: 'https://uni.example/rd', type: ['ResultDescription'], name: 'G', resultType: 'LetterGrade', allowedValue: ['B', 'A', 'B'] },
          ]),
      ),
    ],
    ['an empty @list', credential((c) => void (achievementOf(c).resultDescription = [{ type: ['ResultDescription'], name: 'G', resultType: 'LetterGrade', allowedValue: [] }]))],
    [
      'a lone value in an @list',
      credential((c) => void (achievementOf(c).resultDescription = [{ type: ['ResultDescription'], name: 'G', resultType: 'LetterGrade', allowedValue: 'pass' }])),
    ],
    ['an integer, a fraction and a huge number as xsd:float', credential((c) => void (achievementOf(c).creditsAvailable = 5))],
    ['a fraction as xsd:float', credential((c) => void (achievementOf(c).creditsAvailable = 2.5))],
    ['a number past 1e21 as xsd:float', credential((c) => void (achievementOf(c).creditsAvailable = 1e21))],
    ['a string as xsd:float', credential((c) => void (achievementOf(c).creditsAvailable = '3'))],
    [
      'a plain number and a boolean',
      credential(
        (c) => void ((c.name = 42), ((c.credentialSubject as Json).identifier = [{ type: 'IdentityObject', identityHash: 'x', identityType: 'emailAddress', hashed: false }])),
      ),
    ],
    ['an @id-typed term given an object', credential((c) => void (achievementOf(c).image = { id: 'https://uni.example/i.png', type: 'Image', caption: 'ü' }))],
    ['an @id-typed term given a string', credential((c) => void (achievementOf(c).image = 'https://uni.example/i.png'))],
    [
      'a node named twice with different properties',
      credential(
        (c) =>
          void (c.evidence = [
            { id: 'https://uni.example/e', type: ['Evidence'], name: 'A' },
            { id: 'https://uni.example/e', narrative: 'B' },
          ]),
      ),
    ],
    ['unicode and escapes in strings', credential((c) => void (c.name = 'Zoë "quoted" \\ 李\n🎓\ttab'))],
    ['a signed credential, its proof in a graph of its own', readFixture('signed-openbadgecredential-eddsa-rdfc-2022.json')],
    ['the 1EdTech validator "complete" sample, endorsements and proofs included', readFixture('1edtech-validator/complete.json')],
    ['null and empty values', credential((c) => void ((c.description = null), (c.evidence = [])))],
  ];

  it.each(compiledCases)('compiles %s to the canonical form jsonld gives', async (_name, document) => {
    // Act
    const compiled = await compileDataset(document);
    const ours = await canonize(document, { documentLoader });

    // Assess
    expect(compiled).toHaveProperty('dataset');
    expect(ours).toBe(await referenceOutcome(document));
  });

  const declinedCases: [string, Json, RegExp][] = [
    ['a term no context defines', credential((c) => void ((c.credentialSubject as Json).favouriteColour = 'teal')), /favouriteColour/],
    ['an inline @context', credential((c) => void (c['@context'] = [VC_V2_CONTEXT, OB_V3_CONTEXT, { nick: 'https://example.org/nick' }])), /not a bundled URL/],
    ['an @context that is not bundled', credential((c) => void (c['@context'] = [VC_V2_CONTEXT, OB_V3_CONTEXT, 'https://example.org/context.json'])), /not a bundled URL/],
    ['an embedded inline @context', credential((c) => void ((c.credentialSubject as Json)['@context'] = { nick: 'https://example.org/nick' })), /embedded @context/],
    ['a relative @id', credential((c) => void (c.id = 'credentials/1')), /not an absolute IRI/],
    ['a blank node @id', credential((c) => void (c.id = '_:b0')), /not an absolute IRI/],
    ['a language-tagged value', credential((c) => void (c.name = { '@value': 'Bonjour', '@language': 'fr' })), /value object/],
    ['an @included block', credential((c) => void (c['@included'] = [{ id: 'https://example.org/x' }])), /keyword @included/],
    [
      'a protected term redefined (OB 3.0.1 after VC 2.0)',
      credential((c) => void (c['@context'] = [VC_V2_CONTEXT, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json'])),
      /protected term/,
    ],
    ['a proof that is only a reference', credential((c) => void (c.proof = { id: 'https://uni.example/proof' })), /nothing but a reference/],
    [
      'an embedded @context that is not bundled',
      credential((c) => void (achievementOf(c).endorsement = [{ '@context': ['https://example.org/context.json'], type: ['EndorsementCredential'] }])),
      /embedded @context/,
    ],
    [
      'a list of lists',
      credential((c) => void (achievementOf(c).resultDescription = [{ type: ['ResultDescription'], name: 'G', resultType: 'LetterGrade', allowedValue: [['A']] }])),
      /list of lists/,
    ],
  ];

  it.each(declinedCases)('declines %s, and canonize answers as jsonld does', async (_name, document, why) => {
    // Act
    const compiled = await compileDataset(document);
    const ours = await canonize(document, { documentLoader }).catch((error: Error) => `jsonld refuses: ${error.message}`);

    // Assess
    expect(compiled).toEqual({ declined: expect.stringMatching(why) });
    expect(ours).toBe(await referenceOutcome(document));
  });

  it('keeps safe mode: an undefined term still makes canonicalization fail', async () => {
    // Prepare
    const document = credential((c) => void (c.favouriteColour = 'teal'));

    // Act + Assess
    await expect(canonize(document, { documentLoader })).rejects.toThrow(/Safe mode/);
  });

  it('declines what is not a JSON-LD document', async () => {
    // Act + Assess
    expect(await compileDataset({ id: 'https://x.example' })).toEqual({ declined: expect.stringMatching(/@context/) });
    expect(await compileDataset([credential()])).toEqual({ declined: expect.stringMatching(/@context/) });
  });

  it('answers the same for a document compiled again (the processed contexts are reused, not altered)', async () => {
    // Prepare
    const first = credential((c) => void (achievementOf(c).alignment = [{ type: ['Alignment'], targetName: 'A', targetUrl: 'https://f.example/1' }]));
    const other = credential((c) => void (c.type = ['VerifiableCredential', 'AchievementCredential']));

    // Act
    const before = await canonize(first, { documentLoader });
    await canonize(other, { documentLoader });
    const again = await canonize(first, { documentLoader });

    // Assess
    expect(again).toBe(before);
    expect(before).toBe(await referenceOutcome(first));
  });
});
