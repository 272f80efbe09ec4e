// Who may do what: the one table of every AWS call each function makes, and the grants built from
// it. Each entry is what the function's code path really calls (see functions/** and
// packages/store); anything not listed here is denied. Tests read this table and the template.
import { aws_iam as iam, aws_dynamodb as dynamodb, aws_kms as kms } from 'aws-cdk-lib';
import type { FunctionName } from '../../functions/catalog.ts';
import { publicPaths } from '../../packages/core/src/public-paths.ts';
import { SIGNING_KEY_KINDS } from './constructs/signing-key.ts';

export type Capability =
  /** Store reads: a consistent GetItem (no Scan on any request path). */
  | 'table:get'
  /** Store reads of one partition: Query on the base table (the issuer's key history). */
  | 'table:query'
  /** Store creates: PutItem, alone or inside TransactWriteItems (submissions, reviews, credentials). */
  | 'table:put'
  /** Store state changes: UpdateItem, alone or inside TransactWriteItems (transitions, review decisions). */
  | 'table:update'
  /** Start the issuance workflow for a new submission. */
  | 'workflow:start'
  /** Resume a workflow waiting on a review (.waitForTaskToken). */
  | 'workflow:complete-review'
  /** Send mail from the configured sender. */
  | 'mail:send'
  /** Sign with the issuer key and read its public half (for the verification method). */
  | 'key:sign'
  /** Sign VC-JWTs with the issuer's RSA key and read its public half (its kid); granted, and the
   *  key id given, only when the stage has vcJwt on. */
  | 'jwt-key:sign'
  /** Publish signed credentials, their VC-JWTs and baked PNG/SVG images (credentials/*). */
  | 'site:publish'
  /** Publish re-signed status lists (status/*): on every release, and on every revocation or suspension. */
  | 'status:publish'
  /** Publish the issuer's did.json (its key history) to the public bucket. */
  | 'did:publish';

export const FUNCTION_CAPABILITIES: Readonly<Record<FunctionName, readonly Capability[]>> = {
  // webhookSources.get, achievements.get; submissions.create (TransactWrite: Put + Put); workflow.start
  'webhook-intake': ['table:get', 'table:put', 'workflow:start'],
  // reviews.getBySecretHash, submissions.get, achievements.get; reviews.decide (TransactWrite: Update + Update); workflow.succeed/fail
  review: ['table:get', 'table:update', 'workflow:complete-review'],
  // Fetches did:web documents over HTTPS; no AWS calls.
  verify: [],
  // submissions.get; credentials.get, statusLists.get; credentials.changeStatus (TransactWrite: Update + Update);
  // the status list re-signed and republished: issuerKeys.record (conditional Put, Get when it exists),
  // KMS GetPublicKey + Sign, S3 status/...json; and did.json once per cold start (issuerKeys.list: Query),
  // since after a rotation a revocation may be the first signature with the new key.
  admin: ['table:get', 'table:query', 'table:put', 'table:update', 'key:sign', 'status:publish', 'did:publish'],
  // submissions.get, achievements.get
  'check-evidence': ['table:get'],
  // submissions.get, achievements.get; submissions.transition (Update); reviews.create (Put); mail to reviewers
  'request-review': ['table:get', 'table:put', 'table:update', 'mail:send'],
  // submissions.get, achievements.get; submissions.transition (Update); mail on expiry
  'record-outcome': ['table:get', 'table:update', 'mail:send'],
  // submissions/issuers/achievements/credentials/statusLists get; statusLists.allocate (UpdateItem ADD on the
  // list's counter; Put of the current-list pointer when a list fills); credentials.putOnce (TransactWrite: Put + Put);
  // transition (Update); issuerKeys.record (conditional Put, Get when it exists) and issuerKeys.list (Query) for
  // did.json's key history; KMS Sign (credential and status list) + GetPublicKey; S3 credentials/{id}.json|png|svg,
  // status/...json, and .well-known/did.json once per cold start. For issuers with vc-jwt on: the RSA key's
  // GetPublicKey (once per process) and Sign (DIGEST) per credential, its issuerKeys.record, S3 credentials/{id}.jwt.
  // (Everything else that touches the RSA key reads it from the key history: did.json lists it without KMS.)
  'release-credential': ['table:get', 'table:query', 'table:put', 'table:update', 'key:sign', 'jwt-key:sign', 'site:publish', 'status:publish', 'did:publish'],
  // submissions.get, achievements.get, issuers.get; mail to the earner
  'notify-earner': ['table:get', 'mail:send'],
};

export interface GrantTargets {
  readonly table: dynamodb.ITable;
  readonly stateMachineArn: string;
  readonly signingKey: kms.IKey;
  /** The VC-JWT (RSA) key; absent when the stage has vcJwt off, and then 'jwt-key:sign' grants nothing. */
  readonly jwtSigningKey?: kms.IKey;
  /** The public bucket's ARN. */
  readonly publicBucketArn: string;
  readonly mailIdentityArn: string;
  readonly mailFrom: string;
}

/** The policy statements one capability needs. */
export function statementsFor(capability: Capability, on: GrantTargets): iam.PolicyStatement[] {
  const table = [on.table.tableArn]; // the base table only: no function queries an index
  switch (capability) {
    case 'table:get':
      return [new iam.PolicyStatement({ sid: 'TableGet', actions: ['dynamodb:GetItem'], resources: table })];
    case 'table:query':
      return [new iam.PolicyStatement({ sid: 'TableQuery', actions: ['dynamodb:Query'], resources: table })];
    case 'table:put':
      return [new iam.PolicyStatement({ sid: 'TablePut', actions: ['dynamodb:PutItem'], resources: table })];
    case 'table:update':
      return [new iam.PolicyStatement({ sid: 'TableUpdate', actions: ['dynamodb:UpdateItem'], resources: table })];
    case 'workflow:start':
      return [new iam.PolicyStatement({ sid: 'WorkflowStart', actions: ['states:StartExecution'], resources: [on.stateMachineArn] })];
    case 'workflow:complete-review':
      return [
        new iam.PolicyStatement({ sid: 'WorkflowCompleteReview', actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: [on.stateMachineArn] }),
      ];
    case 'mail:send':
      return [
        new iam.PolicyStatement({
          sid: 'MailSend',
          actions: ['ses:SendEmail'],
          resources: [on.mailIdentityArn],
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
    case 'did:publish':
      return [new iam.PolicyStatement({ sid: 'DidPublish', actions: ['s3:PutObject'], resources: [`${on.publicBucketArn}/${publicPaths.didDocument()}`] })];
    case 'status:publish':
      return [new iam.PolicyStatement({ sid: 'StatusPublish', actions: ['s3:PutObject'], resources: [`${on.publicBucketArn}/${STATUS_LIST_PREFIX}*`] })];
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

/** The object-key wildcards the publish capabilities grant, with the reason cdk-nag's IAM5 is acknowledged. */
export const PUBLISH_WILDCARDS: Readonly<Partial<Record<Capability, { prefix: string; reason: string }>>> = {
  'site:publish': {
    prefix: CREDENTIALS_PREFIX,
    reason: 'Object keys are credential ids minted at release; the grant is s3:PutObject only, under credentials/ only, on the one public bucket.',
  },
  'status:publish': {
    prefix: STATUS_LIST_PREFIX,
    reason: 'Status list keys are issuer, purpose and list number, allocated as lists fill; the grant is s3:PutObject only, under status/ only, on the one public bucket.',
  },
};

/** Gives one function's role exactly its capabilities. */
export function grantCapabilities(role: iam.IRole & iam.IGrantable, capabilities: readonly Capability[], on: GrantTargets): void {
  for (const capability of capabilities) {
    for (const statement of statementsFor(capability, on)) role.addToPrincipalPolicy(statement);
  }
}
