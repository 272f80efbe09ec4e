// The configuration a function reads on AWS (as the stateless stack sets it), for tests that run
// handlers or core functions over the AWS adapters: one place, so a new required variable is added once.
import { loadConfig, type Config } from '@tessera/core';

export const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:111122223333:stateMachine:tessera-issuance';

/** The variables of an AWS deployment (admin API behind Cognito). */
export const AWS_ENVIRONMENT: Readonly<Record<string, string>> = {
  TESSERA_TABLE_NAME: 'tessera',
  TESSERA_PUBLIC_BASE_URL: 'https://badges.example.edu',
  TESSERA_ADMIN_EMAIL: 'admin@example.edu',
  TESSERA_MAIL_FROM: 'badges@example.edu',
  TESSERA_SIGNER: 'kms',
  TESSERA_KMS_KEY_ID: 'alias/tessera',
  TESSERA_MAILER: 'ses',
  TESSERA_PUBLIC_SITE: 's3',
  TESSERA_PUBLIC_BUCKET: 'tessera-public',
  TESSERA_WORKFLOW: 'sfn',
  TESSERA_ADMIN_AUTH: 'cognito',
  TESSERA_STATE_MACHINE_ARN: STATE_MACHINE_ARN,
};

/** The configuration those variables make; `overrides` replaces or adds any of them. */
export function awsConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...AWS_ENVIRONMENT, ...overrides });
}
