import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.ts';
import { loadConfig } from './config.ts';

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
};

describe('configuration', () => {
  it('reads a complete environment, trimming the public origin and defaulting the review timeout to 7 days', () => {
    const config = loadConfig(local);
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.reviewTimeoutSeconds).toBe(604800);
  });

  it('names each missing variable that the chosen adapters need', () => {
    const attempt = () => loadConfig({ ...local, TESSERA_SIGNER: 'kms', TESSERA_WORKFLOW: 'sfn' });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/TESSERA_KMS_KEY_ID is required.*TESSERA_STATE_MACHINE_ARN is required/);
  });

  it('names a bad value by its variable', () => {
    expect(() => loadConfig({ ...local, TESSERA_ADMIN_EMAIL: 'nobody' })).toThrow(/TESSERA_ADMIN_EMAIL/);
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
});
