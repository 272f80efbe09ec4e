// Configuration, read once from the environment at start-up, validated, then passed in.
// The variable names are shared constants so that infra (which sets them) and the runtime
// (which reads them) cannot drift apart. Each adapter's settings are a union on its kind, so the
// composition root reads a KMS key id only where the signer is KMS, and TypeScript knows it is there.
import * as z from 'zod';
import { ValidationError, type ErrorDetail } from './errors.ts';

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
  adminAuth: 'TESSERA_ADMIN_AUTH',
  adminToken: 'TESSERA_ADMIN_TOKEN',
  reviewTimeoutSeconds: 'TESSERA_REVIEW_TIMEOUT_SECONDS',
  statusSuspension: 'TESSERA_STATUS_SUSPENSION',
  rateLimitVerifyPerMinute: 'TESSERA_RATE_LIMIT_VERIFY_PER_MINUTE',
  rateLimitWebhookPerMinute: 'TESSERA_RATE_LIMIT_WEBHOOK_PER_MINUTE',
  clientAddress: 'TESSERA_CLIENT_ADDRESS',
  bulkFunctionName: 'TESSERA_BULK_FUNCTION',
  deliveryArchive: 'TESSERA_DELIVERY_ARCHIVE',
  deliveryBucket: 'TESSERA_DELIVERY_BUCKET',
  deliveryDir: 'TESSERA_DELIVERY_DIR',
  deliveryQueue: 'TESSERA_DELIVERY_QUEUE',
  deliveryQueueUrl: 'TESSERA_DELIVERY_QUEUE_URL',
  canvasQueueArn: 'TESSERA_CANVAS_QUEUE_ARN',
  canvasQueueSourceId: 'TESSERA_CANVAS_QUEUE_SOURCE_ID',
} as const;

type EnvKey = keyof typeof ENV;

// Messages finish the sentence "TESSERA_X ...", so an operator reads what to set, not zod's jargon.
const missing = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
const required = z.string({ error: missing('must be text') }).min(1, 'is required');
/** A kind variable (TESSERA_SIGNER, ...): missing or unknown, the message lists the kinds. */
const KIND = {
  error: (issue: { input?: unknown; options?: unknown }) => {
    const kinds = Array.isArray(issue.options) ? issue.options.join(', ') : '';
    return (issue.input as { kind?: unknown } | undefined)?.kind === undefined ? `is required (one of ${kinds})` : `must be one of ${kinds}`;
  },
};

const SignerConfig = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('kms'),
      keyId: required,
      /** The RSA_2048 key that signs VC-JWT (RS256) credentials for issuers with `vc-jwt` on. Without
       *  one, such issuers' releases fail. */
      rsaKeyId: required.optional(),
    }),
    z.object({ kind: z.literal('local'), keyFile: required, rsaKeyFile: required.optional() }),
  ],
  KIND,
);

const MailerConfig = z.discriminatedUnion('kind', [z.object({ kind: z.literal('ses') }), z.object({ kind: z.literal('outbox'), file: required })], KIND);

const PublicSiteConfig = z.discriminatedUnion('kind', [z.object({ kind: z.literal('s3'), bucket: required }), z.object({ kind: z.literal('folder'), dir: required })], KIND);

const WorkflowConfig = z.discriminatedUnion('kind', [z.object({ kind: z.literal('sfn'), stateMachineArn: required }), z.object({ kind: z.literal('local') })], KIND);

/** Where verified LMS delivery bodies are kept. Optional: only the functions of the delivery
 *  pipeline read it (a function without it fails when it would keep a body). */
const DeliveryArchiveConfig = z.discriminatedUnion('kind', [z.object({ kind: z.literal('s3'), bucket: required }), z.object({ kind: z.literal('folder'), dir: required })], KIND);

/** How deliveries reach their processing step: SQS (the process-deliveries function), or the local
 *  runtime's in-process queue (only `npm start` can hand that in). */
const DeliveryQueueConfig = z.discriminatedUnion('kind', [z.object({ kind: z.literal('sqs'), queueUrl: required }), z.object({ kind: z.literal('local') })], KIND);

/** Who may call the admin API. On AWS the Cognito JWT authorizer has checked the token and the
 *  function reads its claims; locally there is no Cognito, so a bearer token stands in. */
const AdminAuthConfig = z.discriminatedUnion(
  'kind',
  [z.object({ kind: z.literal('cognito') }), z.object({ kind: z.literal('token'), token: required.min(16, 'must be at least 16 characters') })],
  KIND,
);

const ConfigSchema = z.object({
  tableName: required,
  dynamodbEndpoint: z.url({ error: 'must be a URL' }).optional(),
  /** The public origin: credentials, did.json and review pages live under it. */
  publicBaseUrl: z.url({ error: missing('must be a URL') }).transform((u) => u.replace(/\/+$/, '')),
  adminEmail: z.email({ error: missing('must be an email address') }),
  mailFrom: z.email({ error: missing('must be an email address') }),
  signer: SignerConfig,
  mailer: MailerConfig,
  publicSite: PublicSiteConfig,
  workflow: WorkflowConfig,
  adminAuth: AdminAuthConfig,
  deliveryArchive: DeliveryArchiveConfig.optional(),
  deliveryQueue: DeliveryQueueConfig.optional(),
  /** Canvas Live Events delivered to the deployment's own SQS queue (stage option canvasSqs): records
   *  from the queue with this ARN are Canvas events of this source. Unsigned, they are trusted because
   *  only Instructure's account may send to that queue; a record from any other queue never is. */
  canvasQueue: z.object({ arn: required, sourceId: required }).optional(),
  /** How long a reviewer has to decide; the workflow's review state times out after the same. */
  reviewTimeoutSeconds: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(24 * 24 * 3600, 'must be at most 24 days (a longer wait overflows the local workflow timer)')
    .default(7 * 24 * 3600),
  /** Give credentials a suspension entry beside the revocation one. Off by default: two entries make
   *  credentialStatus a list, which VC 2.0 allows but the strict OB 3.0 schema (one entry) refuses. */
  statusSuspension: z
    .enum(['on', 'off'], { error: 'must be on or off' })
    .default('off')
    .transform((v) => v === 'on'),
  /** Requests a minute per client address to POST /verify, and per source and per client to the
   *  webhooks (docs/SECURITY.md); 0 turns a limit off. */
  rateLimitVerifyPerMinute: z.coerce.number().int('must be a whole number').min(0, 'must be 0 (off) or more').default(60),
  rateLimitWebhookPerMinute: z.coerce.number().int('must be a whole number').min(0, 'must be 0 (off) or more').default(600),
  /** Whose address keys the per-client rate limits: `connection`, the address that connected (the
   *  local socket; on API Gateway, sourceIp); `cloudfront`, the viewer address CloudFront forwards,
   *  trusted only on requests that carry the origin-verify header the API's WAF enforces (the AWS
   *  stacks set it; docs/SECURITY.md, "Rate limits"). */
  clientAddress: z.enum(['connection', 'cloudfront'], { error: 'must be connection or cloudfront' }).default('connection'),
  /** The Lambda function that runs CSV bulk batches after POST /admin/bulk has answered (it invokes
   *  itself asynchronously, chunk after chunk). Unset locally: the local runtime runs them in process. */
  bulkFunctionName: z.string().min(1).optional(),
});

export type Config = z.infer<typeof ConfigSchema>;
export type SignerConfig = Config['signer'];
export type MailerConfig = Config['mailer'];
export type PublicSiteConfig = Config['publicSite'];
export type WorkflowConfig = Config['workflow'];
export type AdminAuthConfig = Config['adminAuth'];

/** Where each setting comes from: the variable behind each path of the parsed shape. */
const SOURCES: Record<string, EnvKey> = {
  'signer.kind': 'signer',
  'signer.keyId': 'kmsKeyId',
  'signer.rsaKeyId': 'kmsRsaKeyId',
  'signer.keyFile': 'localKeyFile',
  'signer.rsaKeyFile': 'localRsaKeyFile',
  'mailer.kind': 'mailer',
  'mailer.file': 'outboxFile',
  'publicSite.kind': 'publicSite',
  'publicSite.bucket': 'publicBucket',
  'publicSite.dir': 'publicDir',
  'workflow.kind': 'workflow',
  'workflow.stateMachineArn': 'stateMachineArn',
  'adminAuth.kind': 'adminAuth',
  'adminAuth.token': 'adminToken',
  'deliveryArchive.kind': 'deliveryArchive',
  'deliveryArchive.bucket': 'deliveryBucket',
  'deliveryArchive.dir': 'deliveryDir',
  'deliveryQueue.kind': 'deliveryQueue',
  'deliveryQueue.queueUrl': 'deliveryQueueUrl',
  'canvasQueue.arn': 'canvasQueueArn',
  'canvasQueue.sourceId': 'canvasQueueSourceId',
};

/** The adapters chosen by a kind variable, each a union of the kinds' settings. */
const ADAPTERS = {
  signer: SignerConfig,
  mailer: MailerConfig,
  publicSite: PublicSiteConfig,
  workflow: WorkflowConfig,
  adminAuth: AdminAuthConfig,
  deliveryArchive: DeliveryArchiveConfig,
  deliveryQueue: DeliveryQueueConfig,
};
type Adapter = keyof typeof ADAPTERS;

/** The variables behind one adapter's settings, by setting name (`keyId` -> kmsKeyId). */
function settingsOf(adapter: Adapter): [setting: string, key: EnvKey][] {
  return Object.entries(SOURCES)
    .filter(([path]) => path.startsWith(`${adapter}.`))
    .map(([path, key]) => [path.slice(adapter.length + 1), key]);
}

function raw(env: Record<string, string | undefined>) {
  const read = (key: EnvKey) => env[ENV[key]] || undefined;
  const fromSources = (adapter: Adapter) => Object.fromEntries(settingsOf(adapter).map(([setting, key]) => [setting, read(key)]));
  return {
    tableName: read('tableName'),
    dynamodbEndpoint: read('dynamodbEndpoint'),
    publicBaseUrl: read('publicBaseUrl'),
    adminEmail: read('adminEmail'),
    mailFrom: read('mailFrom'),
    signer: fromSources('signer'),
    mailer: fromSources('mailer'),
    publicSite: fromSources('publicSite'),
    workflow: fromSources('workflow'),
    // Cognito unless told otherwise: a deployment that sets nothing stays behind its authorizer.
    adminAuth: { ...fromSources('adminAuth'), kind: read('adminAuth') ?? 'cognito' },
    // Optional adapters: absent unless their kind is set.
    deliveryArchive: read('deliveryArchive') ? fromSources('deliveryArchive') : undefined,
    deliveryQueue: read('deliveryQueue') ? fromSources('deliveryQueue') : undefined,
    // Both or neither: one without the other is named as missing.
    canvasQueue: read('canvasQueueArn') || read('canvasQueueSourceId') ? { arn: read('canvasQueueArn'), sourceId: read('canvasQueueSourceId') } : undefined,
    reviewTimeoutSeconds: read('reviewTimeoutSeconds'),
    statusSuspension: read('statusSuspension'),
    rateLimitVerifyPerMinute: read('rateLimitVerifyPerMinute'),
    rateLimitWebhookPerMinute: read('rateLimitWebhookPerMinute'),
    clientAddress: read('clientAddress'),
    bulkFunctionName: read('bulkFunctionName'),
  };
}

/** Variables set for a kind that was not chosen (a token left set while Cognito guards the admin
 *  API, say): almost always a mistake, so named rather than ignored. */
function strayVariables(env: Record<string, string | undefined>, config: Config): ErrorDetail[] {
  return (Object.keys(ADAPTERS) as Adapter[]).flatMap((adapter) => {
    const chosen = config[adapter]?.kind;
    const option = (ADAPTERS[adapter].options as readonly z.ZodObject[]).find((o) => (o.shape.kind as z.ZodLiteral).value === chosen);
    const reads = new Set(Object.keys(option?.shape ?? {}));
    return settingsOf(adapter)
      .filter(([setting, key]) => !reads.has(setting) && env[ENV[key]])
      .map(([, key]) => ({ path: ENV[key], message: `is set, but ${ENV[adapter]}=${chosen} does not read it` }));
  });
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(raw(env));
  const details: ErrorDetail[] = parsed.success
    ? strayVariables(env, parsed.data)
    : parsed.error.issues.map((issue) => {
        const path = issue.path.map(String).join('.');
        const key = SOURCES[path] ?? (path as EnvKey);
        return { path: ENV[key] ?? path, message: issue.message };
      });
  if (!parsed.success || details.length) {
    throw new ValidationError(`invalid configuration: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details);
  }
  return parsed.data;
}
