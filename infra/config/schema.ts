// The configuration of one deployment (a "stage"): typed, validated with zod at synth time, so a
// typo in an address or a certificate in the wrong region stops `cdk synth` with a message that
// names the field, long before CloudFormation would fail half-way through a deploy.
import { z } from 'zod';

/** Retention periods CloudWatch Logs accepts (RetentionDays); anything else would fail at deploy. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The workflow's review wait is capped where the local runner's timer still works (24 days). */
export const MAX_REVIEW_TIMEOUT_DAYS = 24;

const hostname = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case host name such as badges.example.edu (no scheme, no path)');

export const StageConfigSchema = z
  .strictObject({
    /** The AWS account to deploy to. @default the account of the credentials `cdk deploy` runs with */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    /** The AWS region of everything but the CloudFront certificate. */
    region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'must be an AWS region such as eu-west-1'),
    /** The public origin's custom domain. @default the CloudFront domain name (*.cloudfront.net) */
    publicDomain: z
      .strictObject({
        /** Becomes the issuer DID did:web:<domainName> and the base of every public URL. */
        domainName: hostname,
        /** An ACM certificate for domainName. CloudFront only reads certificates in us-east-1. */
        certificateArn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
            'must be the ARN of an ACM certificate in us-east-1 (CloudFront reads certificates only from us-east-1)',
          ),
      })
      .optional(),
    mail: z.strictObject({
      /** The sender of every email (review requests, credential notices). */
      from: z.email('must be an email address'),
      /** Verify the sender's whole domain (DKIM, recommended) or just the one address. @default 'domain' */
      identity: z.enum(['domain', 'address']).default('domain'),
      /**
       * While the account is in the SES sandbox: the test addresses mail may go to. Each becomes an
       * SES address identity (a verification link is mailed to it) and the mail-sending functions may
       * send to it: in the sandbox SES authorises the recipient identities as well as the sender.
       * Empty it once production access is granted, and the grant shrinks to the sender only.
       * @default none
       */
      sandboxRecipients: z.array(z.email('must be an email address')).max(20).default([]),
    }),
    /** Receives operational mail from the workflow (expired reviews) and becomes the first Cognito admin. */
    adminEmail: z.email('must be an email address'),
    /** QA reviewers who also get an admin-API account in the reviewer group. @default none */
    reviewerEmails: z.array(z.email('must be an email address')).default([]),
    /** Receives the CloudWatch alarms (SNS email subscription, confirmed by a link). */
    alarmEmail: z.email('must be an email address'),
    /** Days CloudWatch keeps function, API and workflow logs. @default 90 */
    logRetentionDays: z
      .number()
      .int()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
      .default(90),
    /** How long a reviewer has to decide before the submission ends EXPIRED. @default 7 */
    reviewTimeoutDays: z.number().int().min(1).max(MAX_REVIEW_TIMEOUT_DAYS).default(7),
    /**
     * API Gateway's default throttling for each method, per second across all callers. Every route
     * also has its own, lower budget in functions/catalog.ts, which takes precedence.
     * @default { rateLimit: 50, burstLimit: 100 }
     */
    apiThrottle: z.strictObject({ rateLimit: z.number().positive().max(10_000), burstLimit: z.number().int().positive().max(5_000) }).default({ rateLimit: 50, burstLimit: 100 }),
    /**
     * Which signing key signs: raise it by one to rotate (docs/KEYS.md). Each generation is its own
     * KMS Ed25519 key in the Data stack; earlier ones stay (retained, no longer granted to anyone),
     * and did.json keeps listing them from the key history, so what they signed still verifies.
     * Never lower it: that would sign with a retired key again.
     * @default 1
     */
    signingKeyGeneration: z.number().int().min(1).max(20).default(1),
    /**
     * Let issuers secure credentials as VC-JWT (RS256) too: the Data stack adds a KMS RSA_2048 key,
     * and release-credential (only it) is told its id (TESSERA_KMS_RSA_KEY_ID) and may sign with it.
     * Each issuer still opts in with `proofFormats` in the table (docs/DEPLOY.md "VC-JWT"). Off by
     * default: the key costs $1 a month and most issuers need only the Data Integrity proof.
     * @default false
     */
    vcJwt: z.boolean().default(false),
    /**
     * Which VC-JWT key signs, rotated exactly like signingKeyGeneration (raise by one; earlier keys
     * stay, retained and granted to nobody). Only meaningful with vcJwt on.
     * @default 1
     */
    vcJwtKeyGeneration: z.number().int().min(1).max(20).default(1),
    /**
     * Give each credential a suspension status entry beside the revocation one (TESSERA_STATUS_SUSPENSION),
     * so it can be suspended and reinstated. Off by default: two entries make credentialStatus a list,
     * which VC 2.0 allows but the strict OB 3.0 schema refuses. Applies to credentials issued afterwards.
     * @default false
     */
    statusSuspension: z.boolean().default(false),
    /**
     * Instances the verify function may run at once, reserved for it (and capped at it), so a flood of
     * /verify can neither exhaust the account's concurrency for the workflow nor grow without bound.
     * `null` reserves nothing: needed on an account whose concurrency quota is still 10 (Lambda keeps
     * 10 unreserved), see docs/DEPLOY.md.
     * @default 10
     */
    verifyReservedConcurrency: z.number().int().min(1).max(1000).nullable().default(10),
    /**
     * Create API Gateway's account-wide CloudWatch role setting (AWS::ApiGateway::Account) in the Data
     * stack. API Gateway cannot write access logs without it, and a fresh account has none. It is
     * one setting per account and region: turn this off when another stack (or another stage of
     * Tessera in the same account and region) already sets it.
     * @default true
     */
    apiGatewayCloudWatchRole: z.boolean().default(true),
    /**
     * Which origin-verify secret CloudFront and the API's WAF share: raise it by one to rotate the
     * value (a new secret replaces the old, and both sides are updated in the same deploy).
     * @default 1
     */
    originSecretGeneration: z.number().int().min(1).max(1000).default(1),
    /**
     * Canvas Live Events over SQS, the delivery Canvas Data Services offers beside the HTTPS webhook
     * (docs/LMS.md "Canvas over SQS"): a standard queue named canvas-live-events-tessera-<stage> (Canvas
     * wants the prefix) that only these AWS accounts may send to, over TLS, with a dead-letter queue,
     * consumed by process-deliveries as events of the Canvas source `sourceId` (create it first). Canvas's
     * setup guide names Instructure's account 636161780776. Off by default: the signed webhook needs no queue.
     * @default none
     */
    canvasSqs: z
      .strictObject({
        /** The Canvas source (POST /admin/sources, kind canvas) whose rules the queue's events meet. */
        sourceId: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be the id of a Canvas source (lower-case letters, digits, dots, dashes, underscores)'),
        /** The AWS accounts allowed to SendMessage (Instructure's). */
        senderAccountIds: z
          .array(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'))
          .min(1, "name at least one account (Instructure's is 636161780776)")
          .refine((ids) => new Set(ids).size === ids.length, 'an account is listed twice'),
      })
      .optional(),
    /** An AWS WAF web ACL (scope CLOUDFRONT, made in us-east-1) to attach to the distribution. @default none */
    webAclArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[0-9a-f-]{36}$/, 'must be the ARN of a WAFv2 web ACL with scope CLOUDFRONT (us-east-1, global)')
      .optional(),
  })
  .superRefine((config, ctx) => {
    // A raised generation without the key would be a rotation that silently does nothing.
    if (!config.vcJwt && config.vcJwtKeyGeneration !== 1) {
      ctx.addIssue({ code: 'custom', path: ['vcJwtKeyGeneration'], message: 'only applies with vcJwt: true (there is no VC-JWT key to rotate)' });
    }
    // The sender's own address identity already exists: a second one of the same name fails the deploy.
    config.mail.sandboxRecipients.forEach((email, i) => {
      if (config.mail.identity === 'address' && email.toLowerCase() === config.mail.from.toLowerCase()) {
        ctx.addIssue({ code: 'custom', path: ['mail', 'sandboxRecipients', i], message: `${email} is the sender, whose identity exists already: leave it out` });
      }
    });
    // Each address becomes one Cognito user: a second user with the same name fails the deploy.
    const seen = new Set([config.adminEmail.toLowerCase()]);
    config.reviewerEmails.forEach((email, i) => {
      if (seen.has(email.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: ['reviewerEmails', i], message: `${email} is listed twice (or is the adminEmail, who can review already)` });
      }
      seen.add(email.toLowerCase());
    });
  });

/** What a stage file holds (defaults may be left out). */
export type StageConfigInput = z.input<typeof StageConfigSchema>;
/** A validated stage, defaults filled in. */
export type StageConfig = z.output<typeof StageConfigSchema> & { stageName: string };

export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

const STAGE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/** Validates one stage; the error lists every problem with its path. */
export function parseStageConfig(stageName: string, input: unknown): StageConfig {
  if (!STAGE_NAME.test(stageName)) {
    throw new StageConfigError(`stage name '${stageName}' must be 1-20 lower-case letters, digits or dashes, starting with a letter (it prefixes stack and resource names)`);
  }
  const parsed = StageConfigSchema.safeParse(withoutBlanks(input));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(stage)';
      const missing = (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) || valueAt(input, issue.path) === '';
      return `  - ${where}: ${missing ? `missing: fill it in (${REQUIRED_VALUE_HINTS[where] ?? 'see infra/config/schema.ts'})` : issue.message}`;
    });
    throw new StageConfigError(`invalid configuration for stage '${stageName}':\n${problems.join('\n')}`, { cause: parsed.error });
  }
  return { ...parsed.data, stageName };
}

/** What each required value is, for the message that names a missing one. */
const REQUIRED_VALUE_HINTS: Readonly<Record<string, string>> = {
  region: 'the AWS region to deploy to, such as eu-west-1',
  mail: 'an object with the sender address, { "from": "badges@your-domain" }',
  'mail.from': 'the address every email is sent from, on a domain you can add DNS records to',
  adminEmail: 'your address: it receives the first Cognito admin invitation and expired-review mail',
  alarmEmail: 'the address CloudWatch alarms go to (confirm the subscription link AWS mails)',
};

/** A stage file's blanks ("") are values still to fill in: treated as absent, so they are reported as missing. */
function withoutBlanks(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(withoutBlanks);
  if (input === null || typeof input !== 'object') return input;
  return Object.fromEntries(
    Object.entries(input)
      .filter(([, value]) => value !== '')
      .map(([key, value]) => [key, withoutBlanks(value)]),
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), input);
}

/** Picks a stage by name from a map of stage files (`-c stage=<name>`). */
export function selectStage(stages: Readonly<Record<string, unknown>>, stageName: unknown): StageConfig {
  const known = Object.keys(stages).sort().join(', ');
  if (typeof stageName !== 'string' || stageName === '') {
    throw new StageConfigError(`no stage selected: pass -c stage=<name> (known stages: ${known})`);
  }
  if (!Object.hasOwn(stages, stageName)) {
    throw new StageConfigError(`unknown stage '${stageName}' (known stages: ${known}); add infra/config/stages/${stageName}.json (copy dev.json)`);
  }
  try {
    return parseStageConfig(stageName, stages[stageName]);
  } catch (error) {
    if (!(error instanceof StageConfigError)) throw error;
    throw new StageConfigError(`${error.message}\nEdit infra/config/stages/${stageName}.json (infra/config/schema.ts documents every field).`, { cause: error });
  }
}
