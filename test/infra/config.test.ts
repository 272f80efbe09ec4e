// Stage configuration: a wrong value must stop synthesis with a message naming the field.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StageConfigError, parseStageConfig, selectStage } from '../../infra/config/schema.ts';
import { loadStages } from '../../infra/config/stages.ts';
import { EXAMPLE_STAGE } from './support.ts';

const REPO = path.resolve(import.meta.dirname, '../..');

describe('stage configuration', () => {
  it('ships dev.json with its required values blank, and names each one still to fill in', () => {
    // Prepare
    const stages = loadStages();

    // Act
    const attempt = () => selectStage(stages, 'dev');

    // Assess: every required value, with what it is and the file to edit; not a raw type error.
    expect(Object.keys(stages)).toEqual(['dev']);
    expect(attempt).toThrow(StageConfigError);
    for (const field of ['region', 'mail.from', 'adminEmail', 'alarmEmail']) expect(attempt).toThrow(new RegExp(`- ${field.replace('.', '\\.')}: missing: fill it in \\(`));
    expect(attempt).toThrow('Edit infra/config/stages/dev.json');
    expect(attempt).not.toThrow(/expected string/);
    expect(attempt).not.toThrow(/- account:/); // optional: the account of the deploying credentials
  });

  it('accepts dev.json once those values are filled in, and fills in the defaults', () => {
    // Prepare
    const dev = loadStages().dev as Record<string, any>;
    const filled = { ...dev, region: 'eu-west-1', mail: { ...dev.mail, from: 'badges@example.edu' }, adminEmail: 'me@example.edu', alarmEmail: 'ops@example.edu' };

    // Act
    const parsed = selectStage({ dev: filled }, 'dev');

    // Assess
    expect(parsed.mail.identity).toBe('address');
    expect(parsed.apiThrottle).toEqual({ rateLimit: 50, burstLimit: 100 });
    expect(parsed.verifyReservedConcurrency).toBe(10);
    expect(parsed.apiGatewayCloudWatchRole).toBe(true);
    expect(parsed.publicDomain).toBeUndefined();
  });

  it('reads every stage file in a directory, and names a file that is not JSON', () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-stages-'));
    writeFileSync(path.join(dir, 'qa.json'), JSON.stringify(EXAMPLE_STAGE));
    writeFileSync(path.join(dir, 'notes.txt'), 'ignored');

    // Act
    const stages = loadStages(dir);
    writeFileSync(path.join(dir, 'broken.json'), '{ "region": ');

    // Assess
    expect(Object.keys(stages)).toEqual(['qa']);
    expect(selectStage(stages, 'qa').region).toBe('eu-west-1');
    expect(() => loadStages(dir)).toThrow('infra/config/stages/broken.json is not valid JSON');
  });

  it.each([
    ['a sender that is not an address', { mail: { from: 'badges-at-example.edu' } }, 'mail.from: must be an email address'],
    ['a missing alarm email', { alarmEmail: undefined }, 'alarmEmail'],
    [
      'a certificate outside us-east-1',
      { publicDomain: { domainName: 'badges.example.edu', certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/0b5e7f9a-3c1d-4e2f-8a6b-9c0d1e2f3a4b' } },
      'publicDomain.certificateArn: must be the ARN of an ACM certificate in us-east-1',
    ],
    [
      'a domain with a scheme',
      { publicDomain: { domainName: 'https://badges.example.edu', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0b5e7f9a-3c1d-4e2f-8a6b-9c0d1e2f3a4b' } },
      'publicDomain.domainName: must be a lower-case host name',
    ],
    ['a log retention CloudWatch does not offer', { logRetentionDays: 45 }, 'logRetentionDays: must be one of 1, 3, 5'],
    ['a review timeout beyond 24 days', { reviewTimeoutDays: 30 }, 'reviewTimeoutDays'],
    ['an account id that is not 12 digits', { account: '12345' }, 'account: must be a 12-digit AWS account id'],
    ['a misspelt key', { alarmEmial: 'ops@example.edu' }, 'alarmEmial'],
    [
      'the sender among the sandbox recipients',
      { mail: { from: 'badges@example.edu', identity: 'address', sandboxRecipients: ['badges@example.edu'] } },
      'mail.sandboxRecipients.0: badges@example.edu is the sender',
    ],
    ['a reserved concurrency of 0 (which would refuse every request)', { verifyReservedConcurrency: 0 }, 'verifyReservedConcurrency'],
    ['a reviewer who is also the admin', { reviewerEmails: ['credentials-admin@example.edu'] }, 'reviewerEmails.0: credentials-admin@example.edu is listed twice'],
  ])('refuses %s, naming the field', (_, overrides, message) => {
    // Prepare
    const input = { ...EXAMPLE_STAGE, ...overrides };

    // Act
    const attempt = () => parseStageConfig('test', input);

    // Assess
    expect(attempt).toThrow(StageConfigError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow("invalid configuration for stage 'test'");
  });

  it('lists every problem at once, not only the first', () => {
    // Prepare
    const input = { ...EXAMPLE_STAGE, adminEmail: 'nobody', alarmEmail: 'nobody' };

    // Act
    const attempt = () => parseStageConfig('test', input);

    // Assess
    expect(attempt).toThrow(/adminEmail: must be an email address[\s\S]*alarmEmail: must be an email address/);
  });

  it('says how to pick a stage when none or an unknown one is given', () => {
    const stages = { dev: EXAMPLE_STAGE, prod: EXAMPLE_STAGE };
    expect(() => selectStage(stages, undefined)).toThrow('no stage selected: pass -c stage=<name> (known stages: dev, prod)');
    expect(() => selectStage(stages, 'staging')).toThrow("unknown stage 'staging' (known stages: dev, prod); add infra/config/stages/staging.json (copy dev.json)");
  });

  it('refuses a stage name that cannot prefix stack names', () => {
    expect(() => parseStageConfig('Prod_1', EXAMPLE_STAGE)).toThrow("stage name 'Prod_1' must be 1-20 lower-case letters");
  });

  /** Runs the CDK app as `cdk synth -c stage=<stage>` would (the CLI hands context to the app through CDK_CONTEXT_JSON). */
  const synthStage = (stage: string) =>
    spawnSync(path.join(REPO, 'node_modules/.bin/tsx'), ['infra/bin/app.ts'], {
      cwd: REPO,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ stage }), CDK_OUTDIR: mkdtempSync(path.join(tmpdir(), 'tessera-cdk-')) },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('stops `cdk synth` of the shipped dev stage with exit code 1, naming each value to fill in', () => {
    // Act
    const run = synthStage('dev');

    // Assess
    expect(run.status).toBe(1);
    for (const field of ['region', 'mail.from', 'adminEmail', 'alarmEmail']) expect(run.stderr).toContain(`- ${field}: missing: fill it in`);
    expect(run.stderr).toContain('Edit infra/config/stages/dev.json');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops `cdk synth` with the message and exit code 1 when the stage is unknown', () => {
    // Act
    const run = synthStage('staging');

    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("unknown stage 'staging' (known stages: dev)");
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});
