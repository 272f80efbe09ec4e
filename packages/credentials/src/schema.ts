// Validates a credential against the strict OB 3.0 AchievementCredential (or EndorsementCredential)
// JSON Schema (draft 2019-09). Each validator is compiled on first use, once per process.
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import achievementCredentialSchema from '../schemas/ob_v3p0_achievementcredential_schema.json' with { type: 'json' };
import endorsementCredentialSchema from '../schemas/ob_v3p0_endorsementcredential_schema.json' with { type: 'json' };

export type SchemaError = { path: string; message: string };
export type SchemaResult = { ok: boolean; errors: SchemaError[] };
/** Which OB 3.0 credential schema: badges (OpenBadgeCredential/AchievementCredential) or endorsements. */
export type CredentialSchemaKind = 'AchievementCredential' | 'EndorsementCredential';

// ajv-formats is CommonJS: under NodeNext its default import is the module object in types only.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => Ajv2019;

/** The achievement types the OB 3.0 vocabulary names; anything else must be an `ext:` term. */
export const ACHIEVEMENT_TYPES: readonly string[] =
  achievementCredentialSchema.$defs.Achievement.properties.achievementType.oneOf[0]?.enum ?? [];

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

export function validateCredentialSchema(credential: unknown, kind: CredentialSchemaKind = 'AchievementCredential'): SchemaResult {
  // VC 2.0 lets a credential carry several status entries (revocation and suspension); the OB 3.0
  // schema was written for one. Each entry is held to the schema's CredentialStatus instead.
  const status = (credential as { credentialStatus?: unknown } | null)?.credentialStatus;
  if (Array.isArray(status) && status.length > 0) {
    const results = status.map((entry, i) => {
      const { errors } = validateOne({ ...(credential as object), credentialStatus: entry }, kind);
      return errors.map((e) => ({ ...e, path: e.path.replace(/^\/credentialStatus/, `/credentialStatus/${i}`) }));
    });
    const errors = [...new Map(results.flat().map((e) => [`${e.path} ${e.message}`, e])).values()];
    return { ok: errors.length === 0, errors };
  }
  return validateOne(credential, kind);
}

function validateOne(credential: unknown, kind: CredentialSchemaKind): SchemaResult {
  const check = validator(kind);
  if (check(credential)) return { ok: true, errors: [] };
  const errors = (check.errors ?? []).map((e) => ({
    path: e.instancePath || '(root)',
    message: e.message ?? e.keyword,
  }));
  return { ok: false, errors };
}
