import { describe, expect, it } from 'vitest';
import { validateCredentialSchema } from './schema.ts';
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
