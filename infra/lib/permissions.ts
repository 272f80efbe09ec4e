// Who may do what: the IAM statements behind each function record's table access and
// capabilities (functions/catalog.ts, the one list of every AWS call each function makes).
// Anything not listed there is denied. Tests read the synthesized template, not this file.
import { aws_iam as iam, aws_dynamodb as dynamodb, aws_kms as kms } from 'aws-cdk-lib';
import { MICROCREDENTIAL_CONTEXT_PATH } from '@tessera/catalogue/microcredential-context';
import { DELIVERY_OBJECT_PREFIX, PUBLIC_PREFIX, publicPaths } from '@tessera/core';
import type { Capability, FunctionRecord, TableAccess, TableItemKind } from '../../functions/catalog.ts';
import { SIGNING_KEY_KINDS } from './constructs/signing-key.ts';

export type { Capability } from '../../functions/catalog.ts';

export interface GrantTargets {
  readonly table: dynamodb.ITable;
  readonly stateMachineArn: string;
  readonly signingKey: kms.IKey;
  /** The VC-JWT (RSA) key; absent when the stage has vcJwt off, and then 'jwt-key:sign' grants nothing. */
  readonly jwtSigningKey?: kms.IKey;
  /** The public bucket's ARN. */
  readonly publicBucketArn: string;
  /** The sender identity, and in the SES sandbox the verified recipients too (SES checks both). */
  readonly mailIdentityArns: readonly string[];
  readonly mailFrom: string;
  /** The bulk function's ARN (it is named up front: AppFunction.arnFor). */
  readonly bulkFunctionArn: string;
  /** The deliveries bucket's ARN (kept LMS delivery bodies, under deliveries/). */
  readonly deliveryBucketArn: string;
  /** The delivery queue's ARN. */
  readonly deliveryQueueArn: string;
}

/** The policy statements one capability needs. */
export function statementsFor(capability: Capability, on: GrantTargets): iam.PolicyStatement[] {
  switch (capability) {
    case 'workflow:start':
      return [new iam.PolicyStatement({ sid: 'WorkflowStart', actions: ['states:StartExecution'], resources: [on.stateMachineArn] })];
    case 'workflow:inspect':
      return [
        new iam.PolicyStatement({
          sid: 'WorkflowInspect',
          actions: ['states:DescribeExecution'],
          // Executions of this state machine only (executionArnOf in packages/adapters).
          resources: [executionsOf(on.stateMachineArn)],
        }),
      ];
    case 'table:list-open-submissions':
      return [
        new iam.PolicyStatement({
          sid: 'TableListOpenSubmissions',
          actions: ['dynamodb:Query'],
          resources: [`${on.table.tableArn}/index/${OPEN_SUBMISSIONS_INDEX}`],
        }),
      ];
    case 'table:list-submissions-by-achievement':
      return [
        new iam.PolicyStatement({
          sid: 'TableListSubmissionsByAchievement',
          actions: ['dynamodb:Query'],
          resources: [`${on.table.tableArn}/index/${SUBMISSIONS_BY_ACHIEVEMENT_INDEX}`],
        }),
      ];
    case 'table:list-catalogue':
      return [
        new iam.PolicyStatement({
          sid: 'TableListCatalogue',
          actions: ['dynamodb:Query'],
          resources: [`${on.table.tableArn}/index/${OPEN_SUBMISSIONS_INDEX}`],
        }),
      ];
    case 'workflow:complete-review':
      return [new iam.PolicyStatement({ sid: 'WorkflowCompleteReview', actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: [on.stateMachineArn] })];
    case 'mail:send':
      return [
        new iam.PolicyStatement({
          sid: 'MailSend',
          actions: ['ses:SendEmail'],
          resources: [...on.mailIdentityArns],
          conditions: { StringEquals: { 'ses:FromAddress': on.mailFrom } },
        }),
      ];
    case 'key:sign':
      return signWith(on.signingKey, 'data-integrity', 'Key');
    case 'jwt-key:sign':
      return on.jwtSigningKey ? signWith(on.jwtSigningKey, 'vc-jwt', 'JwtKey') : [];
    case 'site:publish':
      return [
        new iam.PolicyStatement({
          sid: 'SitePublish',
          actions: ['s3:PutObject'],
          resources: [`${on.publicBucketArn}/${CREDENTIALS_PREFIX}*`],
        }),
      ];
    case 'badge:publish':
      return [
        new iam.PolicyStatement({
          sid: 'BadgePagePublish',
          actions: ['s3:PutObject'],
          resources: [`${on.publicBucketArn}/${PUBLIC_PREFIX.badges}*`, `${on.publicBucketArn}/${publicPaths.badgeScript()}`],
        }),
      ];
    case 'did:publish':
      return [new iam.PolicyStatement({ sid: 'DidPublish', actions: ['s3:PutObject'], resources: [`${on.publicBucketArn}/${publicPaths.didDocument()}`] })];
    case 'status:publish':
      return [new iam.PolicyStatement({ sid: 'StatusPublish', actions: ['s3:PutObject'], resources: [`${on.publicBucketArn}/${STATUS_LIST_PREFIX}*`] })];
    case 'bulk:continue':
      return [new iam.PolicyStatement({ sid: 'BulkContinue', actions: ['lambda:InvokeFunction'], resources: [on.bulkFunctionArn] })];
    case 'delivery:keep':
      return [new iam.PolicyStatement({ sid: 'DeliveryKeep', actions: ['s3:PutObject'], resources: [`${on.deliveryBucketArn}/${DELIVERIES_PREFIX}*`] })];
    case 'delivery:read':
      return [new iam.PolicyStatement({ sid: 'DeliveryRead', actions: ['s3:GetObject'], resources: [`${on.deliveryBucketArn}/${DELIVERIES_PREFIX}*`] })];
    case 'delivery:enqueue':
      return [new iam.PolicyStatement({ sid: 'DeliveryEnqueue', actions: ['sqs:SendMessage'], resources: [on.deliveryQueueArn] })];
    case 'achievement:publish':
      return [
        new iam.PolicyStatement({
          sid: 'AchievementPublish',
          actions: ['s3:PutObject'],
          resources: [`${on.publicBucketArn}/${ACHIEVEMENTS_PREFIX}*`, `${on.publicBucketArn}/${MICROCREDENTIAL_CONTEXT_PATH}`],
        }),
      ];
  }
}

/** Sign exactly as the format's adapter does (algorithm and message type), and read the public key, on one key. */
function signWith(key: kms.IKey, proofFormat: keyof typeof SIGNING_KEY_KINDS, sidPrefix: string): iam.PolicyStatement[] {
  const { signingAlgorithm, messageType } = SIGNING_KEY_KINDS[proofFormat];
  return [
    new iam.PolicyStatement({
      sid: `${sidPrefix}Sign`,
      actions: ['kms:Sign'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:SigningAlgorithm': signingAlgorithm, 'kms:MessageType': messageType } },
    }),
    new iam.PolicyStatement({ sid: `${sidPrefix}ReadPublic`, actions: ['kms:GetPublicKey'], resources: [key.keyArn] }),
  ];
}

/** credentials/ : signed credentials, their VC-JWTs and the baked images beside them (publicPaths.credentialJwt, bakedBadge). */
export const CREDENTIALS_PREFIX = publicPaths.credential('x').replace(/x\.json$/, '');
/** status/ : every status list of every issuer (publicPaths.statusList). */
export const STATUS_LIST_PREFIX = `${publicPaths.statusList('x', 'revocation', 1).split('/')[0]}/`;

/** achievements/ : achievement definitions and badge pictures (publicPaths.achievement, achievementImage). */
export const ACHIEVEMENTS_PREFIX = PUBLIC_PREFIX.achievements;

/** deliveries/ : kept LMS delivery bodies (packages/adapters deliveryObjectKey). */
export const DELIVERIES_PREFIX = DELIVERY_OBJECT_PREFIX;

/** Why the deliveries bucket's object wildcard is acknowledged (cdk-nag IAM5). */
export const DELIVERIES_WILDCARD_REASON =
  'Object keys are source ids and delivery ids minted as deliveries arrive; the grant is one of s3:PutObject (the webhook) or s3:GetObject (the processing step), under deliveries/ only, on the one private deliveries bucket.';

/** The object-key wildcards the publish capabilities grant, with the reason cdk-nag's IAM5 is acknowledged. */
export const PUBLISH_WILDCARDS: Readonly<Partial<Record<Capability, { prefix: string; reason: string }>>> = {
  'site:publish': {
    prefix: CREDENTIALS_PREFIX,
    reason: 'Object keys are credential ids minted at release; the grant is s3:PutObject only, under credentials/ only, on the one public bucket.',
  },
  'achievement:publish': {
    prefix: ACHIEVEMENTS_PREFIX,
    reason:
      'Object keys are achievement ids, chosen by the catalogue as achievements are published; the grant is s3:PutObject only, under achievements/ only, on the one public bucket.',
  },
  'badge:publish': {
    prefix: PUBLIC_PREFIX.badges,
    reason:
      'Object keys are credential ids minted at release (badges/{id}); the grant is s3:PutObject only, under badges/ only (and the one script file), on the one public bucket.',
  },
  'status:publish': {
    prefix: STATUS_LIST_PREFIX,
    reason: 'Status list keys are issuer, purpose and list number, allocated as lists fill; the grant is s3:PutObject only, under status/ only, on the one public bucket.',
  },
};

/** Every execution of a state machine: arn:…:stateMachine:M → arn:…:execution:M:* (executionArnOf in packages/adapters). */
export const executionsOf = (stateMachineArn: string): string => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:*`;

/** Why the execution wildcard is acknowledged (cdk-nag IAM5). */
export const EXECUTIONS_WILDCARD_REASON =
  "Execution names are submission ids, known only at run time; the grant is states:DescribeExecution only, on executions of the one issuance state machine (the stuck-submissions report and the scheduled reconciler read each open submission's execution status).";

/** The index the open-submissions query reads (packages/store repositories/open-submissions.ts). */
export const OPEN_SUBMISSIONS_INDEX = 'GSI1';
/** The index the reports read an achievement's submissions from (packages/store keys.submissionsOfAchievement). */
export const SUBMISSIONS_BY_ACHIEVEMENT_INDEX = 'GSI2';

const TABLE_ACTIONS = {
  get: 'dynamodb:GetItem',
  query: 'dynamodb:Query',
  put: 'dynamodb:PutItem',
  update: 'dynamodb:UpdateItem',
  delete: 'dynamodb:DeleteItem',
  batchWrite: 'dynamodb:BatchWriteItem',
  batchGet: 'dynamodb:BatchGetItem',
} as const;

/**
 * One statement per table call, on the base table only (no function queries an index), limited to
 * items whose partition key starts with one of the listed kinds: with dynamodb:LeadingKeys a review
 * function cannot read a credential or an issuer's key history, whatever its code asks.
 */
export function tableStatements(access: TableAccess, table: dynamodb.ITable): iam.PolicyStatement[] {
  return (Object.keys(TABLE_ACTIONS) as Array<keyof TableAccess>).flatMap((call) => {
    const kinds = access[call] ?? [];
    if (kinds.length === 0) return [];
    return [
      new iam.PolicyStatement({
        sid: `Table${call[0]!.toUpperCase()}${call.slice(1)}`,
        actions: [TABLE_ACTIONS[call]],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...new Set(kinds)].sort().map(leadingKeyPattern) } },
      }),
    ];
  });
}

/** `SUBMISSION#*`: every partition key of that kind (keys.ts builds each as `<KIND>#<encoded id>`). */
export const leadingKeyPattern = (kind: TableItemKind): string => `${kind}#*`;

/** Gives one function's role exactly what its record lists. */
export function grantFunctionRecord(role: iam.IRole & iam.IGrantable, record: FunctionRecord, on: GrantTargets): void {
  const statements = [...tableStatements(record.table, on.table), ...record.capabilities.flatMap((capability) => statementsFor(capability, on))];
  for (const statement of statements) role.addToPrincipalPolicy(statement);
}
