// Validates a credential against the strict OB 3.0 AchievementCredential (or EndorsementCredential)
// JSON Schema (draft 2019-09), and judges another issuer's credential as the 1EdTech validator does
// (strict for what we issue, lenient only where JSON-LD reads both forms alike). Each validator is
// compiled on first use, once per process.
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import achievementCredentialSchema from '../schemas/ob_v3p0_achievementcredential_schema.json' with { type: 'json' };
import endorsementCredentialSchema from '../schemas/ob_v3p0_endorsementcredential_schema.json' with { type: 'json' };

export type SchemaError = { path: string; message: string };
export type SchemaResult = { ok: boolean; errors: SchemaError[] };
/** How a verifier should take a credential's schema deviations: errors fail it, warnings do not. */
export type SchemaJudgement = { errors: SchemaError[]; warnings: SchemaError[] };
/** Which OB 3.0 credential schema: badges (OpenBadgeCredential/AchievementCredential) or endorsements. */
export type CredentialSchemaKind = 'AchievementCredential' | 'EndorsementCredential';

// ajv-formats is CommonJS: under NodeNext its default import is the module object in types only.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => Ajv2019;

export { ACHIEVEMENT_TYPES } from './achievement-types.ts';

const SCHEMAS: Record<CredentialSchemaKind, object> = {
  AchievementCredential: achievementCredentialSchema,
  EndorsementCredential: endorsementCredentialSchema,
};
const validators = new Map<CredentialSchemaKind, ValidateFunction>();

function validator(kind: CredentialSchemaKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    // strict:false because the 1EdTech schema carries annotation keywords ajv does not know.
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(SCHEMAS[kind]);
    validators.set(kind, validate);
  }
  return validate;
}

/** What ajv said, with whether the fix would be to write the value as an array. */
type Deviation = SchemaError & { wantsArray: boolean };

export function validateCredentialSchema(credential: unknown, kind: CredentialSchemaKind = 'AchievementCredential'): SchemaResult {
  const deviations = deviationsFrom(credential, kind);
  return { ok: deviations.length === 0, errors: deviations.map(({ path, message }) => ({ path, message })) };
}

/**
 * The 1EdTech validator's rule (JsonSchemasProbe, digital-credentials-public-validator): a credential
 * is checked against the strict (plain JSON) schema; if that fails but the credential is valid against
 * the JSON-LD form of the same schema, the strict failures are reported as warnings, else as errors.
 * The JSON-LD form differs from the strict one in taking a single value wherever an array is
 * wanted, since JSON-LD compaction writes a one-element array as its element (VCDM 2.0 allows a
 * lone `proof` object). So: write each such single value as a one-element array (it means the same
 * in JSON-LD) until nothing more can be wrapped; valid then → all strict failures are warnings.
 */
export function judgeCredentialSchema(credential: unknown, kind: CredentialSchemaKind = 'AchievementCredential'): SchemaJudgement {
  const strict = deviationsFrom(credential, kind);
  const plain = (deviations: Deviation[]) => deviations.map(({ path, message }) => ({ path, message }));
  if (strict.length === 0) return { errors: [], warnings: [] };
  if (validInJsonLdForm(credential, kind)) return { errors: [], warnings: plain(strict) };
  // As the validator, every strict failure is an error; those no array could fix come first.
  return { errors: plain([...strict.filter((d) => !d.wantsArray), ...strict.filter((d) => d.wantsArray)]), warnings: [] };
}

// Enough for any real credential (each round wraps every single value found at one depth).
const MAX_WRAPPING_ROUNDS = 32;

function validInJsonLdForm(credential: unknown, kind: CredentialSchemaKind): boolean {
  const candidate: unknown = structuredClone(credential);
  for (let round = 0; round < MAX_WRAPPING_ROUNDS; round++) {
    const deviations = deviationsFrom(candidate, kind);
    if (deviations.length === 0) return true;
    const paths = [...new Set(deviations.filter((d) => d.wantsArray).map((d) => d.path))].filter((path) => {
      const value = valueAt(candidate, path);
      return path !== '(root)' && value !== undefined && !Array.isArray(value);
    });
    // A parent and its child in one round would wrap the child under a stale path: parents first.
    const outermost = paths.filter((path) => !paths.some((other) => other !== path && path.startsWith(`${other}/`)));
    if (outermost.length === 0) return false;
    for (const path of outermost) wrapAt(candidate, path);
  }
  return false;
}

const pointerTokens = (path: string): string[] =>
  path === '(root)' || path === ''
    ? []
    : path
        .split('/')
        .slice(1)
        .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));

function valueAt(document: unknown, path: string): unknown {
  let node = document;
  for (const token of pointerTokens(path)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** Writes the value at `path` (never the root) as a one-element array, in place: the caller's copy. */
function wrapAt(document: unknown, path: string): void {
  const parent = valueAt(document, path.slice(0, path.lastIndexOf('/'))) as Record<string, unknown>;
  const key = pointerTokens(path).at(-1)!;
  parent[key] = [parent[key]];
}

function deviationsFrom(credential: unknown, kind: CredentialSchemaKind): Deviation[] {
  // VC 2.0 lets a credential carry several status entries (revocation and suspension); the OB 3.0
  // schema was written for one. Each entry is held to the schema's CredentialStatus instead.
  const status = (credential as { credentialStatus?: unknown } | null)?.credentialStatus;
  if (Array.isArray(status) && status.length > 0) {
    const results = status.map((entry, i) =>
      validateOne({ ...(credential as object), credentialStatus: entry }, kind).map((e) => ({ ...e, path: e.path.replace(/^\/credentialStatus/, `/credentialStatus/${i}`) })),
    );
    return [...new Map(results.flat().map((e) => [`${e.path} ${e.message}`, e])).values()];
  }
  return validateOne(credential, kind);
}

function validateOne(credential: unknown, kind: CredentialSchemaKind): Deviation[] {
  const check = validator(kind);
  if (check(credential)) return [];
  return (check.errors ?? []).map((e) => {
    const wanted = e.keyword === 'type' ? ([] as unknown[]).concat((e.params as { type?: unknown }).type) : [];
    return { path: e.instancePath || '(root)', message: e.message ?? e.keyword, wantsArray: wanted.includes('array') };
  });
}
