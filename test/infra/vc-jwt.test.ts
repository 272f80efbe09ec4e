// The stage option `vcJwt`: with it on, a KMS RSA_2048 key that only release-credential is told
// about and may sign with (RS256 over a digest, as kms-rsa-signer.ts does); with it off, none of that.
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, type FunctionName } from '../../functions/catalog.ts';
import { ENV } from '@tessera/core';
import { StageConfigError, parseStageConfig } from '../../infra/config/schema.ts';
import { EXAMPLE_STAGE, actionsOf, exampleConfig, logicalIdByPath, resourcesOf, statementsOfRole, synthStage } from './support.ts';

type Synthesized = ReturnType<typeof synthStage>;

const functionOf = (s: Synthesized, name: FunctionName) => resourcesOf(s.app, 'AWS::Lambda::Function')[logicalIdByPath(s.app, 'AWS::Lambda::Function', `/Fn-${name}/Function/`)]!;
const statementsOf = (s: Synthesized, name: FunctionName) => statementsOfRole(s.app, functionOf(s, name).Properties.Role['Fn::GetAtt'][0] as string);
const keysOf = (s: Synthesized) => resourcesOf(s.data, 'AWS::KMS::Key');
const rsaKeyIds = (s: Synthesized) => Object.entries(keysOf(s)).filter(([, k]) => k.Properties.KeySpec === 'RSA_2048').map(([id]) => id);
/** Whether a template fragment names the Data stack resource (cross-stack values are imports named after it). */
const names = (fragment: unknown, logicalId: string) => JSON.stringify(fragment).includes(logicalId);

describe('vcJwt stage option', () => {
  it('is off by default', () => {
    expect(parseStageConfig('test', EXAMPLE_STAGE)).toMatchObject({ vcJwt: false, vcJwtKeyGeneration: 1 });
  });

  it('refuses a VC-JWT key generation without vcJwt (a rotation that would do nothing)', () => {
    // Act
    const attempt = () => parseStageConfig('test', { ...EXAMPLE_STAGE, vcJwtKeyGeneration: 2 });

    // Assess
    expect(attempt).toThrow(StageConfigError);
    expect(attempt).toThrow('vcJwtKeyGeneration: only applies with vcJwt: true');
  });
});

describe('vcJwt off', () => {
  let off: Synthesized;
  beforeAll(() => {
    off = synthStage();
  });

  it('creates no RSA key: the Ed25519 key is the only key', () => {
    // Act
    const specs = Object.values(keysOf(off)).map((k) => k.Properties.KeySpec);

    // Assess
    expect(specs).toEqual(['ECC_NIST_EDWARDS25519']);
  });

  it.each(FUNCTION_NAMES)('tells %s no RSA key id', (name) => {
    expect(functionOf(off, name).Properties.Environment.Variables).not.toHaveProperty(ENV.kmsRsaKeyId);
  });

  it('grants no RSA signing anywhere (every kms:Sign is Ed25519 over raw messages)', () => {
    // Act
    const signs = FUNCTION_NAMES.flatMap((name) => statementsOf(off, name)).filter((s) => actionsOf(s).includes('kms:Sign'));

    // Assess
    expect(signs.length).toBeGreaterThan(0);
    for (const sign of signs) expect(sign.Condition).toEqual({ StringEquals: { 'kms:SigningAlgorithm': 'ED25519_SHA_512', 'kms:MessageType': 'RAW' } });
    expect(JSON.stringify(off.app.toJSON())).not.toContain('JwtSigningKey');
  });
});

describe('vcJwt on', () => {
  let on: Synthesized;
  let rsaKeyId: string;
  beforeAll(() => {
    on = synthStage(exampleConfig({ vcJwt: true }));
    [rsaKeyId] = rsaKeyIds(on) as [string];
  });

  it('adds one RSA_2048 signing key (spec AND usage), retained, with the longest deletion window', () => {
    // Act
    const key = keysOf(on)[rsaKeyId]!;

    // Assess
    expect(rsaKeyIds(on)).toHaveLength(1);
    expect(key.Properties).toMatchObject({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', PendingWindowInDays: 30, EnableKeyRotation: false });
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.UpdateReplacePolicy).toBe('Retain');
  });

  it('names it with a stage-scoped alias, and leaves the Ed25519 key as it was', () => {
    // Prepare
    const offKeys = synthStage().data.toJSON().Resources;

    // Act
    const aliases = Object.values(resourcesOf(on.data, 'AWS::KMS::Alias')).map((a) => a.Properties.AliasName).sort();
    const ed25519 = Object.entries(keysOf(on)).filter(([id]) => id !== rsaKeyId);

    // Assess: turning VC-JWT on must not replace or touch the key that signed everything so far.
    expect(aliases).toEqual(['alias/tessera/test/issuer-jwt-signing', 'alias/tessera/test/issuer-signing']);
    expect(ed25519).toHaveLength(1);
    expect(ed25519[0]![1]).toEqual(offKeys[ed25519[0]![0]]);
  });

  it('tells release-credential and the reconciler (it releases approved submissions) the RSA key, and no other function', () => {
    // Act
    const told = FUNCTION_NAMES.filter((name) => ENV.kmsRsaKeyId in functionOf(on, name).Properties.Environment.Variables);
    const value = functionOf(on, 'release-credential').Properties.Environment.Variables[ENV.kmsRsaKeyId];

    // Assess
    expect(told).toEqual(['release-credential', 'reconcile']);
    expect(value).toEqual({ 'Fn::ImportValue': expect.stringContaining(rsaKeyId) });
    expect(names(value, `${rsaKeyId}Arn`)).toBe(true);
  });

  it('lets release-credential sign with it only as RS256 over a SHA-256 digest, and read its public key', () => {
    // Act
    const onRsa = statementsOf(on, 'release-credential').filter((s) => names(s.Resource, rsaKeyId));

    // Assess: exactly two statements, one key each, nothing broader than the adapter's own request.
    expect(onRsa.map((s) => ({ actions: actionsOf(s), condition: s.Condition, keys: [s.Resource].flat().length }))).toEqual([
      { actions: ['kms:Sign'], condition: { StringEquals: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' } }, keys: 1 },
      { actions: ['kms:GetPublicKey'], condition: undefined, keys: 1 },
    ]);
  });

  it('keeps release-credential on the Ed25519 key exactly as before (Ed25519, raw messages)', () => {
    // Act
    const ed25519Sign = statementsOf(on, 'release-credential').filter((s) => actionsOf(s).includes('kms:Sign') && !names(s.Resource, rsaKeyId));

    // Assess
    expect(ed25519Sign).toHaveLength(1);
    expect(ed25519Sign[0]!.Condition).toEqual({ StringEquals: { 'kms:SigningAlgorithm': 'ED25519_SHA_512', 'kms:MessageType': 'RAW' } });
  });

  it('lets no function but release-credential and the reconciler use the RSA key (admin re-signs status lists with Ed25519 only)', () => {
    // Act
    const holders = FUNCTION_NAMES.filter((name) => statementsOf(on, name).some((s) => names(s.Resource, rsaKeyId)));

    // Assess
    expect(holders).toEqual(['release-credential', 'reconcile']);
    const adminKms = statementsOf(on, 'admin').filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    expect(adminKms.map((s) => s.Condition ?? null)).toEqual([{ StringEquals: { 'kms:SigningAlgorithm': 'ED25519_SHA_512', 'kms:MessageType': 'RAW' } }, null]);
  });

  it('grants the same actions as with it off: only the key and the conditions change', () => {
    // Prepare
    const off = synthStage();

    // Act
    const actions = (s: Synthesized) => FUNCTION_NAMES.map((name) => [name, [...new Set(statementsOf(s, name).flatMap(actionsOf))].sort()]);

    // Assess
    expect(actions(on)).toEqual(actions(off));
  });

  it('rotates like the Ed25519 key: a second RSA key, the first kept and exported, release signs with the new one only', () => {
    // Act
    const rotated = synthStage(exampleConfig({ vcJwt: true, vcJwtKeyGeneration: 2 }));

    // Assess
    const rsa = rsaKeyIds(rotated);
    expect(rsa).toHaveLength(2);
    expect(rsa).toContain(rsaKeyId);
    const newKeyId = rsa.find((id) => id !== rsaKeyId)!;
    expect(keysOf(rotated)[newKeyId]).toMatchObject({ DeletionPolicy: 'Retain', Properties: { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' } });
    const aliases = Object.values(resourcesOf(rotated.data, 'AWS::KMS::Alias')).map((a) => a.Properties.AliasName);
    expect(aliases).toEqual(expect.arrayContaining(['alias/tessera/test/issuer-jwt-signing', 'alias/tessera/test/issuer-jwt-signing-2']));

    const app = JSON.stringify(rotated.app.toJSON());
    expect(app).toContain(newKeyId);
    expect(app).not.toContain(rsaKeyId);
    const exports = Object.values(rotated.data.toJSON().Outputs as Record<string, { Export?: { Name: string } }>).map((o) => o.Export?.Name ?? '');
    expect(exports.some((name) => name.includes(rsaKeyId))).toBe(true);
  });
});
