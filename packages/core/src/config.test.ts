import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { validationDetails } from './test-helpers.ts';

const local = {
  TESSERA_TABLE_NAME: 't',
  TESSERA_PUBLIC_BASE_URL: 'http://localhost:3000/',
  TESSERA_ADMIN_EMAIL: 'admin@example.edu',
  TESSERA_MAIL_FROM: 'badges@example.edu',
  TESSERA_SIGNER: 'local',
  TESSERA_LOCAL_KEY_FILE: '/tmp/k.pem',
  TESSERA_MAILER: 'outbox',
  TESSERA_OUTBOX_FILE: '/tmp/o.jsonl',
  TESSERA_PUBLIC_SITE: 'folder',
  TESSERA_PUBLIC_DIR: '/tmp/p',
  TESSERA_WORKFLOW: 'local',
  TESSERA_ADMIN_AUTH: 'token',
  TESSERA_ADMIN_TOKEN: 'a-local-token-of-24-chars',
};

const aws = {
  TESSERA_TABLE_NAME: 't',
  TESSERA_PUBLIC_BASE_URL: 'https://badges.example.edu',
  TESSERA_ADMIN_EMAIL: 'admin@example.edu',
  TESSERA_MAIL_FROM: 'badges@example.edu',
  TESSERA_SIGNER: 'kms',
  TESSERA_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:111122223333:key/1',
  TESSERA_MAILER: 'ses',
  TESSERA_PUBLIC_SITE: 's3',
  TESSERA_PUBLIC_BUCKET: 'public-bucket',
  TESSERA_WORKFLOW: 'sfn',
  TESSERA_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:111122223333:stateMachine:issuance',
};

/** The `{path, message}` details loadConfig throws for `env`. */
const problems = (env: Record<string, string | undefined>) => validationDetails(() => loadConfig(env));

describe('configuration', () => {
  it('reads a complete environment, trimming the public origin and defaulting the review timeout to 7 days', () => {
    const config = loadConfig(local);
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.reviewTimeoutSeconds).toBe(604800);
  });

  it('gives each adapter exactly the settings of its kind', () => {
    expect(loadConfig(local)).toMatchObject({
      signer: { kind: 'local', keyFile: '/tmp/k.pem' },
      mailer: { kind: 'outbox', file: '/tmp/o.jsonl' },
      publicSite: { kind: 'folder', dir: '/tmp/p' },
      workflow: { kind: 'local' },
      adminAuth: { kind: 'token', token: 'a-local-token-of-24-chars' },
    });
    const config = loadConfig({ ...aws, TESSERA_KMS_RSA_KEY_ID: 'arn:aws:kms:eu-west-1:111122223333:key/2' });
    expect(config.signer).toEqual({ kind: 'kms', keyId: 'arn:aws:kms:eu-west-1:111122223333:key/1', rsaKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/2' });
    expect(config.mailer).toEqual({ kind: 'ses' });
    expect(config.publicSite).toEqual({ kind: 's3', bucket: 'public-bucket' });
    expect(config.workflow).toEqual({ kind: 'sfn', stateMachineArn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:issuance' });
  });

  it('binds a Canvas SQS queue to its source only with both its ARN and the source id', () => {
    const arn = 'arn:aws:sqs:eu-west-1:111122223333:canvas-live-events-tessera-prod';
    expect(loadConfig(aws).canvasQueue).toBeUndefined();
    expect(loadConfig({ ...aws, TESSERA_CANVAS_QUEUE_ARN: arn, TESSERA_CANVAS_QUEUE_SOURCE_ID: 'canvas-main' }).canvasQueue).toEqual({ arn, sourceId: 'canvas-main' });
    expect(problems({ ...aws, TESSERA_CANVAS_QUEUE_ARN: arn })).toEqual([{ path: 'TESSERA_CANVAS_QUEUE_SOURCE_ID', message: 'is required' }]);
  });

  it('guards the admin API with Cognito when nothing else is said', () => {
    expect(loadConfig(aws).adminAuth).toEqual({ kind: 'cognito' });
  });

  it('names each missing variable that the chosen adapters need, all at once', () => {
    const env = { ...aws, TESSERA_KMS_KEY_ID: undefined, TESSERA_PUBLIC_BUCKET: undefined, TESSERA_STATE_MACHINE_ARN: '' };
    expect(problems(env)).toEqual([
      { path: 'TESSERA_KMS_KEY_ID', message: 'is required' },
      { path: 'TESSERA_PUBLIC_BUCKET', message: 'is required' },
      { path: 'TESSERA_STATE_MACHINE_ARN', message: 'is required' },
    ]);
    expect(() => loadConfig(env)).toThrow('invalid configuration: TESSERA_KMS_KEY_ID is required; TESSERA_PUBLIC_BUCKET is required; TESSERA_STATE_MACHINE_ARN is required');
  });

  it('names the local variables that the local kinds need', () => {
    const env = { ...local, TESSERA_LOCAL_KEY_FILE: undefined, TESSERA_OUTBOX_FILE: undefined, TESSERA_PUBLIC_DIR: undefined, TESSERA_ADMIN_TOKEN: undefined };
    expect(problems(env).map((d) => d.path)).toEqual(['TESSERA_LOCAL_KEY_FILE', 'TESSERA_OUTBOX_FILE', 'TESSERA_PUBLIC_DIR', 'TESSERA_ADMIN_TOKEN']);
  });

  it('names a missing or unknown kind with the kinds it could be', () => {
    expect(problems({ ...aws, TESSERA_SIGNER: undefined, TESSERA_MAILER: 'smtp' })).toEqual([
      { path: 'TESSERA_SIGNER', message: 'is required (one of kms, local)' },
      { path: 'TESSERA_MAILER', message: 'must be one of ses, outbox' },
    ]);
  });

  it('refuses a variable set for a kind that was not chosen, such as a token beside Cognito', () => {
    expect(problems({ ...aws, TESSERA_ADMIN_TOKEN: 'a-local-token-of-24-chars', TESSERA_PUBLIC_DIR: '/tmp/p' })).toEqual([
      { path: 'TESSERA_PUBLIC_DIR', message: 'is set, but TESSERA_PUBLIC_SITE=s3 does not read it' },
      { path: 'TESSERA_ADMIN_TOKEN', message: 'is set, but TESSERA_ADMIN_AUTH=cognito does not read it' },
    ]);
  });

  it('refuses a short admin token', () => {
    expect(problems({ ...local, TESSERA_ADMIN_TOKEN: 'short' })).toEqual([{ path: 'TESSERA_ADMIN_TOKEN', message: 'must be at least 16 characters' }]);
  });

  it('names a bad value by its variable', () => {
    expect(problems({ ...local, TESSERA_ADMIN_EMAIL: 'nobody', TESSERA_REVIEW_TIMEOUT_SECONDS: '0' })).toEqual([
      { path: 'TESSERA_ADMIN_EMAIL', message: 'must be an email address' },
      { path: 'TESSERA_REVIEW_TIMEOUT_SECONDS', message: 'must be at least 1 second' },
    ]);
  });
});

describe('configuration: rate limits', () => {
  it('defaults to 60 verifications and 600 webhook requests a minute, and takes 0 to turn one off', () => {
    expect(loadConfig(local)).toMatchObject({ rateLimitVerifyPerMinute: 60, rateLimitWebhookPerMinute: 600 });
    expect(loadConfig({ ...local, TESSERA_RATE_LIMIT_VERIFY_PER_MINUTE: '0', TESSERA_RATE_LIMIT_WEBHOOK_PER_MINUTE: '30' })).toMatchObject({
      rateLimitVerifyPerMinute: 0,
      rateLimitWebhookPerMinute: 30,
    });
  });

  it('names a limit that is not a whole number', () => {
    expect(() => loadConfig({ ...local, TESSERA_RATE_LIMIT_VERIFY_PER_MINUTE: 'lots' })).toThrow(/TESSERA_RATE_LIMIT_VERIFY_PER_MINUTE/);
  });

  it('keys clients by the connecting address unless told cloudfront, and names any other value', () => {
    expect(loadConfig(local).clientAddress).toBe('connection');
    expect(loadConfig({ ...local, TESSERA_CLIENT_ADDRESS: 'cloudfront' }).clientAddress).toBe('cloudfront');
    expect(problems({ ...local, TESSERA_CLIENT_ADDRESS: 'x-forwarded-for' })).toEqual([{ path: 'TESSERA_CLIENT_ADDRESS', message: 'must be connection or cloudfront' }]);
  });
});
