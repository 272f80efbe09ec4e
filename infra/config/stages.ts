// The stages this repository deploys. Copy `dev` to add your own (`-c stage=<name>`); the schema
// in schema.ts documents every field and its default.
import type { StageConfigInput } from './schema.ts';

export const STAGES: Record<string, StageConfigInput> = {
  /** A first deployment on the CloudFront domain (no custom domain yet). The account is the one
   *  your AWS credentials point at. */
  dev: {
    region: 'eu-west-1',
    mail: { from: 'badges@example.edu', identity: 'domain' },
    adminEmail: 'credentials-admin@example.edu',
    reviewerEmails: ['qa-reviewer@example.edu'],
    alarmEmail: 'cloud-operations@example.edu',
    logRetentionDays: 30,
    reviewTimeoutDays: 7,
  },
  /** The same institution on its own domain; the certificate lives in us-east-1 for CloudFront. */
  prod: {
    account: '111122223333',
    region: 'eu-west-1',
    publicDomain: {
      domainName: 'badges.example.edu',
      certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0b5e7f9a-3c1d-4e2f-8a6b-9c0d1e2f3a4b',
    },
    mail: { from: 'badges@example.edu', identity: 'domain' },
    adminEmail: 'credentials-admin@example.edu',
    reviewerEmails: ['qa-reviewer@example.edu'],
    alarmEmail: 'cloud-operations@example.edu',
    logRetentionDays: 365,
    reviewTimeoutDays: 14,
    apiThrottle: { rateLimit: 100, burstLimit: 200 },
  },
};
