// One record per function: its API routes, its workflow step, every AWS call it may make, its
// tuning and the node modules shipped beside its bundle. The local gateway, the local workflow
// runner, the CDK app and the permission tests all read this file, so they cannot disagree.
import type { WorkflowFunctions } from '@tessera/workflow';
import { FONT_PACKAGE, RESVG_MODULE } from '@tessera/badges/runtime-files';

/** Each name is a folder under functions/ whose handler.ts exports `handler`. */
export const FUNCTION_NAMES = [
  'webhook-intake',
  'review',
  'verify',
  'earner',
  'admin',
  'catalogue',
  'console',
  'bulk',
  'check-evidence',
  'request-review',
  'record-outcome',
  'release-credential',
  'notify-earner',
  'reconcile',
  'process-deliveries',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/**
 * Requests per second API Gateway lets through to one route (method-level throttling in the stage),
 * whoever sends them: each route has its own budget, so a flood of one cannot starve another.
 */
export type RouteThrottle = { readonly rateLimit: number; readonly burstLimit: number };

export type ApiRoute = { method: 'GET' | 'POST' | 'PATCH'; path: string; function: FunctionName; throttle: RouteThrottle };

/**
 * The first segment of a table partition key (packages/store/src/keys.ts): a function may touch
 * only items whose partition key starts with `<kind>#` (IAM dynamodb:LeadingKeys).
 */
export type TableItemKind =
  | 'ISSUER'
  | 'ACHIEVEMENT'
  | 'SOURCE'
  | 'CONSOLE'
  | 'SUBMISSION'
  | 'EVENT'
  | 'REVIEW'
  | 'CREDENTIAL'
  | 'DID'
  | 'STATUSLIST'
  | 'USER'
  | 'AUDIT'
  | 'FRAMEWORK'
  | 'STACK'
  | 'COMPONENT'
  | 'EARNER'
  | 'SIGNIN'
  | 'SESSION'
  | 'BULK'
  /** A source's events log and its deliveries waiting for processing. */
  | 'SOURCELOG'
  /** A source's learner directory. */
  | 'LEARNERS'
  /** A learner's claim on an achievement (one credential per learner and achievement). */
  | 'CLAIM';

/** Table calls by kind of item: GetItem, Query (base table only), PutItem and UpdateItem, alone or
 *  inside TransactWriteItems (which IAM checks item by item). */
export type TableAccess = {
  readonly get?: readonly TableItemKind[];
  readonly query?: readonly TableItemKind[];
  readonly put?: readonly TableItemKind[];
  readonly update?: readonly TableItemKind[];
  /** DeleteItem, alone or inside TransactWriteItems (a draft closed by its publication). */
  readonly delete?: readonly TableItemKind[];
  /** BatchWriteItem (puts and deletes of many items at once: a framework's items on import). */
  readonly batchWrite?: readonly TableItemKind[];
  /** BatchGetItem (many items read at once: a bulk chunk's repeat check). */
  readonly batchGet?: readonly TableItemKind[];
};

export type Capability =
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
  /** Publish badge pages (badges/{id}: at release, on a status or visibility change) and their script (assets/badge.js). */
  | 'badge:publish'
  /** Publish re-signed status lists (status/*): on every release, and on every revocation or suspension. */
  | 'status:publish'
  /** Publish the issuer's did.json (its key history) to the public bucket. */
  | 'did:publish'
  /** Publish achievement definitions (achievements/*) and the micro-credential extension's context (one fixed path). */
  | 'achievement:publish'
  /** List open submissions: Query of the sparse GSI1 partition SUBMISSION#OPEN (keys.openSubmissions). */
  | 'table:list-open-submissions'
  /** List the catalogue: Query of the GSI1 partitions that list achievements, frameworks and stacks. */
  | 'table:list-catalogue'
  /** Read an achievement's submissions by time of receipt: Query of GSI2 (keys.submissionsOfAchievement), the reports. */
  | 'table:list-submissions-by-achievement'
  /** Read an execution's status (DescribeExecution) on the issuance workflow. */
  | 'workflow:inspect'
  /** Invoke the bulk function asynchronously (InvocationType Event) to run a batch after the upload
   *  is answered: the bulk function's own continuation (createLambdaBulkRunner). */
  | 'bulk:continue'
  /** Keep a verified LMS delivery's body in the deliveries bucket (deliveries/*). */
  | 'delivery:keep'
  /** Read kept delivery bodies back (the processing step). */
  | 'delivery:read'
  /** Send work to the delivery queue (SQS SendMessage). */
  | 'delivery:enqueue';

/** How often the reconciler runs on AWS (infra Reconciler); each run leaves alone what changed in the last 5 minutes. */
export const RECONCILE_EVERY_MINUTES = 5;

export interface FunctionRecord {
  /** Shown in the Lambda console. */
  readonly description: string;
  /** The API routes it serves (none for workflow steps). */
  readonly routes: ReadonlyArray<Omit<ApiRoute, 'function'>>;
  /** The workflow step it runs, if it is one. */
  readonly workflowStep?: keyof WorkflowFunctions;
  /** Every table call its code path makes; anything not listed is denied. */
  readonly table: TableAccess;
  /** Every other AWS call its code path makes; anything not listed is denied. */
  readonly capabilities: readonly Capability[];
  /** Memory in MB (it also buys CPU). @default 512 */
  readonly memoryMb?: number;
  /** @default 10 - below API Gateway's 29 s integration limit */
  readonly timeoutSeconds?: number;
  /** Packages loaded at run time by a name esbuild cannot follow, installed beside the bundle. @default none */
  readonly nodeModules?: readonly string[];
  /** It verifies credentials it is handed (the public verifier's resolvers and the credentials stack). @default false */
  readonly verifies?: boolean;
}

/**
 * The ports of `Dependencies` whose adapter only some functions need. A function's bundle carries
 * the adapter (and its AWS SDK client) only if its record uses the port; the others are built as a
 * port that refuses (functions/shared/dependencies.ts, infra/lib/bundling/options.ts). Deriving them
 * from the capabilities keeps one list: without the capability, IAM would refuse the call anyway.
 */
export const BUNDLED_PORTS = ['store', 'workflow', 'mailer', 'signer', 'public-site', 'bulk-runner', 'delivery-archive', 'delivery-queue', 'verification'] as const;
export type BundledPort = (typeof BUNDLED_PORTS)[number];

const PORT_OF_CAPABILITY: Partial<Record<Capability, BundledPort>> = {
  'workflow:start': 'workflow',
  'workflow:complete-review': 'workflow',
  'workflow:inspect': 'workflow',
  'mail:send': 'mailer',
  'key:sign': 'signer',
  'jwt-key:sign': 'signer',
  'site:publish': 'public-site',
  'badge:publish': 'public-site',
  'status:publish': 'public-site',
  'did:publish': 'public-site',
  'achievement:publish': 'public-site',
  'bulk:continue': 'bulk-runner',
  'delivery:keep': 'delivery-archive',
  'delivery:read': 'delivery-archive',
  'delivery:enqueue': 'delivery-queue',
};

/** The ports a function's code uses, in BUNDLED_PORTS order. */
export function portsOf(record: FunctionRecord): BundledPort[] {
  const used = new Set<BundledPort>(record.capabilities.flatMap((capability) => PORT_OF_CAPABILITY[capability] ?? []));
  // The table is a port too: verify makes no table call, so it carries no DynamoDB client.
  if (Object.values(record.table).some((kinds) => kinds.length > 0)) used.add('store');
  if (record.verifies) used.add('verification');
  return BUNDLED_PORTS.filter((port) => used.has(port));
}

/** Signature checks and JSON-LD are CPU work: each verify request holds an instance for up to
 *  its timeout, so its budget is the smallest of the public routes. */
const VERIFY_THROTTLE: RouteThrottle = { rateLimit: 5, burstLimit: 10 };
const REVIEW_THROTTLE: RouteThrottle = { rateLimit: 10, burstLimit: 20 };
const ADMIN_THROTTLE: RouteThrottle = { rateLimit: 5, burstLimit: 10 };
/** People clicking through pages: a little more than the admin API's scripted budget. */
const CONSOLE_THROTTLE: RouteThrottle = { rateLimit: 10, burstLimit: 20 };
/** The earner's own page: people clicking, a few requests each. */
const EARNER_THROTTLE: RouteThrottle = { rateLimit: 10, burstLimit: 20 };

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionRecord>> = {
  'webhook-intake': {
    description: 'POST /webhooks/{sourceId}: a generic award request becomes a submission; an LMS delivery is verified, kept and queued for processing',
    // End of term, an LMS may post a whole course at once: the largest budget. The second path is
    // for platforms that cannot sign (Open edX): the secret is in the path, never logged (the access
    // log records the route template only).
    routes: [
      { method: 'POST', path: '/webhooks/{sourceId}', throttle: { rateLimit: 20, burstLimit: 50 } },
      { method: 'POST', path: '/webhooks/{sourceId}/{secret}', throttle: { rateLimit: 20, burstLimit: 50 } },
    ],
    // webhookSources.get, achievements.get; submissions.create (TransactWrite: Put event + Put
    // submission + Put claim; on a repeat, Get of the event record or claim and the submission it
    // points to). A platform's delivery: its body kept (S3), its pending marker and a refused
    // delivery's log entry (Put SOURCELOG), the queue message (SQS).
    table: { get: ['SOURCE', 'ACHIEVEMENT', 'EVENT', 'SUBMISSION', 'CLAIM'], put: ['EVENT', 'SUBMISSION', 'CLAIM', 'SOURCELOG'] },
    capabilities: ['workflow:start', 'delivery:keep', 'delivery:enqueue'],
  },
  review: {
    description: "GET/POST /review/{secret}: the reviewer's page and decision",
    routes: [
      { method: 'GET', path: '/review/{secret}', throttle: REVIEW_THROTTLE },
      { method: 'POST', path: '/review/{secret}', throttle: REVIEW_THROTTLE },
    ],
    // reviews.getBySecretHash, submissions.get, achievements.get; reviews.decide (TransactWrite: Update review + Update submission);
    // the decision's audit entry (Get of the log's head; TransactWrite: Put entry + head + its once-marker).
    table: { get: ['REVIEW', 'SUBMISSION', 'ACHIEVEMENT', 'AUDIT'], put: ['AUDIT'], update: ['REVIEW', 'SUBMISSION'] },
    capabilities: ['workflow:complete-review'],
  },
  verify: {
    description: 'GET/POST /verify: checks any Open Badges credential (JSON or baked image)',
    routes: [
      { method: 'GET', path: '/verify', throttle: VERIFY_THROTTLE },
      { method: 'POST', path: '/verify', throttle: VERIFY_THROTTLE },
    ],
    // Fetches did:web documents and status lists over HTTPS; no AWS calls.
    table: {},
    capabilities: [],
    verifies: true,
    // Verifies signatures (CPU) and fetches did:web documents from other issuers over the network.
    memoryMb: 1024,
    timeoutSeconds: 20,
  },
  earner: {
    description: "GET/POST /me: the earner's own page (sign-in by mailed link, their credentials, what their badge pages show, a zip of them all)",
    // Literal paths before /me/{token}: the local gateway takes the first match (API Gateway prefers literals itself).
    routes: [
      { method: 'GET', path: '/me', throttle: EARNER_THROTTLE },
      { method: 'POST', path: '/me', throttle: EARNER_THROTTLE },
      { method: 'GET', path: '/me/credentials.zip', throttle: EARNER_THROTTLE },
      { method: 'POST', path: '/me/logout', throttle: EARNER_THROTTLE },
      { method: 'POST', path: '/me/credentials/{id}/visibility', throttle: EARNER_THROTTLE },
      { method: 'GET', path: '/me/{token}', throttle: EARNER_THROTTLE },
      { method: 'POST', path: '/me/{token}', throttle: EARNER_THROTTLE },
    ],
    // functions/earner: sign-in links (Put; Delete to use one) and sessions (Put, Get, Delete);
    // credentials.listByEarner (Query EARNER#, Get of each credential), each one's submission (the
    // name; a stacked credential's components) and stacks.publishedContaining (Query COMPONENT#);
    // credentials.setVisibility (Update) and the badge page rewritten (issuer Get; badges/{id}); the sign-in mail.
    table: {
      get: ['CREDENTIAL', 'SUBMISSION', 'ISSUER', 'SIGNIN', 'SESSION'],
      query: ['EARNER', 'COMPONENT'],
      put: ['SIGNIN', 'SESSION'],
      update: ['CREDENTIAL'],
      delete: ['SIGNIN', 'SESSION'],
    },
    capabilities: ['mail:send', 'badge:publish'],
  },
  admin: {
    description: 'The admin API of issuance: read a submission, the stuck ones, revoke, suspend or reinstate a credential',
    // functions/admin/routes.ts maps each of these to the action it performs and its code.
    routes: [
      { method: 'GET', path: '/admin/submissions/{id}', throttle: ADMIN_THROTTLE },
      // What the reconciler would repair now (functions/reconcile): open submissions and their executions.
      { method: 'GET', path: '/admin/reports/stuck', throttle: ADMIN_THROTTLE },
      // {id} is the id in the credential's URL (/credentials/{id}.json).
      { method: 'POST', path: '/admin/credentials/{id}/revoke', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/credentials/{id}/suspend', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/credentials/{id}/unsuspend', throttle: ADMIN_THROTTLE },
    ],
    // Every request: the caller's user by token hash (locally; Get). submissions.get; credentials.get,
    // statusLists.get; credentials.changeStatus (TransactWrite: Update credential + Update list); the
    // list re-signed and marked published (Update); the badge page rewritten (issuer Get; badges/{id}); its key recorded (issuerKeys.record: conditional
    // Put, Get when it exists) and did.json once per cold start (issuerKeys.list: Query), since after a
    // rotation a revocation may be the first signature with the new key. The change's audit entry (Get
    // of the log's head; TransactWrite: Put entry + head).
    // GET /admin/reports/stuck: submissions.listOpen (Query GSI1) and each one's execution state (DescribeExecution).
    table: {
      get: ['SUBMISSION', 'CREDENTIAL', 'STATUSLIST', 'DID', 'USER', 'AUDIT', 'ISSUER'],
      query: ['DID'],
      put: ['DID', 'AUDIT'],
      update: ['CREDENTIAL', 'STATUSLIST'],
    },
    capabilities: ['key:sign', 'status:publish', 'badge:publish', 'did:publish', 'table:list-open-submissions', 'workflow:inspect'],
    // Re-signs a status list (JSON-LD, CPU) after each revocation or suspension.
    memoryMb: 1024,
  },
  catalogue: {
    description: 'The admin API of the catalogue: users, webhook sources, the audit log, reports and the OpenAPI document (it never signs)',
    // functions/catalogue/routes.ts maps each of these to the action it performs and its code.
    routes: [
      { method: 'POST', path: '/admin/users', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/users', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/users/{id}', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/sources', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/sources', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/sources/{id}', throttle: ADMIN_THROTTLE },
      { method: 'PATCH', path: '/admin/sources/{id}', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/sources/{id}/rotate', throttle: ADMIN_THROTTLE },
      // The LMS delivery pipeline's admin side (functions/catalogue/deliveries.ts, docs/LMS.md).
      { method: 'GET', path: '/admin/sources/{id}/events', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/sources/{id}/learners', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/sources/{id}/replay', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/audit', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/frameworks', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/frameworks', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/frameworks/{id}', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/achievements', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/achievements', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/achievements/{id}', throttle: ADMIN_THROTTLE },
      { method: 'PATCH', path: '/admin/achievements/{id}', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/achievements/{id}/publish', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/achievements/{id}/retire', throttle: ADMIN_THROTTLE },
      // functions/catalogue/stacks.ts and earners.ts (docs/STACKS.md).
      { method: 'POST', path: '/admin/stacks', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/stacks', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/stacks/{id}', throttle: ADMIN_THROTTLE },
      { method: 'PATCH', path: '/admin/stacks/{id}', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/stacks/{id}/publish', throttle: ADMIN_THROTTLE },
      { method: 'POST', path: '/admin/stacks/{id}/retire', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/earners/{email}/credentials', throttle: ADMIN_THROTTLE },
      // Per achievement, the submissions received in a window (functions/catalogue/reports.ts).
      { method: 'GET', path: '/admin/reports/summary', throttle: ADMIN_THROTTLE },
      // Both admin functions' routes as OpenAPI 3.1, generated from their route tables (functions/catalogue/openapi.ts).
      { method: 'GET', path: '/admin/openapi.json', throttle: ADMIN_THROTTLE },
    ],
    // Users: Get (by token hash, by id), Query (the USER#ALL partition), Put (user, e-mail and token
    // items in one transaction). Sources: Get, Put; the issuer a source is pinned to: Get. The audit
    // log: Get of its head, Query of its entries, Put of an entry with the new head (one transaction).
    // Frameworks: Query of a framework's partition, BatchWrite of its items (puts and deletes), Put of
    // its own item. Achievements: Get of the current item, draft and version copies; Put of a draft
    // (conditional; a first one in a TransactWrite with a ConditionCheck of the current item);
    // publish (TransactWrite: Delete draft + Put copy + Put current); retire (Update). The lists of
    // both read the GSI1 partitions ACHIEVEMENTS and FRAMEWORKS (table:list-catalogue). Publishing
    // writes achievements/{id}.json and the extension context (achievement:publish).
    // Stacks: Get of the working copy and the version in force (and the achievements and issuer
    // they name); createDraft/saveDraft (conditional Put), publish (TransactWrite: Update of the
    // working copy, Put of the version in force, its snapshot and a COMPONENT# item per component),
    // retire (TransactWrite: Put of the version in force and the COMPONENT# items); the list by
    // status (Query GSI1: table:list-catalogue). Earners: Query EARNER# and Get of each credential and
    // its submission; Query COMPONENT# per achievement held.
    // GET /admin/reports/summary: the achievements' list (table:list-catalogue), then each one's
    // submissions in the window (submissions.listByAchievement: Query GSI2, table:list-submissions-by-achievement).
    table: {
      get: ['USER', 'SOURCE', 'ISSUER', 'AUDIT', 'ACHIEVEMENT', 'FRAMEWORK', 'STACK', 'CREDENTIAL', 'SUBMISSION'],
      query: ['USER', 'AUDIT', 'FRAMEWORK', 'COMPONENT', 'EARNER', 'SOURCELOG', 'LEARNERS'],
      put: ['USER', 'SOURCE', 'AUDIT', 'ACHIEVEMENT', 'FRAMEWORK', 'STACK', 'COMPONENT'],
      update: ['ACHIEVEMENT', 'STACK'],
      delete: ['ACHIEVEMENT'],
      batchWrite: ['FRAMEWORK', 'LEARNERS'],
    },
    // Sources: the list (Query GSI1 SOURCES: table:list-catalogue); the events log (Query SOURCELOG);
    // the learner directory (Query LEARNERS, BatchWrite of its rows); a replay, and the re-run of
    // unresolved events after a directory upload or a credentials change, go to the delivery queue.
    capabilities: ['achievement:publish', 'table:list-catalogue', 'table:list-submissions-by-achievement', 'delivery:enqueue'],
  },
  bulk: {
    description: 'CSV bulk awards: POST /admin/bulk stores a batch and answers 202; the batch then runs in asynchronous invocations of this function, chunk by chunk',
    // functions/bulk/routes.ts maps each of these to the action it performs and its code.
    routes: [
      { method: 'POST', path: '/admin/bulk', throttle: ADMIN_THROTTLE },
      { method: 'GET', path: '/admin/bulk/{batchId}', throttle: ADMIN_THROTTLE },
    ],
    // Every request: the caller's user by token hash (locally; Get). The upload: Put of the input
    // chunks and the batch (bulkBatches.create), its audit entry (Get of the log's head; TransactWrite:
    // Put entry + head). The read: Get of the batch, Query of its result chunks; a stalled batch
    // resumed or stopped (Update). A run: Get of the batch and each input chunk; per chunk the
    // achievements its rows name (Get, and getDraft for a draft) and the submissions its events would
    // be (submissions.getMany: BatchGet, the repeat check); per new row the intake (submissions.create:
    // TransactWrite Put event + Put submission + Put the learner's claim, Get of them on a repeat;
    // StartExecution); each chunk's results and progress (TransactWrite: Put results + Update batch).
    table: {
      get: ['USER', 'AUDIT', 'BULK', 'ACHIEVEMENT', 'EVENT', 'SUBMISSION', 'CLAIM'],
      batchGet: ['SUBMISSION'],
      query: ['BULK'],
      put: ['AUDIT', 'BULK', 'EVENT', 'SUBMISSION', 'CLAIM'],
      update: ['BULK'],
    },
    capabilities: ['workflow:start', 'bulk:continue'],
    // A run takes chunks while it has CHUNK_TIME_MS (functions/bulk/handler.ts) left, then hands the
    // rest to a fresh invocation; the API routes answer long before API Gateway's 29 s.
    timeoutSeconds: 120,
  },
  console: {
    description: 'The console: server-rendered pages for QA and release managers and admins (review queue, submissions, catalogue, reports)',
    // functions/console/routes.ts: one function behind two routes, the pages below /console.
    routes: [
      { method: 'GET', path: '/console', throttle: CONSOLE_THROTTLE },
      { method: 'GET', path: '/console/{proxy+}', throttle: CONSOLE_THROTTLE },
      { method: 'POST', path: '/console/{proxy+}', throttle: CONSOLE_THROTTLE },
    ],
    // The console calls the cores of the review, admin and catalogue functions, so its record is
    // the union of what those code paths make, plus its sessions:
    // - sessions: Put, Get and Delete of CONSOLE#SESSION# items; sign-in with a token: the user by token hash and by id (Get);
    // - the queue: submissions.listOpen (Query GSI1), each one's reviews (Query of the REVIEW# pointers
    //   in the submission's collection), the achievement (Get); a decision as the review function
    //   takes it (Get review; TransactWrite: Update review + Update submission; its audit entry);
    // - submissions: the achievements' list (table:list-catalogue) and each one's submissions in the
    //   window (Query GSI2); a submission, its credential pointer and credential (Get); revoke, suspend,
    //   reinstate as the admin function does (status list re-signed and published, key recorded);
    // - the catalogue: achievements and stacks drafted, published and retired, frameworks read, as the
    //   catalogue function does (achievements/* published); sources read (Get); the audit log (Get of
    //   its head, Put of an entry with the new head and, for a decision, its once-marker);
    // - reports: the summary report's reads (table:list-catalogue, Query GSI2).
    table: {
      get: ['CONSOLE', 'USER', 'SUBMISSION', 'REVIEW', 'ACHIEVEMENT', 'AUDIT', 'CREDENTIAL', 'STATUSLIST', 'DID', 'ISSUER', 'FRAMEWORK', 'STACK', 'SOURCE'],
      query: ['SUBMISSION', 'DID', 'FRAMEWORK', 'AUDIT'],
      put: ['CONSOLE', 'AUDIT', 'DID', 'ACHIEVEMENT', 'STACK', 'COMPONENT'],
      update: ['REVIEW', 'SUBMISSION', 'CREDENTIAL', 'STATUSLIST', 'ACHIEVEMENT', 'STACK'],
      delete: ['CONSOLE', 'ACHIEVEMENT'],
    },
    capabilities: [
      'workflow:complete-review',
      'table:list-open-submissions',
      'table:list-catalogue',
      'table:list-submissions-by-achievement',
      'key:sign',
      'status:publish',
      'did:publish',
      'achievement:publish',
    ],
    // Re-signs a status list after a revocation or suspension (JSON-LD, CPU), as the admin function.
    memoryMb: 1024,
  },
  'check-evidence': {
    description: "Workflow step: checks the submission's evidence against the achievement's requirements",
    routes: [],
    workflowStep: 'checkEvidence',
    // Only for an execution started without the intake's verdict (the reconciler's restarts, executions
    // from before the verdict rode in the input): submissions.get, achievements.get
    table: { get: ['SUBMISSION', 'ACHIEVEMENT'] },
    capabilities: [],
    timeoutSeconds: 30,
  },
  'request-review': {
    description: 'Workflow step: creates the review and mails its link to the reviewers',
    routes: [],
    workflowStep: 'requestReview',
    // submissions.get, achievements.get; submissions.transition (Update, Get on a refused transition); reviews.create
    // (TransactWrite: Put review + Put its pointer in the submission's collection); mail to reviewers;
    // issuers.get (the learner's "in review" mail is in the issuer's language)
    table: { get: ['SUBMISSION', 'ACHIEVEMENT', 'ISSUER'], put: ['REVIEW', 'SUBMISSION'], update: ['SUBMISSION'] },
    capabilities: ['mail:send'],
    timeoutSeconds: 30,
  },
  'record-outcome': {
    description: 'Workflow step: records REJECTED, EXPIRED or FAILED on the submission (APPROVED for executions from before Release approved)',
    routes: [],
    workflowStep: 'recordOutcome',
    // submissions.get, achievements.get; submissions.transition (Update); mail on expiry (reviewers,
    // admin, learner) and on rejection (learner; issuers.get for the language);
    // credentials.getBySubmission before recording FAILED (a stored credential is never failed);
    // REJECTED, EXPIRED or FAILED releases the learner's claim on the achievement (conditional Delete).
    table: { get: ['SUBMISSION', 'ACHIEVEMENT', 'CREDENTIAL', 'ISSUER'], update: ['SUBMISSION'], delete: ['CLAIM'] },
    capabilities: ['mail:send'],
    timeoutSeconds: 30,
  },
  'release-credential': {
    description: 'Workflow step: signs the credential, bakes its images and publishes them with the status list',
    routes: [],
    workflowStep: 'releaseCredential',
    // credentials.getSubmissionWithCredential (one Query of SUBMISSION#<id>: the submission and its credential
    // pointer; Get of the credential when there is one), issuers,
    // achievements, credentials and statusLists get; statusLists.allocate (UpdateItem ADD on the list's
    // counter; Get and Put of the current-list pointer when a list fills) and markPublished (Update);
    // stacks.publishedContaining (Query COMPONENT#: what the achievement stacks into, for the credential);
    // credentials.putOnce (TransactWrite: Put credential + Put its earner index entry + Put pointer under SUBMISSION#
    // + Update of the submission to APPROVED, conditional on its status and review decision); transition
    // (Update); issuerKeys.record (conditional Put, Get when it exists) and issuerKeys.list (Query) for
    // did.json's key history; KMS Sign (credential and status list) + GetPublicKey; S3
    // credentials/{id}.json|png|svg, the badge page badges/{id} (and assets/badge.js once per process), status/...json, and .well-known/did.json once per cold start. For
    // issuers with vc-jwt on: the RSA key's GetPublicKey (once per process) and Sign (DIGEST) per
    // credential, its issuerKeys.record, S3 credentials/{id}.jwt.
    table: {
      get: ['SUBMISSION', 'ISSUER', 'ACHIEVEMENT', 'CREDENTIAL', 'STATUSLIST', 'DID'],
      query: ['SUBMISSION', 'DID', 'COMPONENT'],
      put: ['CREDENTIAL', 'EARNER', 'SUBMISSION', 'STATUSLIST', 'DID'],
      update: ['SUBMISSION', 'STATUSLIST'],
    },
    capabilities: ['key:sign', 'jwt-key:sign', 'site:publish', 'badge:publish', 'status:publish', 'did:publish'],
    // JSON-LD expansion and canonicalisation (credential and status list) and the badge render are
    // CPU-bound; memory buys CPU.
    memoryMb: 1024,
    timeoutSeconds: 30,
    // packages/badges/src/render.ts: the resvg native addon (its binary is a per-platform optional
    // package) and the Inter font files it renders with, both loaded on first render.
    nodeModules: [RESVG_MODULE, FONT_PACKAGE],
  },
  'notify-earner': {
    description: 'Workflow step: starts the stacked award of each stack the credential completes, and mails the earner the link to their credential',
    routes: [],
    workflowStep: 'notifyEarner',
    // submissions.get, achievements.get, issuers.get, credentials.get (its dates, only when the release's
    // result did not come with the input); mail to the earner. The stacked award
    // (stacked-award.ts): stacks.publishedContaining (Query COMPONENT#), credentials.listByEarner
    // (Query EARNER#, Get of each credential's status), and for a completed stack the intake:
    // submissions.create (TransactWrite: Put event + Put submission; Get of both on a repeat) and
    // StartExecution.
    // The stacked award's submission claims the stack's achievement for the earner (Put CLAIM; Get on a repeat).
    table: { get: ['SUBMISSION', 'ACHIEVEMENT', 'ISSUER', 'CREDENTIAL', 'EVENT', 'CLAIM'], query: ['COMPONENT', 'EARNER'], put: ['EVENT', 'SUBMISSION', 'CLAIM'] },
    capabilities: ['mail:send', 'workflow:start'],
    timeoutSeconds: 30,
  },
  reconcile: {
    description: 'Scheduled: re-drives or fails stuck submissions and publishes the StuckSubmissions metric',
    routes: [],
    // functions/reconcile/reconcile.ts: submissions.listOpen (Query GSI1, SUBMISSION#OPEN) and each
    // one's executionState (DescribeExecution); workflow.start when there is no execution
    // (StartExecution); transition to FAILED (Update). An APPROVED one is released in place with the
    // same code as the release-credential step, then mailed as notify-earner does: so its table
    // access, keys, publishing and modules are the union of those two records.
    table: {
      get: ['SUBMISSION', 'ISSUER', 'ACHIEVEMENT', 'CREDENTIAL', 'STATUSLIST', 'DID', 'EVENT', 'CLAIM'],
      query: ['DID', 'COMPONENT', 'EARNER'],
      put: ['CREDENTIAL', 'EARNER', 'SUBMISSION', 'STATUSLIST', 'DID', 'EVENT', 'CLAIM'],
      update: ['SUBMISSION', 'STATUSLIST'],
      // A submission it fails releases its claim (conditional Delete).
      delete: ['CLAIM'],
    },
    capabilities: [
      'table:list-open-submissions',
      'workflow:inspect',
      'workflow:start',
      'key:sign',
      'jwt-key:sign',
      'site:publish',
      'badge:publish',
      'status:publish',
      'did:publish',
      'mail:send',
    ],
    // A release signs and renders (CPU), like release-credential.
    memoryMb: 1024,
    // Up to 1000 open submissions a run, one DescribeExecution each, and a release per approved one;
    // shorter than the schedule so two runs never overlap.
    timeoutSeconds: 240,
    nodeModules: [RESVG_MODULE, FONT_PACKAGE],
  },
  'process-deliveries': {
    description: "The delivery queue's consumer: matches kept LMS events to rules, resolves learners, submits awards, writes the events log; runs replays",
    routes: [],
    // functions/process-deliveries/pipeline.ts: webhookSources.get; the kept body (S3 GetObject);
    // the event's log entries (Query SOURCELOG), each outcome written (Put) and, on a replay, an
    // entry a rule no longer names deleted; the pending marker deleted; learners.get (Get LEARNERS);
    // submitAward as webhook-intake does it (achievements.get, getDraft; TransactWrite: Put event +
    // submission + claim, Get of them on a repeat; StartExecution). A platform's look-up (Canvas
    // profile, Moodle web service) is an HTTPS call, no AWS grant. With the stage's Canvas queue
    // (canvasSqs) it also keeps each Canvas message's body: the stateless stack adds delivery:keep then.
    table: {
      get: ['SOURCE', 'ACHIEVEMENT', 'EVENT', 'SUBMISSION', 'CLAIM', 'LEARNERS', 'SOURCELOG'],
      query: ['SOURCELOG'],
      put: ['SOURCELOG', 'EVENT', 'SUBMISSION', 'CLAIM'],
      delete: ['SOURCELOG'],
    },
    capabilities: ['workflow:start', 'delivery:read'],
    // A batch of up to 10 messages, each up to a delivery of events with a platform look-up per learner.
    timeoutSeconds: 60,
  },
};

/** Every API route, from the records. */
export const API_ROUTES: readonly ApiRoute[] = FUNCTION_NAMES.flatMap((name) => FUNCTIONS[name].routes.map((route) => ({ ...route, function: name })));

/** Which function runs each workflow step, from the records. */
export const WORKFLOW_STEP_FUNCTIONS = Object.fromEntries(
  FUNCTION_NAMES.flatMap((name) => {
    const step = FUNCTIONS[name].workflowStep;
    return step ? [[step, name]] : [];
  }),
) as Record<keyof WorkflowFunctions, FunctionName>;
