// Configuration, read once from the environment at start-up, validated, then passed in.
// The variable names are shared constants so that infra (which sets them) and the runtime
// (which reads them) cannot drift apart.
import { z } from 'zod';
import { ValidationError, detailsFromZod } from './errors.ts';

export const ENV = {
  tableName: 'TESSERA_TABLE_NAME',
  dynamodbEndpoint: 'TESSERA_DYNAMODB_ENDPOINT',
  publicBaseUrl: 'TESSERA_PUBLIC_BASE_URL',
  adminEmail: 'TESSERA_ADMIN_EMAIL',
  mailFrom: 'TESSERA_MAIL_FROM',
  signer: 'TESSERA_SIGNER',
  kmsKeyId: 'TESSERA_KMS_KEY_ID',
  localKeyFile: 'TESSERA_LOCAL_KEY_FILE',
  kmsRsaKeyId: 'TESSERA_KMS_RSA_KEY_ID',
  localRsaKeyFile: 'TESSERA_LOCAL_RSA_KEY_FILE',
  mailer: 'TESSERA_MAILER',
  outboxFile: 'TESSERA_OUTBOX_FILE',
  publicSite: 'TESSERA_PUBLIC_SITE',
  publicBucket: 'TESSERA_PUBLIC_BUCKET',
  publicDir: 'TESSERA_PUBLIC_DIR',
  workflow: 'TESSERA_WORKFLOW',
  stateMachineArn: 'TESSERA_STATE_MACHINE_ARN',
  adminToken: 'TESSERA_ADMIN_TOKEN',
  reviewTimeoutSeconds: 'TESSERA_REVIEW_TIMEOUT_SECONDS',
  statusSuspension: 'TESSERA_STATUS_SUSPENSION',
  rateLimitVerifyPerMinute: 'TESSERA_RATE_LIMIT_VERIFY_PER_MINUTE',
  rateLimitWebhookPerMinute: 'TESSERA_RATE_LIMIT_WEBHOOK_PER_MINUTE',
} as const;

const ConfigSchema = z
  .object({
    tableName: z.string().min(1),
    dynamodbEndpoint: z.url().optional(),
    /** The public origin: credentials, did.json and review pages live under it. */
    publicBaseUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
    adminEmail: z.email(),
    mailFrom: z.email(),
    signer: z.enum(['kms', 'local']),
    kmsKeyId: z.string().min(1).optional(),
    localKeyFile: z.string().min(1).optional(),
    /** The RSA_2048 key that signs VC-JWT (RS256) credentials for issuers with `vc-jwt` on; the
     *  signer kind (kms or local) follows `signer`. Without one, such issuers' releases fail. */
    kmsRsaKeyId: z.string().min(1).optional(),
    localRsaKeyFile: z.string().min(1).optional(),
    mailer: z.enum(['ses', 'outbox']),
    outboxFile: z.string().min(1).optional(),
    publicSite: z.enum(['s3', 'folder']),
    publicBucket: z.string().min(1).optional(),
    publicDir: z.string().min(1).optional(),
    workflow: z.enum(['sfn', 'local']),
    stateMachineArn: z.string().min(1).optional(),
    /** Local-only bearer token for the admin API; on AWS the Cognito authorizer guards it. */
    adminToken: z.string().min(16).optional(),
    /** How long a reviewer has to decide; the workflow's review state times out after the same. */
    reviewTimeoutSeconds: z.coerce.number().int().min(1).max(24 * 24 * 3600).default(7 * 24 * 3600),
    /** Give credentials a suspension entry beside the revocation one. Off by default: two entries make
     *  credentialStatus a list, which VC 2.0 allows but the strict OB 3.0 schema (one entry) refuses. */
    statusSuspension: z.enum(['on', 'off']).default('off').transform((v) => v === 'on'),
    /** Requests a minute per client address to POST /verify, and per source and per client to the
     *  webhooks (docs/SECURITY.md); 0 turns a limit off. */
    rateLimitVerifyPerMinute: z.coerce.number().int().min(0).default(60),
    rateLimitWebhookPerMinute: z.coerce.number().int().min(0).default(600),
  })
  .superRefine((c, ctx) => {
    const need = (when: boolean, key: keyof typeof ENV) => {
      if (when && !c[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${ENV[key]} is required` });
    };
    need(c.signer === 'kms', 'kmsKeyId');
    need(c.signer === 'local', 'localKeyFile');
    need(c.mailer === 'outbox', 'outboxFile');
    need(c.publicSite === 's3', 'publicBucket');
    need(c.publicSite === 'folder', 'publicDir');
    need(c.workflow === 'sfn', 'stateMachineArn');
  });

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw = Object.fromEntries(Object.entries(ENV).map(([key, name]) => [key, env[name] || undefined]));
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const details = detailsFromZod(parsed.error.issues).map((d) => ({
      ...d,
      path: ENV[d.path as keyof typeof ENV] ?? d.path,
    }));
    throw new ValidationError(`invalid configuration: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  }
  return parsed.data;
}
