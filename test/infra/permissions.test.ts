// Least privilege, read from the synthesized template (not from permissions.ts, which is what is
// under test): each function may make exactly the AWS calls its code path makes.
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, type FunctionName } from '../../functions/catalog.ts';
import { actionsOf, logicalIdByPath, resourcesOf, statementsOfRole, synthStage } from './support.ts';

let app: ReturnType<typeof synthStage>['app'];
beforeAll(() => {
  ({ app } = synthStage());
});

/** Written out by hand from functions/** and packages/store: if the code needs more, this fails first. */
const EXPECTED_ACTIONS: Record<FunctionName, string[]> = {
  'webhook-intake': ['dynamodb:GetItem', 'dynamodb:PutItem', 'states:StartExecution'],
  review: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'states:SendTaskFailure', 'states:SendTaskSuccess'],
  verify: [],
  // Revoke/suspend/unsuspend: the status change (TransactWrite of two Updates), then the list re-signed
  // (its key recorded once per process: a conditional Put; did.json with the key history: a Query) and republished.
  admin: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'kms:GetPublicKey', 'kms:Sign', 's3:PutObject'],
  'check-evidence': ['dynamodb:GetItem'],
  'request-review': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'ses:SendEmail'],
  'record-outcome': ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'ses:SendEmail'],
  'release-credential': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'kms:GetPublicKey', 'kms:Sign', 's3:PutObject'],
  'notify-earner': ['dynamodb:GetItem', 'ses:SendEmail'],
};

/** Granted to every function by AppFunction: its own logs and X-Ray segments. */
const BASELINE = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

function statementsOf(name: FunctionName) {
  const fnId = logicalIdByPath(app, 'AWS::Lambda::Function', `/Fn-${name}/Function/`);
  const roleId = resourcesOf(app, 'AWS::Lambda::Function')[fnId]!.Properties.Role['Fn::GetAtt'][0] as string;
  return statementsOfRole(app, roleId);
}

describe('function permissions', () => {
  it.each(FUNCTION_NAMES)('%s may make exactly the calls its code makes', (name) => {
    // Act
    const actions = new Set(statementsOf(name).flatMap(actionsOf));

    // Assess
    expect([...actions].filter((a) => !BASELINE.includes(a)).sort()).toEqual(EXPECTED_ACTIONS[name]);
  });

  // Release signs credentials and their status lists; admin re-signs a status list after each
  // revocation or suspension (a list is a signed credential, and only the issuer key may sign it).
  it('lets only release-credential and admin sign and publish, only review complete a review, only intake start a workflow', () => {
    // Act
    const holders = (action: string) => FUNCTION_NAMES.filter((name) => statementsOf(name).some((s) => actionsOf(s).includes(action)));

    // Assess
    expect(holders('kms:Sign')).toEqual(['admin', 'release-credential']);
    expect(holders('kms:GetPublicKey')).toEqual(['admin', 'release-credential']);
    expect(holders('states:SendTaskSuccess')).toEqual(['review']);
    expect(holders('states:SendTaskFailure')).toEqual(['review']);
    expect(holders('states:StartExecution')).toEqual(['webhook-intake']);
    expect(holders('s3:PutObject')).toEqual(['admin', 'release-credential']);
    expect(holders('dynamodb:Query')).toEqual(['admin', 'release-credential']);
  });

  it('grants no wildcard action anywhere in the application stack', () => {
    // Act
    const actions = Object.values(resourcesOf(app, 'AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap(actionsOf));

    // Assess
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a === '*' || a.endsWith(':*') || a.includes('*'))).toEqual([]);
  });

  it.each(['release-credential', 'admin'] as const)('%s signs only with the issuer key, only Ed25519 over raw messages', (name) => {
    // Act
    const signing = statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    const sign = signing.find((s) => actionsOf(s).includes('kms:Sign'))!;

    // Assess
    expect(signing.flatMap((s) => [s.Resource].flat()).every((r) => /SigningKey/.test(JSON.stringify(r)))).toBe(true);
    expect(actionsOf(sign)).toEqual(['kms:Sign']);
    expect(sign.Condition).toEqual({ StringEquals: { 'kms:SigningAlgorithm': 'ED25519_SHA_512', 'kms:MessageType': 'RAW' } });
  });

  const publicKey = (suffix: string) => JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'Tessera-test-Data-PublicSiteBucketArn' }, suffix]] });
  const putKeys = (name: FunctionName) =>
    statementsOf(name)
      .filter((s) => actionsOf(s).includes('s3:PutObject'))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r))
      .sort();

  it('lets release write only credentials (with their baked images), status lists and did.json to the public bucket', () => {
    // Assess: on the public bucket's exported ARN, three key patterns and nothing broader.
    expect(putKeys('release-credential')).toEqual([publicKey('/.well-known/did.json'), publicKey('/credentials/*'), publicKey('/status/*')].sort());
  });

  it('lets admin write status lists and did.json (it may be first to sign after a rotation), never a credential', () => {
    expect(putKeys('admin')).toEqual([publicKey('/.well-known/did.json'), publicKey('/status/*')].sort());
  });

  it('sends mail only from the configured sender identity', () => {
    for (const name of ['request-review', 'record-outcome', 'notify-earner'] as const) {
      // Act
      const send = statementsOf(name).find((s) => actionsOf(s).includes('ses:SendEmail'))!;

      // Assess
      expect(send.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'badges@example.edu' } });
      expect(JSON.stringify(send.Resource)).toMatch(/Mail/);
    }
  });

  it('scopes table access to the table itself (no index, no other table)', () => {
    // Act
    const tableResources = FUNCTION_NAMES.flatMap((name) => statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:'))))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r));

    // Assess
    expect(new Set(tableResources).size).toBe(1);
    expect(tableResources[0]).toMatch(/IssuanceTable/);
    expect(tableResources[0]).not.toContain('index');
  });
});

describe('workflow role', () => {
  it('may invoke exactly the five step functions, unqualified', () => {
    // Prepare
    const stateMachine = Object.values(resourcesOf(app, 'AWS::StepFunctions::StateMachine'))[0]!;
    const roleId = stateMachine.Properties.RoleArn['Fn::GetAtt'][0] as string;
    const stepIds = ['check-evidence', 'request-review', 'record-outcome', 'release-credential', 'notify-earner'].map((name) =>
      logicalIdByPath(app, 'AWS::Lambda::Function', `/Fn-${name}/Function/`),
    );

    // Act
    const invoke = statementsOfRole(app, roleId).filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));

    // Assess
    expect(invoke).toHaveLength(1);
    expect(invoke[0]!.Resource).toEqual(expect.arrayContaining(stepIds.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }))));
    expect(invoke[0]!.Resource).toHaveLength(stepIds.length);
  });
});
