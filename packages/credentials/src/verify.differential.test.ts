// Differential tests against the reference stack (@digitalbazaar/vc over the unmodified digitalbazaar
// eddsa-rdfc-2022 suite, i.e. jsonld.toRDF), with the same offline document loader:
// - a thousand credentials (valid ones, and ones mutated in every field) are checked by Tessera's
//   verifier and by @digitalbazaar/vc's verifyCredential, and the two must agree on the signature;
// - a thousand generated credentials (every OB 3.0 shape Tessera can meet, and some it must hand to
//   jsonld) get the same canonical N-Quads from Tessera's canonicalization (the compiled path where it
//   applies) as from jsonld's, the same signature from both signers, and the same verdict from both verifiers.
// Everything is generated from a seed: a failure names the case, which reruns identically.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import { describe, expect, it } from 'vitest';
import { MICROCREDENTIAL_CONTEXT_URL } from '@tessera/catalogue/microcredential-context';
import { buildOpenBadgeCredential } from './build.ts';
import { compileDataset } from './compiled-rdf.ts';
import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.ts';
import { didDocument, verificationMethodId } from './did.ts';
import { createDocumentLoader } from './document-loader.ts';
import { signCredential } from './sign.ts';
import { canonize, referenceCanonize } from './suite.ts';
import { badgeInput, controllerDocument, readFixture, resolverFor, signerFromSeedHex, testVector } from './test-helpers.ts';
import { verifyCredential } from './verify.ts';

const SEED = 0x7e55e2a;
const CASES = 1000;
const NOW = new Date('2026-06-01T00:00:00Z');

type Json = Record<string, unknown>;
type Value = unknown;

/** mulberry32: small, fast, and the same sequence on every machine. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const hex = (bytes: number) => Array.from({ length: bytes }, () => int(256).toString(16).padStart(2, '0')).join('');
  return { next, int, pick, hex };
}
type Random = ReturnType<typeof random>;

// ---------------------------------------------------------------------------------------------
// The credentials: ours (did:key and did:web issuers) and three other issuers' signed fixtures.

const DID_WEB = 'did:web:badges.uni.edu';
const DID_WEB_RETIRED = 'did:web:old.uni.edu';
const seeds = random(SEED);
const didKeySigner = signerFromSeedHex(seeds.hex(32));
const didWebSigner = signerFromSeedHex(seeds.hex(32));
const strangerSigner = signerFromSeedHex(seeds.hex(32));
const DID_KEY = `did:key:${didKeySigner.publicKeyMultibase}`;
const STRANGER_DID_KEY = `did:key:${strangerSigner.publicKeyMultibase}`;
const didWebMethod = verificationMethodId(DID_WEB, didWebSigner.publicKeyMultibase);
const retiredMethod = verificationMethodId(DID_WEB_RETIRED, didWebSigner.publicKeyMultibase);
const EXAMPLE_COM = 'https://example.com/issuers/876543';
const STATE_GOV = 'https://state.gov/issuers/565049';

/** An https issuer's controller document whose @context defines assertionMethod: @digitalbazaar/vc
 *  reads it as JSON-LD (safe mode), where Tessera picks the key by id. */
const httpsIssuerDocument = (controller: string, publicKeyMultibase: string) => ({
  ...controllerDocument(controller, publicKeyMultibase),
  '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
});

/** The documents a verifier of these credentials needs, served to both verifiers alike. */
const resolveDocument = resolverFor({
  [DID_WEB]: didDocument({ did: DID_WEB, keys: [{ id: didWebMethod, publicKeyMultibase: didWebSigner.publicKeyMultibase }] }),
  // Its key is still listed, but no longer for assertionMethod.
  [DID_WEB_RETIRED]: didDocument({ did: DID_WEB_RETIRED, keys: [{ id: retiredMethod, publicKeyMultibase: didWebSigner.publicKeyMultibase, compromised: true }] }),
  [EXAMPLE_COM]: httpsIssuerDocument(EXAMPLE_COM, testVector().keyPair.publicKeyMultibase),
  [STATE_GOV]: httpsIssuerDocument(STATE_GOV, 'z6MkoMGF38Ck9xkdqrbZt4h9eHb1qc3GhAAkoSWa4Vy3SHRN'),
});
const documentLoader = createDocumentLoader({ resolveDocument });

/** The reference: digitalbazaar's suite as published, canonicalizing through jsonld.toRDF. */
const referenceSuite = (options: { signer?: unknown; date?: Date } = {}) => new DataIntegrityProof({ cryptosuite, ...options });

async function ourBadge(issuerDid: string, signer: typeof didKeySigner, verificationMethod: string, validUntil?: Date): Promise<Json> {
  const unsigned = buildOpenBadgeCredential(
    badgeInput({
      credentialUrl: 'urn:uuid:6f1f9c6e-2f35-4d5e-9a51-0c8a3a7c9d10',
      issuer: { did: issuerDid, name: 'Uni', url: 'https://uni.edu', email: 'badges@uni.edu' },
      validUntil,
    }),
  );
  return signCredential(unsigned, { signer, verificationMethod, created: new Date('2026-01-01T00:00:00Z') });
}

async function baseCredentials(): Promise<Base[]> {
  return [
    { name: 'ours, did:key', everyField: true, credential: await ourBadge(DID_KEY, didKeySigner, `${DID_KEY}#${didKeySigner.publicKeyMultibase}`) },
    { name: 'ours, did:web, validUntil', credential: await ourBadge(DID_WEB, didWebSigner, didWebMethod, new Date('2027-01-01T00:00:00Z')) },
    // Two whose signature is sound but not the issuer's to make: neither verifier may accept them.
    { name: 'ours, signed by a stranger key', credential: await ourBadge(DID_KEY, strangerSigner, `${STRANGER_DID_KEY}#${strangerSigner.publicKeyMultibase}`) },
    { name: 'ours, key withdrawn from assertionMethod', credential: await ourBadge(DID_WEB_RETIRED, didWebSigner, retiredMethod) },
    {
      name: 'DCC basicOBv3 (lone proof)',
      everyField: true,
      credential: readFixture('dcc-vc-test-fixtures/dataIntegrityProof__didKey__legacyRegistry-noStatus-noExpiry-basicOBv3.json'),
    },
    { name: '1EdTech simple', everyField: true, credential: readFixture('1edtech-validator/simple.json') },
    { name: '1EdTech endorsement', everyField: true, credential: readFixture('1edtech-validator/endorsement-valid.json') },
  ];
}

// ---------------------------------------------------------------------------------------------
// Mutations. Each returns a description; the credential is a private copy, changed in place.

type Path = (string | number)[];

const isObject = (value: Value): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (path: Path) => `/${path.join('/')}`;

/** Every property path in the credential, except inside the proof (proof mutations have their own list). */
function pathsOf(value: Value, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => (prefix.length === 0 && key === 'proof' ? [] : [[...prefix, key], ...pathsOf(item, [...prefix, key])]));
}

function parentOf(root: Json, path: Path): Record<string | number, Value> {
  let node: Value = root;
  for (const step of path.slice(0, -1)) node = (node as Record<string | number, Value>)[step];
  return node as Record<string | number, Value>;
}

function setAt(root: Json, path: Path, value: Value): void {
  parentOf(root, path)[path.at(-1)!] = value;
}

function getAt(root: Json, path: Path): Value {
  return parentOf(root, path)[path.at(-1)!];
}

function removeAt(root: Json, path: Path): void {
  const parent = parentOf(root, path);
  const key = path.at(-1)!;
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
}

const proofsOf = (credential: Json): Json[] => (Array.isArray(credential.proof) ? (credential.proof as Json[]) : isObject(credential.proof) ? [credential.proof] : []);

/** Another value of the same kind: still a date for a date, a URL for a URL. */
function changed(value: Value, rng: Random): Value {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 1 + rng.int(10);
  if (typeof value !== 'string') return value;
  if (/^\d{4}-\d\d-\d\dT/.test(value)) return `${2000 + rng.int(30)}${value.slice(4)}`;
  if (value.length > 0 && rng.next() < 0.5) {
    const at = rng.int(value.length);
    const swapped = value[at] === 'a' ? 'b' : 'a';
    return `${value.slice(0, at)}${swapped}${value.slice(at + 1)}`;
  }
  return `${value}${rng.pick(['x', ' ', '1', '/2'])}`;
}

/** The same information as another JSON type, or as a single value for a one-element array. */
function typeSwapped(value: Value, rng: Random): { value: Value; how: string } {
  if (Array.isArray(value)) {
    if (value.length === 1 && rng.next() < 0.6) return { value: value[0], how: 'one-element array as its element' };
    return rng.next() < 0.5 ? { value: { ...value }, how: 'array as an object' } : { value: value.length, how: 'array as a number' };
  }
  if (isObject(value)) {
    if (typeof value.id === 'string' && rng.next() < 0.5) return { value: value.id, how: 'object as its id' };
    return rng.next() < 0.5 ? { value: [value], how: 'object in an array' } : { value: JSON.stringify(value), how: 'object as a string' };
  }
  if (typeof value === 'string') {
    return rng.pick([
      { value: [value], how: 'string in an array' },
      { value: Number.isNaN(Number(value)) ? value.length : Number(value), how: 'string as a number' },
      { value: { id: value }, how: 'string as an object' },
      { value: null, how: 'string as null' },
    ]);
  }
  if (typeof value === 'number') return rng.next() < 0.5 ? { value: String(value), how: 'number as a string' } : { value: [value], how: 'number in an array' };
  if (typeof value === 'boolean') return { value: String(value), how: 'boolean as a string' };
  return { value: 'null', how: 'null as a string' };
}

const ADDED_PROPERTIES: [string, Value][] = [
  ['description', 'Added after signing.'],
  ['name', 'Renamed'],
  ['id', 'urn:uuid:00000000-0000-4000-8000-000000000000'],
  ['image', { id: 'https://example.org/i.png', type: 'Image' }],
  ['favouriteColour', 'teal'], // no term in any context: JSON-LD safe mode refuses it
  ['type', 'Extra'],
];
const CONTEXT_ALTERATIONS = ['swap', 'older OB', 'drop OB', 'duplicate', 'extra', 'string', 'unknown'] as const;
const PROOF_ALTERATIONS = [
  'proofValue',
  'proofValue truncated',
  'created',
  'verificationMethod other key',
  'verificationMethod stranger did:key',
  'verificationMethod bare DID',
  'cryptosuite',
  'type',
  'proofPurpose',
  'remove',
  'lone object',
  'one-element array',
  'second bogus proof',
  'duplicate proof',
  'unknown field',
  'remove proofValue',
  'remove verificationMethod',
] as const;

/** One change to a credential (a private copy, changed in place); it says what it did. */
type Step = (credential: Json, rng: Random) => string;

const isLeaf = (value: Value) => !isObject(value) && !Array.isArray(value);

const changeField =
  (path: Path): Step =>
  (c, rng) => {
    setAt(c, path, changed(getAt(c, path), rng));
    return `changed ${show(path)}`;
  };

const removeField =
  (path: Path): Step =>
  (c) => {
    removeAt(c, path);
    return `removed ${show(path)}`;
  };

const swapType =
  (path: Path): Step =>
  (c, rng) => {
    const { value, how } = typeSwapped(getAt(c, path), rng);
    setAt(c, path, value);
    return `${show(path)}: ${how}`;
  };

const addProperty =
  (path: Path): Step =>
  (c, rng) => {
    const target = path.length ? (getAt(c, path) as Json) : c;
    const absent = ADDED_PROPERTIES.filter(([key]) => !(key in target));
    if (absent.length === 0) return `added nothing to ${show(path)}`;
    const [key, value] = rng.pick(absent);
    target[key] = structuredClone(value);
    return `added ${show([...path, key])}`;
  };

const reverseArray =
  (path: Path): Step =>
  (c) => {
    (getAt(c, path) as unknown[]).reverse();
    return `reversed ${show(path)}`;
  };

const reverseKeys =
  (path: Path): Step =>
  (c) => {
    const target = path.length ? (getAt(c, path) as Json) : c;
    const entries = Object.entries(target).reverse();
    for (const key of Object.keys(target)) delete target[key];
    Object.assign(target, Object.fromEntries(entries));
    return `reversed the keys of ${show(path)}`;
  };

const alterContext =
  (how: (typeof CONTEXT_ALTERATIONS)[number]): Step =>
  (c, rng) => {
    const contexts = Array.isArray(c['@context']) ? [...(c['@context'] as unknown[])] : [c['@context']];
    const ob = contexts.findIndex((x) => typeof x === 'string' && x.includes('/ob/v3p0/'));
    if (how === 'swap') contexts.reverse();
    if (how === 'older OB' && ob >= 0) contexts[ob] = `https://purl.imsglobal.org/spec/ob/v3p0/${rng.pick(['context-3.0.2.json', 'context-3.0.1.json', 'context.json'])}`;
    if (how === 'drop OB' && ob >= 0) contexts.splice(ob, 1);
    if (how === 'duplicate') contexts.push(contexts.at(-1));
    if (how === 'extra') contexts.push('https://w3id.org/security/data-integrity/v2');
    if (how === 'unknown') contexts.push('https://example.org/context.json');
    c['@context'] = how === 'string' ? contexts[0] : contexts;
    return `@context: ${how}`;
  };

const alterProof =
  (how: (typeof PROOF_ALTERATIONS)[number]): Step =>
  (c, rng) => {
    const proofs = proofsOf(c);
    const proof = proofs[0];
    if (!proof) return `proof: ${how} (no proof left)`;
    const value = String(proof.proofValue ?? '');
    const method = String(proof.verificationMethod ?? '');
    const did = method.split('#')[0]!;
    if (how === 'proofValue') {
      const at = 1 + rng.int(Math.max(1, value.length - 1));
      proof.proofValue = `${value.slice(0, at)}${value[at] === '2' ? '3' : '2'}${value.slice(at + 1)}`;
    }
    if (how === 'proofValue truncated') proof.proofValue = value.slice(0, -2);
    if (how === 'created') proof.created = '2026-02-02T00:00:00Z';
    if (how === 'verificationMethod other key') proof.verificationMethod = `${did}#${strangerSigner.publicKeyMultibase}`;
    if (how === 'verificationMethod stranger did:key') proof.verificationMethod = `${STRANGER_DID_KEY}#${strangerSigner.publicKeyMultibase}`;
    if (how === 'verificationMethod bare DID') proof.verificationMethod = did;
    if (how === 'cryptosuite') proof.cryptosuite = rng.pick(['eddsa-2022', 'ecdsa-rdfc-2019', 'bbs-2023']);
    if (how === 'type') proof.type = 'Ed25519Signature2020';
    if (how === 'proofPurpose') proof.proofPurpose = rng.pick(['authentication', 'capabilityInvocation']);
    if (how === 'remove') delete c.proof;
    if (how === 'lone object') c.proof = proof;
    if (how === 'one-element array') c.proof = [proof];
    if (how === 'second bogus proof') c.proof = [...proofs, { ...proof, proofValue: `${value.slice(0, -4)}zzzz` }];
    if (how === 'duplicate proof') c.proof = [...proofs, { ...proof }];
    if (how === 'unknown field') proof.favouriteColour = 'teal';
    if (how === 'remove proofValue') delete proof.proofValue;
    if (how === 'remove verificationMethod') delete proof.verificationMethod;
    return `proof: ${how}`;
  };

/** For the random combinations: a step on a field picked when it runs (an earlier step may have moved things). */
const onSomeField =
  (make: (path: Path) => Step, fits: (value: Value) => boolean = () => true): Step =>
  (c, rng) => {
    const paths = pathsOf(c).filter((path) => fits(getAt(c, path)));
    return paths.length ? make(rng.pick(paths))(c, rng) : 'no field to mutate';
  };

const RANDOM_STEPS: Step[] = [
  onSomeField(changeField, isLeaf),
  onSomeField(removeField),
  onSomeField(swapType),
  onSomeField(addProperty, isObject),
  onSomeField(reverseArray, (v) => Array.isArray(v) && v.length > 1),
  onSomeField(reverseKeys, isObject),
  (c, rng) => alterContext(rng.pick(CONTEXT_ALTERATIONS))(c, rng),
  (c, rng) => alterProof(rng.pick(PROOF_ALTERATIONS))(c, rng),
];

type Base = { name: string; credential: Json; everyField?: boolean };
type Case = { base: Base; steps: Step[]; planned: boolean };

/**
 * Each base as signed, and with each proof and @context alteration; for the `everyField` bases, each
 * field changed (a leaf), removed, type-swapped, added to (an object) and reordered; then, up to
 * CASES, one or two random steps on random fields.
 */
function plannedCases(bases: Base[], rng: Random): Case[] {
  const cases: Case[] = [];
  for (const base of bases) {
    cases.push({ base, steps: [], planned: true });
    for (const how of PROOF_ALTERATIONS) cases.push({ base, steps: [alterProof(how)], planned: true });
    for (const how of CONTEXT_ALTERATIONS) cases.push({ base, steps: [alterContext(how)], planned: true });
  }
  for (const base of bases.filter((b) => b.everyField)) {
    cases.push({ base, steps: [addProperty([])], planned: true }, { base, steps: [reverseKeys([])], planned: true });
    for (const path of pathsOf(base.credential)) {
      const value = getAt(base.credential, path);
      if (isLeaf(value)) cases.push({ base, steps: [changeField(path)], planned: true });
      cases.push({ base, steps: [removeField(path)], planned: true }, { base, steps: [swapType(path)], planned: true });
      if (isObject(value)) cases.push({ base, steps: [addProperty(path)], planned: true }, { base, steps: [reverseKeys(path)], planned: true });
      if (Array.isArray(value) && value.length > 1) cases.push({ base, steps: [reverseArray(path)], planned: true });
    }
  }
  if (cases.length > CASES) throw new Error(`the planned cases (${cases.length}) exceed ${CASES}: fewer everyField bases`);
  while (cases.length < CASES) {
    const count = rng.next() < 0.7 ? 1 : 2;
    cases.push({ base: rng.pick(bases), steps: Array.from({ length: count }, () => rng.pick(RANDOM_STEPS)), planned: false });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// The two verdicts on the signature.

type Verdict = { signed: boolean; why: string };

/** Tessera: a proof that verifies, made with a key of the issuer's (what @digitalbazaar/vc's CredentialIssuancePurpose also demands). */
async function tesseraVerdict(credential: Json): Promise<Verdict & { verified: boolean }> {
  const result = await verifyCredential(credential, { now: NOW, resolveDocument });
  const proof = result.checks.find((c) => c.name === 'proof')!;
  const issuer = result.checks.find((c) => c.name === 'issuer')!;
  const signed = proof.ok && issuer.ok;
  return {
    signed,
    verified: result.verified,
    why: signed
      ? proof.message
      : [proof, issuer]
          .filter((c) => !c.ok)
          .map((c) => `${c.name}: ${c.message}`)
          .join('; '),
  };
}

type DbvcResult = { verified: boolean; error?: { message?: string; errors?: { message?: string }[] }; results?: Json[] };

const messagesOf = (result: DbvcResult) => [result.error?.message, ...(result.error?.errors ?? []).map((e) => e.message)].filter(Boolean).join('; ') || 'verified';

/**
 * @digitalbazaar/vc. It first checks the credential's shape (contexts, types, dates) and throws before
 * any proof is looked at if that fails (`refused`). Its verdict on the signature is then the one it
 * would have reached: the jsonld-signatures call it makes next, with the same suite, purpose and loader.
 */
async function dbvcVerdict(credential: Json): Promise<Verdict & { refused: boolean; refusal?: string }> {
  const options = { suite: referenceSuite(), documentLoader, now: NOW };
  // Status is not the signature: the status check is another test's business.
  const result = (await vc.verifyCredential({ ...options, credential: structuredClone(credential), checkStatus: async () => ({ verified: true }) })) as DbvcResult;
  const first = result.results?.[0];
  if (result.verified || first === undefined || !('credential' in first)) return { signed: result.verified, refused: false, why: messagesOf(result) };
  const signature = (await jsigs.verify(structuredClone(credential), { ...options, purpose: new vc.CredentialIssuancePurpose() })) as DbvcResult;
  return { signed: signature.verified, refused: true, refusal: messagesOf(result), why: messagesOf(signature) };
}

// ---------------------------------------------------------------------------------------------

type Outcome = { id: number; base: string; planned: boolean; mutation: string; tessera: Verdict & { verified: boolean }; dbvc: Verdict & { refused: boolean; refusal?: string } };

async function runCases(): Promise<Outcome[]> {
  const rng = random(SEED);
  const outcomes: Outcome[] = [];
  for (const [id, { base, steps, planned }] of plannedCases(await baseCredentials(), rng).entries()) {
    const credential = structuredClone(base.credential);
    const applied = steps.map((step) => step(credential, rng));
    const [tessera, dbvc] = await Promise.all([tesseraVerdict(credential), dbvcVerdict(credential)]);
    outcomes.push({ id, base: base.name, planned, mutation: applied.join(' + ') || 'none', tessera, dbvc });
  }
  return outcomes;
}

describe('Tessera and @digitalbazaar/vc agree on the signature', () => {
  it(`of ${CASES} credentials, valid and mutated (seed ${SEED.toString(16)})`, async () => {
    // Act
    const started = performance.now();
    const outcomes = await runCases();
    const seconds = (performance.now() - started) / 1000;

    // Assess: both say the same of the signature, every time; and where @digitalbazaar/vc refused the
    // credential's shape before looking at its proof, Tessera does not call it verified either.
    const disagreements = outcomes.filter((o) => o.tessera.signed !== o.dbvc.signed).map(describeOutcome);
    const refusedButVerified = outcomes.filter((o) => o.dbvc.refused && o.tessera.verified).map(describeOutcome);
    expect(disagreements).toEqual([]);
    expect(refusedButVerified).toEqual([]);

    // Assess: the run means something: both verdicts occur often, and so do mutations that keep the signature.
    const signed = outcomes.filter((o) => o.tessera.signed).length;
    const mutatedButSigned = outcomes.filter((o) => o.tessera.signed && o.mutation !== 'none').length;
    const refused = outcomes.filter((o) => o.dbvc.refused).length;
    const planned = outcomes.filter((o) => o.planned).length;
    console.info(
      `differential: ${CASES} cases (${planned} planned, ${CASES - planned} random) in ${seconds.toFixed(1)} s; signature holds in ${signed} (${mutatedButSigned} of them mutated), ` +
        `broken in ${CASES - signed}; @digitalbazaar/vc refused the shape of ${refused} before their proof`,
    );
    expect(outcomes).toHaveLength(CASES);
    expect(signed).toBeGreaterThanOrEqual(150);
    expect(CASES - signed).toBeGreaterThanOrEqual(400);
    expect(mutatedButSigned).toBeGreaterThanOrEqual(80);
    expect(refused).toBeGreaterThanOrEqual(50);
  }, 240_000);
});

function describeOutcome(o: Outcome): string {
  const dbvc = `${o.dbvc.signed ? 'signed' : 'unsigned'} (${o.dbvc.why})${o.dbvc.refused ? `, after refusing its shape (${o.dbvc.refusal})` : ''}`;
  return `case ${o.id} (${o.base}; ${o.mutation}): tessera ${o.tessera.signed ? 'signed' : 'unsigned'} (${o.tessera.why}), dbvc ${dbvc}`;
}

// ---------------------------------------------------------------------------------------------
// The compiled JSON-LD path against jsonld.toRDF, on generated credentials.

const GENERATED_SEED = 0xc0ffee;
const GENERATED = 1000;
const SIGNED_AT = new Date('2026-03-01T12:00:00Z');

const TEXTS = [
  'Ada Lovelace',
  'Zoë Ñúñez-Ørsted',
  '李小龍',
  'Ωmega — «test» ‹ok›',
  'graduate 🎓✨',
  'a "quoted" \\ backslash',
  'two\nlines',
  'tab\there',
  'Ελληνικά',
  'עברית ومرحبا',
  '',
  ' ',
];
// 3.0.2 lacks a few of 3.0.3's terms (awardedDate, inLanguage): those are generated with 3.0.3 only.
const OB_CONTEXTS = [OB_V3_CONTEXT, OB_V3_CONTEXT, OB_V3_CONTEXT, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json'];

/** Sometimes the lone value, sometimes in an array: JSON-LD reads both alike. */
const oneOrMany = (rng: Random, items: Value[]): Value => (items.length === 1 && rng.next() < 0.4 ? items[0] : items);
const maybe = (rng: Random, p: number, make: () => Value): Value => (rng.next() < p ? make() : undefined);
/** Drops undefined entries: a missing optional is absent, not null. */
const compact = (object: Json): Json => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));

function generatedAchievement(rng: Random, n: number, micro: boolean, ob: string): Json {
  const latest = ob === OB_V3_CONTEXT;
  const url = `https://badges.example.edu/achievements/${n}`;
  return compact({
    id: url,
    type: oneOrMany(rng, ['Achievement']),
    name: rng.pick(TEXTS),
    description: maybe(rng, 0.7, () => rng.pick(TEXTS)),
    criteria: rng.next() < 0.8 ? compact({ narrative: rng.pick(TEXTS), id: maybe(rng, 0.2, () => `${url}/criteria`) }) : `${url}/criteria`,
    achievementType: maybe(rng, 0.5, () => rng.pick(['Competency', 'Certificate', 'ext:Workshop', 'Badge'])),
    image: maybe(rng, 0.5, () => (rng.next() < 0.5 ? `${url}.png` : compact({ id: `${url}.svg`, type: 'Image', caption: maybe(rng, 0.5, () => rng.pick(TEXTS)) }))),
    alignment: maybe(rng, 0.5, () =>
      oneOrMany(
        rng,
        Array.from({ length: 1 + rng.int(4) }, (_, i) =>
          compact({
            type: oneOrMany(rng, ['Alignment']),
            targetName: rng.pick(TEXTS),
            targetUrl: `https://frameworks.example/${n}/${i}`,
            targetFramework: maybe(rng, 0.6, () => 'ESCO'),
            targetCode: maybe(rng, 0.6, () => `S${i}.${rng.int(9)}`),
            targetType: maybe(rng, 0.5, () => rng.pick(['ceasn:Competency', 'CFItem', 'ext:Skill'])),
            targetDescription: maybe(rng, 0.3, () => rng.pick(TEXTS)),
          }),
        ),
      ),
    ),
    tag: maybe(rng, 0.5, () =>
      oneOrMany(
        rng,
        Array.from({ length: 1 + rng.int(4) }, () => rng.pick(TEXTS)),
      ),
    ),
    // xsd:float in the context: an integer, a fraction, a large number and a string all convert differently.
    creditsAvailable: maybe(rng, 0.5, () => rng.pick([5, 2.5, 0, 1e21, 1234567.125, '3', -1])),
    fieldOfStudy: maybe(rng, 0.3, () => rng.pick(TEXTS)),
    humanCode: maybe(rng, 0.2, () => `HC-${n}`),
    specialization: maybe(rng, 0.2, () => rng.pick(TEXTS)),
    version: maybe(rng, 0.2, () => '1.0'),
    inLanguage: latest ? maybe(rng, 0.2, () => rng.pick(['en', 'fr-CA', 'zh-Hant'])) : undefined,
    otherIdentifier: maybe(rng, 0.2, () => [{ type: 'IdentifierEntry', identifier: `id-${n}`, identifierType: rng.pick(['sourcedId', 'identifier']) }]),
    creator: maybe(rng, 0.2, () => ({ id: 'https://example.edu/profiles/creator', type: ['Profile'], name: rng.pick(TEXTS) })),
    resultDescription: maybe(rng, 0.4, () =>
      Array.from({ length: 1 + rng.int(2) }, (_, i) =>
        compact({
          id: `${url}#result-${i}`,
          type: oneOrMany(rng, ['ResultDescription']),
          name: rng.pick(TEXTS),
          resultType: rng.pick(['LetterGrade', 'Percent', 'RubricCriterionLevel', 'ext:Custom']),
          // An @list: order matters, a lone value is a one-item list, an empty one is rdf:nil.
          allowedValue: maybe(rng, 0.6, () => rng.pick<Value>([['A', 'B', 'C', 'D'], ['pass'], 'pass', [], ['B', 'A', 'B']])),
          valueMin: maybe(rng, 0.3, () => '0'),
          valueMax: maybe(rng, 0.3, () => '100'),
          requiredLevel: maybe(rng, 0.2, () => `${url}#level-2`),
          rubricCriterionLevel: maybe(rng, 0.2, () => [{ id: `${url}#level-2`, type: ['RubricCriterionLevel'], level: 'Proficient', points: '3' }]),
        }),
      ),
    ),
    // An endorsement: a credential inside the credential, with its own @context and, often, its proof (a @graph container).
    endorsement: maybe(rng, 0.15, () => [
      compact({
        // The credential's own OB context: 3.0.2 and 3.0.3 define some protected terms differently.
        '@context': [VC_V2_CONTEXT, ob],
        id: `urn:uuid:8d0e1c52-7b7f-4d0c-9b53-${String(n).padStart(12, '0')}`,
        type: ['VerifiableCredential', 'EndorsementCredential'],
        issuer: { id: 'https://endorser.example/profile', type: ['Profile'], name: rng.pick(TEXTS) },
        validFrom: '2025-06-01T00:00:00Z',
        credentialSubject: { id: url, type: ['EndorsementSubject'], endorsementComment: maybe(rng, 0.7, () => rng.pick(TEXTS)) },
        proof: maybe(rng, 0.7, () =>
          oneOrMany(rng, [
            {
              type: 'DataIntegrityProof',
              cryptosuite: 'eddsa-rdfc-2022',
              created: '2025-06-01T00:00:00Z',
              verificationMethod: 'https://endorser.example/profile#key-1',
              proofPurpose: 'assertionMethod',
              proofValue: 'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKods5D2UAUL5n2KLJL',
            },
          ]),
        ),
      }),
    ]),
    // Tessera's extension terms, when its context is in the list.
    ...(micro
      ? compact({
          learningOutcomes: maybe(rng, 0.7, () => rng.pick<Value>([['Reads data', 'Charts data'], 'Reads data', []])),
          workloadHours: maybe(rng, 0.5, () => rng.pick([25, 12.5, '25'])),
          assessmentType: maybe(rng, 0.5, () => 'Written exam'),
          stacksInto: maybe(rng, 0.4, () => oneOrMany(rng, ['https://badges.example.edu/achievements/diploma'])),
        })
      : {}),
  });
}

function generatedSubject(rng: Random, achievement: Json): Json {
  const resultDescriptions = (Array.isArray(achievement.resultDescription) ? achievement.resultDescription : []) as Json[];
  return compact({
    id: maybe(rng, 0.3, () => rng.pick(['did:example:ada', 'mailto:ada@example.org', 'urn:uuid:0b5f2c0e-8d53-4b49-9f1c-3a5d6f7e8a9b'])),
    type: oneOrMany(rng, ['AchievementSubject']),
    identifier: maybe(rng, 0.7, () =>
      oneOrMany(rng, [
        { type: 'IdentityObject', identityHash: `sha256$${'ab'.repeat(32)}`, identityType: 'emailAddress', hashed: rng.next() < 0.8, salt: maybe(rng, 0.7, () => 'salt') },
      ]),
    ),
    achievement,
    result: resultDescriptions.length
      ? resultDescriptions.map((rd) =>
          compact({
            type: oneOrMany(rng, ['Result']),
            resultDescription: rd.id,
            value: maybe(rng, 0.7, () => rng.pick(['A', '86', 'pass'])),
            status: maybe(rng, 0.3, () => 'Completed'),
          }),
        )
      : undefined,
    creditsEarned: maybe(rng, 0.3, () => rng.pick([5, 2.75])),
    activityStartDate: maybe(rng, 0.2, () => '2026-01-10'),
    activityEndDate: maybe(rng, 0.2, () => '2026-02-20'),
    role: maybe(rng, 0.1, () => rng.pick(TEXTS)),
    term: maybe(rng, 0.1, () => 'Autumn 2026'),
    licenseNumber: maybe(rng, 0.1, () => 'L-42'),
    source: maybe(rng, 0.1, () => 'https://example.edu/departments/stats'),
  });
}

/** Shapes outside everyday badges: most leave the compiled path (then jsonld alone says what they mean, or refuses them). */
const UNUSUAL: [string, (c: Json, rng: Random) => void][] = [
  ['name as a language-tagged value', (c) => void (c.name = { '@value': 'Bonjour', '@language': 'fr' })],
  ['a term no context defines', (c) => void ((c.credentialSubject as Json).favouriteColour = 'teal')],
  ['an inline @context', (c) => void (c['@context'] = [...(c['@context'] as unknown[]), { extra: 'https://example.org/extra' }])],
  ['an @context that is not bundled', (c) => void (c['@context'] = [...(c['@context'] as unknown[]), 'https://example.org/context.json'])],
  ['a relative @id', (c) => void (c.id = 'credentials/1')],
  ['a blank node @id', (c) => void ((c.credentialSubject as Json).id = '_:subject')],
  ['an embedded @context', (c) => void ((c.credentialSubject as Json)['@context'] = { nick: 'https://example.org/nick' })],
  ['an absolute IRI as a property', (c) => void ((c.credentialSubject as Json)['https://example.org/vocab#nick'] = 'Ada')],
  ['an @included block', (c) => void (c['@included'] = [{ id: 'https://example.org/x', name: 'X' }])],
  ['a JSON @value with @type', (c) => void (c.description = { '@value': 'x', '@type': 'https://example.org/T' })],
  // Under VC 2.0 neither context defines the type 1EdTech's credentialSchema entries name: jsonld refuses it in safe mode.
  [
    'a credentialSchema of an undefined type',
    (c) =>
      void (c.credentialSchema = [{ id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' }]),
  ],
  // OB 3.0.1 was written for VC 1.1: it redefines terms VC 2.0 protects.
  ['OB 3.0.1 after VC 2.0', (c) => void ((c['@context'] as unknown[])[1] = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json')],
  ['a number as a name', (c) => void (c.name = 42)],
];

function generatedCredential(rng: Random, n: number): { credential: Json; unusual?: string } {
  const micro = rng.next() < 0.2;
  const ob = rng.pick(OB_CONTEXTS);
  const contexts = [VC_V2_CONTEXT, ob, ...(micro ? [MICROCREDENTIAL_CONTEXT_URL] : []), ...(rng.next() < 0.1 ? ['https://w3id.org/security/data-integrity/v2'] : [])];
  const achievement = generatedAchievement(rng, n, micro, ob);
  const credential = compact({
    '@context': contexts,
    id: maybe(rng, 0.9, () => (rng.next() < 0.5 ? `urn:uuid:6f1f9c6e-2f35-4d5e-9a51-${String(n).padStart(12, '0')}` : `https://badges.example.edu/credentials/${n}.json`)),
    type: ['VerifiableCredential', rng.pick(['OpenBadgeCredential', 'AchievementCredential'])],
    name: maybe(rng, 0.8, () => rng.pick(TEXTS)),
    description: maybe(rng, 0.3, () => rng.pick(TEXTS)),
    issuer:
      rng.next() < 0.15
        ? DID_KEY
        : compact({
            id: DID_KEY,
            type: oneOrMany(rng, ['Profile']),
            name: rng.pick(TEXTS),
            url: maybe(rng, 0.7, () => 'https://example.edu'),
            email: maybe(rng, 0.5, () => 'badges@example.edu'),
            address: maybe(rng, 0.3, () => compact({ type: ['Address'], addressCountry: maybe(rng, 0.7, () => 'Österreich'), addressCountryCode: 'AT' })),
            image: maybe(rng, 0.2, () => 'https://example.edu/logo.png'),
          }),
    validFrom: rng.pick(['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.123+01:00', '2025-12-31T23:59:59Z']),
    validUntil: maybe(rng, 0.3, () => '2030-01-01T00:00:00Z'),
    awardedDate: ob === OB_V3_CONTEXT ? maybe(rng, 0.2, () => '2026-01-01T00:00:00Z') : undefined,
    credentialSubject: generatedSubject(rng, achievement),
    evidence: maybe(rng, 0.6, () =>
      oneOrMany(
        rng,
        Array.from({ length: 1 + rng.int(5) }, (_, i) =>
          compact({
            type: oneOrMany(rng, ['Evidence']),
            id: maybe(rng, 0.5, () => `https://lms.example.edu/attempts/${n}-${i}`),
            name: maybe(rng, 0.8, () => rng.pick(TEXTS)),
            narrative: maybe(rng, 0.6, () => rng.pick(TEXTS)),
            description: maybe(rng, 0.3, () => rng.pick(TEXTS)),
            genre: maybe(rng, 0.2, () => 'Assessment'),
            audience: maybe(rng, 0.2, () => 'Employers'),
          }),
        ),
      ),
    ),
    credentialStatus: maybe(rng, 0.3, () => ({
      id: `https://example.edu/status/1#${n}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(n),
      statusListCredential: 'https://example.edu/status/1',
    })),
  });
  if (rng.next() >= 0.1) return { credential };
  const [unusual, apply] = rng.pick(UNUSUAL);
  apply(credential, rng);
  return { credential, unusual };
}

/** The canonical N-Quads, or the error, from one canonicalization. */
async function outcomeOf(run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const signer = { id: `${DID_KEY}#${didKeySigner.publicKeyMultibase}`, algorithm: 'Ed25519' as const, sign: ({ data }: { data: Uint8Array }) => didKeySigner.sign(data) };

describe('the compiled JSON-LD path and jsonld agree', () => {
  it(`on ${GENERATED} generated credentials: canonical N-Quads, signatures and verdicts (seed ${GENERATED_SEED.toString(16)})`, async () => {
    // Prepare
    const rng = random(GENERATED_SEED);
    const problems: string[] = [];
    let compiled = 0;
    let verified = 0;
    const unusualSeen = new Set<string>();
    const started = performance.now();

    for (let n = 0; n < GENERATED; n++) {
      const { credential, unusual } = generatedCredential(rng, n);
      if (unusual) unusualSeen.add(unusual);
      const label = `credential ${n}${unusual ? ` (${unusual})` : ''}`;

      // Act + Assess: the same canonical form (or the same refusal) from both paths.
      const path = await compileDataset(credential);
      if ('dataset' in path) compiled++;
      else if (!unusual) problems.push(`${label}: an ordinary credential left the compiled path (${path.declined})`);
      const ours = await outcomeOf(() => canonize(credential, { documentLoader }));
      const reference = await outcomeOf(() => referenceCanonize(credential, { documentLoader }));
      if (ours !== reference) problems.push(`${label}: canonical N-Quads differ\nours:\n${ours}\njsonld:\n${reference}`);

      // Act + Assess: Tessera's signer and the reference signer write the same proof (Ed25519 is deterministic).
      const oursSigned = await signCredential(credential, { signer: didKeySigner, verificationMethod: signer.id, created: SIGNED_AT }).catch(() => undefined);
      const referenceSigned = (await vc
        .issue({ credential: structuredClone(credential), suite: referenceSuite({ signer, date: SIGNED_AT }), documentLoader })
        .catch(() => undefined)) as Json | undefined;
      const referenceProof = referenceSigned && (Array.isArray(referenceSigned.proof) ? referenceSigned.proof[0] : referenceSigned.proof);
      if ((oursSigned === undefined) !== (referenceSigned === undefined)) {
        problems.push(`${label}: ${oursSigned ? 'only Tessera' : 'only the reference'} could sign it`);
        continue;
      }
      if (!oursSigned) continue;
      if (oursSigned.proof[0]!.proofValue !== (referenceProof as Json).proofValue) problems.push(`${label}: the two signers wrote different proofs`);

      // Act + Assess: both verifiers say the same of the signature.
      const [tessera, dbvc] = await Promise.all([tesseraVerdict(oursSigned), dbvcVerdict(oursSigned)]);
      if (tessera.signed !== dbvc.signed)
        problems.push(`${label}: tessera ${tessera.signed ? 'signed' : 'unsigned'} (${tessera.why}), reference ${dbvc.signed ? 'signed' : 'unsigned'} (${dbvc.why})`);
      if (tessera.signed) verified++;
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(`compiled path: ${compiled} of ${GENERATED} generated credentials compiled, ${verified} signed and verified by both, in ${seconds.toFixed(1)} s`);

    expect(problems).toEqual([]);
    // The run means something: most credentials take the compiled path, every unusual shape was met
    // (so the fallback was exercised), and nearly all signed ones verify.
    expect(compiled).toBeGreaterThanOrEqual(850);
    expect(unusualSeen.size).toBe(UNUSUAL.length);
    expect(verified).toBeGreaterThanOrEqual(850);
  }, 600_000);
});
