import { describe, expect, it } from 'vitest';
import achievementCredentialSchema from '../schemas/ob_v3p0_achievementcredential_schema.json' with { type: 'json' };
import { ACHIEVEMENT_TYPES } from './achievement-types.ts';
import { judgeCredentialSchema, validateCredentialSchema } from './schema.ts';
import { readFixture } from './test-helpers.ts';

describe('validateCredentialSchema', () => {
  it('accepts the 1EdTech simple credential', () => {
    expect(validateCredentialSchema(readFixture('1edtech-validator/simple.json'))).toEqual({ ok: true, errors: [] });
  });

  it('names the proof as the problem when it is a lone object instead of an array', () => {
    // Act
    const result = validateCredentialSchema(readFixture('1edtech-validator/simple-did-web-method.json'));

    // Assess
    expect(result).toEqual({ ok: false, errors: [{ path: '/proof', message: 'must be array' }] });
  });

  it('names a missing required property at the root', () => {
    // Prepare
    const { validFrom: _, ...credential } = readFixture('1edtech-validator/simple.json');

    // Act
    const result = validateCredentialSchema(credential);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.errors).toContainEqual({ path: '(root)', message: "must have required property 'validFrom'" });
  });
});

describe('judgeCredentialSchema: as the 1EdTech validator decides', () => {
  type Proof = Record<string, unknown>;
  type Credential = Record<string, unknown> & { credentialSubject: Record<string, unknown>; proof: Proof[] | Proof };
  const simple = () => readFixture<Credential>('1edtech-validator/simple.json');
  const firstProof = (credential: Credential) => (credential.proof as Proof[])[0]!;

  it('finds nothing to say about a strictly valid credential', () => {
    expect(judgeCredentialSchema(simple())).toEqual({ errors: [], warnings: [] });
  });

  it('makes a lone proof object a warning, not an error', () => {
    // Act
    const result = judgeCredentialSchema(readFixture('1edtech-validator/simple-did-web-method.json'));

    // Assess
    expect(result).toEqual({ errors: [], warnings: [{ path: '/proof', message: 'must be array' }] });
  });

  it('accepts single values nested in single values (JSON-LD reads them as one-element arrays)', () => {
    // Prepare: identifier and proof both written as their only element
    const credential = simple();
    credential.credentialSubject.identifier = { type: 'IdentityObject', identityHash: 'a@example.org', identityType: 'emailAddress', hashed: false };
    credential.proof = firstProof(credential);

    // Act
    const result = judgeCredentialSchema(credential);

    // Assess
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        { path: '/proof', message: 'must be array' },
        { path: '/credentialSubject/identifier', message: 'must be array' },
      ]),
    );
  });

  it('keeps every deviation an error when another remains, naming the others first', () => {
    // Prepare
    const credential = simple();
    credential.proof = firstProof(credential);
    delete credential.credentialSubject.achievement;

    // Act
    const result = judgeCredentialSchema(credential);

    // Assess
    expect(result).toEqual({
      errors: [
        { path: '/credentialSubject', message: "must have required property 'achievement'" },
        { path: '/proof', message: 'must be array' },
      ],
      warnings: [],
    });
  });

  it('does not excuse a single value whose content is itself invalid', () => {
    // Prepare: the lone proof lacks its required type
    const credential = simple();
    const { type: _, ...proof } = firstProof(credential);
    credential.proof = proof;

    // Act
    const result = judgeCredentialSchema(credential);

    // Assess
    expect(result.warnings).toEqual([]);
    expect(result.errors).toContainEqual({ path: '/proof', message: 'must be array' });
  });

  it('leaves the strict check strict (what release-credential applies before and after signing)', () => {
    expect(validateCredentialSchema(readFixture('1edtech-validator/simple-did-web-method.json')).ok).toBe(false);
  });
});

describe('ACHIEVEMENT_TYPES', () => {
  it('is exactly the achievementType enum of the bundled OB 3.0 schema, in its order', () => {
    const enumOf = achievementCredentialSchema.$defs.Achievement.properties.achievementType.oneOf[0]?.enum;
    expect(ACHIEVEMENT_TYPES).toEqual(enumOf);
  });
});
