// AppFunction and the functions built from FUNCTION_NAMES: runtime, architecture, logs and
// the configuration every cold start validates.
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, FUNCTION_NAMES } from '../../functions/catalog.ts';
import { ENV } from '@tessera/core';
import { COGNITO_ENV } from '../../functions/console/cognito.ts';
import { exampleConfig, logicalIdByPath, resourcesOf, statementsOfRole, synthStage } from './support.ts';
import { App, Stack } from 'aws-cdk-lib';
import { AppFunction } from '../../infra/lib/constructs/app-function.ts';

let app: ReturnType<typeof synthStage>['app'];
beforeAll(() => {
  ({ app } = synthStage());
});

const functionOf = (name: string) => resourcesOf(app, 'AWS::Lambda::Function')[logicalIdByPath(app, 'AWS::Lambda::Function', `/Fn-${name}/Function/`)]!;

describe('AppFunction defaults', () => {
  it('creates one function per FUNCTION_NAMES entry and no other', () => {
    expect(Object.keys(resourcesOf(app, 'AWS::Lambda::Function'))).toHaveLength(FUNCTION_NAMES.length);
  });

  it.each(FUNCTION_NAMES)('%s runs Node.js 24 on ARM64 with an ESM handler, traced', (name) => {
    // Act
    const fn = functionOf(name);

    // Assess
    expect(fn.Properties.Runtime).toBe('nodejs24.x');
    expect(fn.Properties.Architectures).toEqual(['arm64']);
    expect(fn.Properties.Handler).toBe('index.handler');
    expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it.each(FUNCTION_NAMES)('%s logs to its own log group, kept for the configured retention', (name) => {
    // Act
    const fn = functionOf(name);
    const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;

    // Assess
    expect(resourcesOf(app, 'AWS::Logs::LogGroup')[logGroupId]!.Properties.RetentionInDays).toBe(90);
  });

  it.each(FUNCTION_NAMES)('%s may write only to its own log group, and has no AWS managed policy', (name) => {
    // Prepare
    const fn = functionOf(name);
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;

    // Act
    const role = resourcesOf(app, 'AWS::IAM::Role')[roleId]!;
    const logStatements = statementsOfRole(app, roleId).filter((s) => [s.Action].flat().some((a) => a.startsWith('logs:')));

    // Assess
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(logStatements).toEqual([expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } })]);
  });

  it('refuses an entry outside functions/<name>/handler.ts', () => {
    // Prepare
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S');

    // Act
    const attempt = () => new AppFunction(stack, 'F', { entry: 'functions/../infra/bin/app.ts' });

    // Assess
    expect(attempt).toThrow("AppFunction entry 'functions/../infra/bin/app.ts' must be functions/<name>/handler.ts");
  });

  it('refuses a memory size Lambda would reject at deploy time', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S');
    expect(() => new AppFunction(stack, 'F', { entry: 'functions/verify/handler.ts', memorySize: 64 })).toThrow(
      'AppFunction memorySize 64 must be a whole number of MB from 128 to 10240',
    );
  });
});

describe('function records', () => {
  const fnOf = (template: typeof app, name: string) =>
    resourcesOf(template, 'AWS::Lambda::Function')[logicalIdByPath(template, 'AWS::Lambda::Function', `/Fn-${name}/Function/`)]!.Properties;

  it.each(FUNCTION_NAMES)('%s gets the memory, timeout and description of its record', (name) => {
    // Act
    const fn = fnOf(app, name);

    // Assess
    expect(fn.MemorySize).toBe(FUNCTIONS[name].memoryMb ?? 512);
    expect(fn.Timeout).toBe(FUNCTIONS[name].timeoutSeconds ?? 10);
    expect(fn.Description).toBe(FUNCTIONS[name].description);
  });

  it("reserves concurrency for verify only (a /verify flood cannot take the workflow's instances), as the stage says", () => {
    // Act
    const reserved = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, fnOf(app, name).ReservedConcurrentExecutions]).filter(([, n]) => n !== undefined));
    const tuned = fnOf(synthStage(exampleConfig({ verifyReservedConcurrency: 3 })).app, 'verify').ReservedConcurrentExecutions;
    const none = fnOf(synthStage(exampleConfig({ verifyReservedConcurrency: null })).app, 'verify').ReservedConcurrentExecutions;

    // Assess
    expect(reserved).toEqual({ verify: 10 });
    expect(tuned).toBe(3);
    expect(none).toBeUndefined();
  });
});

describe('function configuration', () => {
  it.each(FUNCTION_NAMES)('%s gets the whole AWS configuration under the ENV names, and no admin token', (name) => {
    // Act
    const variables = functionOf(name).Properties.Environment.Variables as Record<string, unknown>;

    // Assess
    expect(variables).toMatchObject({
      [ENV.signer]: 'kms',
      [ENV.mailer]: 'ses',
      [ENV.publicSite]: 's3',
      [ENV.workflow]: 'sfn',
      [ENV.adminEmail]: 'credentials-admin@example.edu',
      [ENV.mailFrom]: 'badges@example.edu',
      [ENV.reviewTimeoutSeconds]: String(5 * 86_400),
      [ENV.statusSuspension]: 'off',
    });
    for (const key of [ENV.tableName, ENV.kmsKeyId, ENV.publicBucket, ENV.stateMachineArn, ENV.publicBaseUrl]) expect(variables[key]).toBeDefined();
    // On AWS the Cognito authorizer guards the admin API; a token here would open a second door.
    expect(variables).not.toHaveProperty(ENV.adminToken);
    expect(variables).not.toHaveProperty(ENV.dynamodbEndpoint);
    // Besides ENV, only the console is told its Cognito sign-in (functions/console/cognito.ts).
    const own = name === 'console' ? Object.values(COGNITO_ENV) : [];
    expect(Object.keys(variables).filter((k) => k.startsWith('TESSERA_') && !Object.values(ENV).includes(k as never) && !own.includes(k as never))).toEqual([]);
  });

  it('tells the console its Cognito hosted UI, app client (code flow, no secret, the /console/callback URI) and issuer', () => {
    // Act
    const variables = functionOf('console').Properties.Environment.Variables as Record<string, unknown>;
    const clients = Object.values(resourcesOf(app, 'AWS::Cognito::UserPoolClient')).map((c) => c.Properties);
    const consoleClient = clients.find((c) => JSON.stringify(c.CallbackURLs ?? []).includes('/console/callback'));

    // Assess
    for (const key of Object.values(COGNITO_ENV)) expect(variables[key]).toBeDefined();
    expect(consoleClient).toMatchObject({ AllowedOAuthFlows: ['code'], GenerateSecret: false, AllowedOAuthScopes: ['openid', 'email'] });
    expect(JSON.stringify(consoleClient!.CallbackURLs)).toContain('/console/callback');
    expect(Object.keys(resourcesOf(app, 'AWS::Cognito::UserPoolDomain'))).toHaveLength(1);
  });

  it('points the public base URL at the CloudFront distribution when there is no custom domain', () => {
    // Prepare
    const distributionId = logicalIdByPath(app, 'AWS::CloudFront::Distribution', '/PublicSite/Distribution/');

    // Act
    const url = functionOf('request-review').Properties.Environment.Variables[ENV.publicBaseUrl];

    // Assess
    expect(url).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] });
  });

  it('points the public base URL at the custom domain when one is configured', () => {
    // Prepare
    const config = exampleConfig({
      publicDomain: { domainName: 'badges.example.edu', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0b5e7f9a-3c1d-4e2f-8a6b-9c0d1e2f3a4b' },
    });

    // Act
    const { app: withDomain } = synthStage(config);

    // Assess
    for (const fn of Object.values(resourcesOf(withDomain, 'AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables[ENV.publicBaseUrl]).toBe('https://badges.example.edu');
    }
  });

  it('turns suspension status entries on when the stage asks for them', () => {
    // Act
    const { app: withSuspension } = synthStage(exampleConfig({ statusSuspension: true }));

    // Assess
    for (const fn of Object.values(resourcesOf(withSuspension, 'AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables[ENV.statusSuspension]).toBe('on');
    }
  });

  it('tells the functions the ARN of the state machine that is deployed', () => {
    // Prepare
    const stateMachine = Object.values(resourcesOf(app, 'AWS::StepFunctions::StateMachine'))[0]!;

    // Act
    const arn = JSON.stringify(functionOf('webhook-intake').Properties.Environment.Variables[ENV.stateMachineArn]);

    // Assess
    expect(arn).toContain(`:stateMachine:${stateMachine.Properties.StateMachineName}`);
  });
});
