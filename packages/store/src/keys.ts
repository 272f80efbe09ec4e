// Every key of the one Tessera table is built here. Access patterns (none uses Scan):
//
//   Issuer by id                      GetItem   pk ISSUER#<id>                 sk ISSUER
//   Achievement by id                 GetItem   pk ACHIEVEMENT#<id>            sk ACHIEVEMENT (the version that issues now: published or retired)
//   Achievement draft                 GetItem   pk ACHIEVEMENT#<id>            sk DRAFT       (the next version, while one is open)
//   Achievement version n             GetItem   pk ACHIEVEMENT#<id>            sk VERSION#<n, 6 digits> (immutable copy of each published version)
//   Achievements by status            Query GSI1 gsi1pk ACHIEVEMENTS           gsi1sk <status>#<id> (on the current item and on the draft)
//   Framework with its items          Query     pk FRAMEWORK#<id>              sk FRAMEWORK, ITEM#<itemId> (one partition per framework)
//   Frameworks                        Query GSI1 gsi1pk FRAMEWORKS             gsi1sk <id> (on the FRAMEWORK item)
//   Webhook source by id              GetItem   pk SOURCE#<id>                 sk SOURCE
//   Webhook sources                   Query GSI1 gsi1pk SOURCES              gsi1sk <id> (on each source's item)
//   A source's events log             Query     pk SOURCELOG#<sourceId>       sk begins_with / >= EVENT#<receivedAt, UTC ISO>
//     (one entry per event of a delivery and rule: sk EVENT#<receivedAt>#<deliveryId>#<index, 4 digits>#<achievementId or ->)
//   A kept delivery not yet processed GetItem   pk SOURCELOG#<sourceId>       sk DELIVERY#<deliveryId>
//   Deliveries not yet processed      Query GSI1 gsi1pk DELIVERY#PENDING      gsi1sk <receivedAt>#<sourceId>#<deliveryId>
//     (sparse: the item is deleted once processed; the local queue's start-up re-run)
//   Learner in a source's directory   GetItem   pk LEARNERS#<sourceId>        sk USER#<lmsUserId>
//   A source's learner directory      Query     pk LEARNERS#<sourceId>        sk begins_with USER#
//   Claim on an award                 GetItem   pk CLAIM#<sha256(lower-cased e-mail)> sk ACHIEVEMENT#<achievementId>
//     (→ submissionId; written with the submission, deleted when it ends without a credential: one credential per learner)
//   Submission by id                  GetItem   pk SUBMISSION#<id>             sk SUBMISSION
//   Submission by source event        GetItem   pk EVENT#<sourceId>#<eventId>  sk EVENT   (idempotency record → submissionId)
//   Review by secret hash             GetItem   pk REVIEW#<secretHash>         sk REVIEW  (TTL: purgeAt)
//   Reviews of a submission           Query     pk SUBMISSION#<id>             sk begins_with REVIEW#<secretHash>
//     (a pointer per reviewer's review, without its task token: the console's queue and decisions)
//   Credential by id                  GetItem   pk CREDENTIAL#<id>             sk CREDENTIAL
//   Credential by submission          GetItem   pk SUBMISSION#<id>             sk CREDENTIAL (pointer → credentialId)
//   Credentials of a recipient        Query GSI1 gsi1pk RECIPIENT#<recipientHash> gsi1sk CREDENTIAL#<issuedAt>#<id>
//   Issuer key by DID and key         GetItem   pk DID#<did>                   sk KEY#<publicKeyMultibase>
//   Keys of an issuer DID             Query     pk DID#<did>                   sk begins_with KEY#

//   Status list of an issuer          GetItem   pk STATUSLIST#<issuerId>#<purpose> sk LIST#<listNumber>
//     (its bits, version, nextIndex: allocation is an ADD on nextIndex, conditioned below the list size)
//   Current status list of an issuer  GetItem   pk STATUSLIST#<issuerId>#<purpose> sk CURRENT (→ listNumber)
//
//   Local workflow execution          GetItem   pk SUBMISSION#<name>           sk EXECUTION (the execution name is the submission id)
//   Unfinished local executions       Query GSI1 gsi1pk EXECUTION#UNFINISHED   gsi1sk <startedAt>#<name>
//     (sparse: the GSI1 attributes are removed when the execution ends, so the query reads only live ones)
//   Open submissions (not final)      Query GSI1 gsi1pk SUBMISSION#OPEN        gsi1sk <receivedAt>#<id>
//     (sparse as well: removed when the submission reaches a final status; the reconciler's query)
//   Submissions of an achievement     Query GSI2 gsi2pk ACHIEVEMENT#<achievementId> gsi2sk SUBMISSION#<receivedAt, UTC ISO>#<id>
//     (by time of receipt, a range of it with BETWEEN; kept for good on every submission; the reports' query)
//
//   Stack in force (published/retired) GetItem pk STACK#<id>                sk STACK
//   Stack working copy (draft)        GetItem   pk STACK#<id>                 sk DRAFT   (never deleted: its status says whether a draft is open)
//   Stack version snapshot            GetItem   pk STACK#<id>                 sk VERSION#<000001>  (immutable, one per publish)
//   Stacks by status                  Query GSI1 gsi1pk STACKS#<status>       gsi1sk <id>
//     (the open draft, or the stack in force, carries it; a published draft's working copy drops it)
//   Stacks containing an achievement  Query     pk COMPONENT#<achievementId>  sk begins_with STACK#
//     (one item per component of the version in force, with the stack's rule; status says if it counts)
//   Credentials of an earner          Query     pk EARNER#<sha256(lower-cased e-mail)> sk CREDENTIAL#<issuedAt>#<id>
//     (written with the credential; status is read from the credential item, the one place it changes)
//
//   Earner sign-in link by hash       GetItem   pk SIGNIN#<sha256(token)>      sk SIGNIN  (e-mail, expiresAt; deleted when used; TTL: purgeAt)
//   Earner session by hash            GetItem   pk SESSION#<sha256(token)>     sk SESSION (e-mail, expiresAt; TTL: purgeAt)
//
//   Admin user by id                  GetItem   pk USER#ALL                    sk USER#<id>
//   Admin users                       Query     pk USER#ALL                    sk begins_with USER#   (a few dozen people: one partition)
//   Admin user by e-mail (unique)     GetItem   pk USER#email:<email>          sk EMAIL   (→ userId; makes e-mails unique)
//   Admin user by token               GetItem   pk USER#token:<sha256(token)>  sk TOKEN   (→ userId; the token itself is never stored)
//
//   Console session by token          GetItem   pk CONSOLE#SESSION#<sha256(token)> sk SESSION (TTL: purgeAt; the token itself is never stored)
//
//   Audit log entry by sequence       Query     pk AUDIT#LOG                   sk ENTRY#<seq, 12 digits>  (append-only, hash-chained)
//   Audit log head                    GetItem   pk AUDIT#LOG                   sk HEAD    (seq and hash of the last entry: the append's condition)
//   Audit entry made once             GetItem   pk AUDIT#ONCE#<key>            sk ONCE    (→ seq; written with an entry that must not repeat)
//
//   Bulk batch (CSV upload)           GetItem   pk BULK#<batchId>              sk BATCH   (status, progress, counts)
//   Bulk batch input, chunk n         GetItem   pk BULK#<batchId>              sk INPUT#<n, 6 digits>  (its rows, parsed)
//   Bulk batch results                Query     pk BULK#<batchId>              sk begins_with RESULT#  (one item per chunk run)
//   Running bulk batches              Query GSI1 gsi1pk BULK#RUNNING          gsi1sk <createdAt>#<batchId>
//     (sparse: removed when the batch is done; read by the local runtime at start to resume them)
//
// Each id is URI-encoded inside a key so that a `#` in an id cannot make two keys collide.
import { TABLE_DEFINITION } from './table.ts';

export type ItemKey = { pk: string; sk: string };

const part = (value: string) => encodeURIComponent(value);
const UNFINISHED_EXECUTIONS = 'EXECUTION#UNFINISHED';
const OPEN_SUBMISSIONS = 'SUBMISSION#OPEN';
const AUDIT = 'AUDIT#LOG';
const USERS = 'USER#ALL';
const RUNNING_BULK_BATCHES = 'BULK#RUNNING';
const chunkNumber = (n: number) => String(n).padStart(6, '0');
const PENDING_DELIVERIES = 'DELIVERY#PENDING';
/** An instant in one form (UTC, milliseconds) so that sort keys made from it order by time,
 *  whatever offset or precision the record's time was written with. */
const utc = (iso: string) => new Date(iso).toISOString();
/** Sequence numbers are zero-padded so the sort key orders them. */
export const auditSeqKey = (seq: number) => `ENTRY#${String(seq).padStart(12, '0')}`;

export const keys = {
  issuer: (id: string): ItemKey => ({ pk: `ISSUER#${part(id)}`, sk: 'ISSUER' }),
  achievement: (id: string): ItemKey => ({ pk: `ACHIEVEMENT#${part(id)}`, sk: 'ACHIEVEMENT' }),
  achievementDraft: (id: string): ItemKey => ({ pk: `ACHIEVEMENT#${part(id)}`, sk: 'DRAFT' }),
  achievementVersion: (id: string, version: number): ItemKey => ({ pk: `ACHIEVEMENT#${part(id)}`, sk: `VERSION#${String(version).padStart(6, '0')}` }),
  /** GSI1 attributes of an achievement's current item or draft, by lifecycle status. */
  achievementListing: (status: string, id: string) => ({ gsi1pk: 'ACHIEVEMENTS', gsi1sk: `${status}#${part(id)}` }),
  achievements: () => ({ gsi1pk: 'ACHIEVEMENTS' }),
  framework: (id: string): ItemKey => ({ pk: `FRAMEWORK#${part(id)}`, sk: 'FRAMEWORK' }),
  frameworkItem: (frameworkId: string, itemId: string): ItemKey => ({ pk: `FRAMEWORK#${part(frameworkId)}`, sk: `ITEM#${part(itemId)}` }),
  frameworkPartition: (id: string) => ({ pk: `FRAMEWORK#${part(id)}` }),
  /** GSI1 attributes of a framework's own item: every framework in one small partition, by id. */
  frameworkListing: (id: string) => ({ gsi1pk: 'FRAMEWORKS', gsi1sk: part(id) }),
  frameworks: () => ({ gsi1pk: 'FRAMEWORKS' }),
  user: (id: string): ItemKey => ({ pk: USERS, sk: `USER#${part(id)}` }),
  users: () => ({ pk: USERS, skPrefix: 'USER#' }),
  userByEmail: (email: string): ItemKey => ({ pk: `USER#email:${part(email.toLowerCase())}`, sk: 'EMAIL' }),
  userByTokenHash: (tokenHash: string): ItemKey => ({ pk: `USER#token:${part(tokenHash)}`, sk: 'TOKEN' }),
  auditEntry: (seq: number): ItemKey => ({ pk: AUDIT, sk: auditSeqKey(seq) }),
  auditHead: (): ItemKey => ({ pk: AUDIT, sk: 'HEAD' }),
  auditLog: () => ({ pk: AUDIT, skPrefix: 'ENTRY#' }),
  auditOnce: (key: string): ItemKey => ({ pk: `AUDIT#ONCE#${part(key)}`, sk: 'ONCE' }),
  webhookSource: (id: string): ItemKey => ({ pk: `SOURCE#${part(id)}`, sk: 'SOURCE' }),
  /** GSI1 attributes of a source's item: every source in one small partition, by id. */
  sourceListing: (id: string) => ({ gsi1pk: 'SOURCES', gsi1sk: part(id) }),
  sources: () => ({ gsi1pk: 'SOURCES' }),
  deliveryLogEntry: (entry: { sourceId: string; receivedAt: string; deliveryId: string; index: number; achievementId?: string }): ItemKey => ({
    pk: `SOURCELOG#${part(entry.sourceId)}`,
    sk: `EVENT#${utc(entry.receivedAt)}#${part(entry.deliveryId)}#${String(entry.index).padStart(4, '0')}#${entry.achievementId === undefined ? '-' : part(entry.achievementId)}`,
  }),
  /** A source's log entries received at or after `from` and before `to` (no bound without). Every
   *  entry's key goes on past `EVENT#<receivedAt>`, so one received exactly at `to` sorts after it. */
  deliveryLog: (sourceId: string, from?: string, to?: string) => ({
    pk: `SOURCELOG#${part(sourceId)}`,
    skFrom: from ? `EVENT#${utc(from)}` : 'EVENT#',
    skTo: to ? `EVENT#${utc(to)}` : 'EVENT$',
  }),
  pendingDelivery: (sourceId: string, deliveryId: string): ItemKey => ({ pk: `SOURCELOG#${part(sourceId)}`, sk: `DELIVERY#${part(deliveryId)}` }),
  pendingDeliveryListing: (receivedAt: string, sourceId: string, deliveryId: string) => ({
    gsi1pk: PENDING_DELIVERIES,
    gsi1sk: `${utc(receivedAt)}#${part(sourceId)}#${part(deliveryId)}`,
  }),
  pendingDeliveries: () => ({ gsi1pk: PENDING_DELIVERIES }),
  directoryLearner: (sourceId: string, lmsUserId: string): ItemKey => ({ pk: `LEARNERS#${part(sourceId)}`, sk: `USER#${part(lmsUserId)}` }),
  learnerDirectory: (sourceId: string) => ({ pk: `LEARNERS#${part(sourceId)}`, skPrefix: 'USER#' }),
  /** The claim of one learner (by e-mail hash) on one achievement. */
  awardClaim: (emailHash: string, achievementId: string): ItemKey => ({ pk: `CLAIM#${part(emailHash)}`, sk: `ACHIEVEMENT#${part(achievementId)}` }),
  submission: (id: string): ItemKey => ({ pk: `SUBMISSION#${part(id)}`, sk: 'SUBMISSION' }),
  /** The idempotency record that makes one source event yield one submission. */
  sourceEvent: (sourceId: string, eventId: string): ItemKey => ({
    pk: `EVENT#${part(sourceId)}#${part(eventId)}`,
    sk: 'EVENT',
  }),
  earnerSignIn: (tokenHash: string): ItemKey => ({ pk: `SIGNIN#${part(tokenHash)}`, sk: 'SIGNIN' }),
  earnerSession: (sessionHash: string): ItemKey => ({ pk: `SESSION#${part(sessionHash)}`, sk: 'SESSION' }),
  review: (secretHash: string): ItemKey => ({ pk: `REVIEW#${part(secretHash)}`, sk: 'REVIEW' }),
  /** A review's pointer in its submission's item collection (the console finds a submission's reviews by it). */
  reviewOfSubmission: (submissionId: string, secretHash: string): ItemKey => ({ pk: `SUBMISSION#${part(submissionId)}`, sk: `REVIEW#${part(secretHash)}` }),
  reviewsOfSubmission: (submissionId: string) => ({ pk: `SUBMISSION#${part(submissionId)}`, skPrefix: 'REVIEW#' }),
  consoleSession: (tokenHash: string): ItemKey => ({ pk: `CONSOLE#SESSION#${part(tokenHash)}`, sk: 'SESSION' }),
  credential: (id: string): ItemKey => ({ pk: `CREDENTIAL#${part(id)}`, sk: 'CREDENTIAL' }),
  /** Lives in the submission's item collection: the first credential released for it. */
  credentialOfSubmission: (submissionId: string): ItemKey => ({ pk: `SUBMISSION#${part(submissionId)}`, sk: 'CREDENTIAL' }),
  issuerKey: (did: string, publicKeyMultibase: string): ItemKey => ({ pk: `DID#${part(did)}`, sk: `KEY#${part(publicKeyMultibase)}` }),
  issuerKeysOf: (did: string) => ({ pk: `DID#${part(did)}`, skPrefix: 'KEY#' }),

  statusList: (issuerId: string, purpose: string, listNumber: number): ItemKey => ({
    pk: `STATUSLIST#${part(issuerId)}#${part(purpose)}`,
    sk: `LIST#${listNumber}`,
  }),
  /** Which of the issuer's lists for that purpose new credentials get their index from. */
  currentStatusList: (issuerId: string, purpose: string): ItemKey => ({ pk: `STATUSLIST#${part(issuerId)}#${part(purpose)}`, sk: 'CURRENT' }),
  /** The local runner's journal of one execution (npm start only; Step Functions keeps its own on AWS). */
  workflowExecution: (name: string): ItemKey => ({ pk: `SUBMISSION#${part(name)}`, sk: 'EXECUTION' }),
  /** GSI1 attributes of an execution still running; removed when it ends. */
  unfinishedExecution: (startedAt: string, name: string) => ({ gsi1pk: UNFINISHED_EXECUTIONS, gsi1sk: `${startedAt}#${part(name)}` }),
  /** The GSI1 partition listing every execution still running. */
  unfinishedExecutions: () => ({ gsi1pk: UNFINISHED_EXECUTIONS }),
  /** GSI1 attributes of a submission not yet in a final status. */
  openSubmission: (receivedAt: string, id: string) => ({ gsi1pk: OPEN_SUBMISSIONS, gsi1sk: `${receivedAt}#${part(id)}` }),
  openSubmissions: () => ({ gsi1pk: OPEN_SUBMISSIONS }),
  /** GSI2 attributes of every submission: its achievement's partition, ordered by time of receipt. */
  submissionOfAchievement: (achievementId: string, receivedAt: string, id: string) => ({
    gsi2pk: `ACHIEVEMENT#${part(achievementId)}`,
    gsi2sk: `SUBMISSION#${utc(receivedAt)}#${part(id)}`,
  }),
  /** The GSI2 key range of an achievement's submissions received at or after `from` and before `to`
   *  (ISO times): every sort key in it is `SUBMISSION#<time>#<id>`, so `SUBMISSION#<to>` ends it exclusively. */
  submissionsOfAchievement: (achievementId: string, window: { from: string; to: string }) => ({
    gsi2pk: `ACHIEVEMENT#${part(achievementId)}`,
    gsi2skFrom: `SUBMISSION#${utc(window.from)}`,
    gsi2skTo: `SUBMISSION#${utc(window.to)}`,
  }),
  stack: (id: string): ItemKey => ({ pk: `STACK#${part(id)}`, sk: 'STACK' }),
  stackDraft: (id: string): ItemKey => ({ pk: `STACK#${part(id)}`, sk: 'DRAFT' }),
  stackVersion: (id: string, version: number): ItemKey => ({ pk: `STACK#${part(id)}`, sk: `VERSION#${String(version).padStart(6, '0')}` }),
  /** GSI1 attributes of a stack listed under `status`. */
  stackByStatus: (status: string, id: string) => ({ gsi1pk: `STACKS#${part(status)}`, gsi1sk: part(id) }),
  stacksWithStatus: (status: string) => ({ gsi1pk: `STACKS#${part(status)}` }),
  /** A stack's entry in the collection of one of its component achievements. */
  stackComponent: (achievementId: string, stackId: string): ItemKey => ({ pk: `COMPONENT#${part(achievementId)}`, sk: `STACK#${part(stackId)}` }),
  stacksContaining: (achievementId: string) => ({ pk: `COMPONENT#${part(achievementId)}`, skPrefix: 'STACK#' }),
  /** A credential in its earner's collection; the e-mail address only as its hash (earnerHash). */
  earnerCredential: (earner: string, issuedAt: string, id: string): ItemKey => ({ pk: `EARNER#${part(earner)}`, sk: `CREDENTIAL#${issuedAt}#${part(id)}` }),
  earnerCredentials: (earner: string) => ({ pk: `EARNER#${part(earner)}`, skPrefix: 'CREDENTIAL#' }),
  /** GSI1 attributes of a credential item. */
  bulkBatch: (id: string): ItemKey => ({ pk: `BULK#${part(id)}`, sk: 'BATCH' }),
  bulkInput: (id: string, chunk: number): ItemKey => ({ pk: `BULK#${part(id)}`, sk: `INPUT#${chunkNumber(chunk)}` }),
  bulkResults: (id: string, chunk: number): ItemKey => ({ pk: `BULK#${part(id)}`, sk: `RESULT#${chunkNumber(chunk)}` }),
  bulkResultsOf: (id: string) => ({ pk: `BULK#${part(id)}`, skPrefix: 'RESULT#' }),
  /** GSI1 attributes of a batch still running; removed when it is done. */
  runningBulkBatch: (createdAt: string, id: string) => ({ gsi1pk: RUNNING_BULK_BATCHES, gsi1sk: `${createdAt}#${part(id)}` }),
  runningBulkBatches: () => ({ gsi1pk: RUNNING_BULK_BATCHES }),
  credentialByRecipient: (recipientHash: string, issuedAt: string, id: string) => ({
    gsi1pk: `RECIPIENT#${part(recipientHash)}`,
    gsi1sk: `CREDENTIAL#${issuedAt}#${part(id)}`,
  }),
};

/** Attributes the store adds to items for its own use; never part of what it returns. */
export const STORE_ATTRIBUTES = [
  TABLE_DEFINITION.partitionKey,
  TABLE_DEFINITION.sortKey,
  ...TABLE_DEFINITION.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  TABLE_DEFINITION.timeToLiveAttribute,
  /** The kind of item (Submission, Review...), for people reading the table. */
  'entity',
  /** A review's expiresAt in epoch milliseconds: condition expressions compare numbers, not ISO strings with offsets. */
  'expiresAtMs',
  /** A status list's allocation counter: the store's business, not the list's. */
  'nextIndex',
] as const;

/** The item without the store's own attributes: what the rest of Tessera sees. */
export function withoutStoreAttributes(item: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...item };
  for (const name of STORE_ATTRIBUTES) delete rest[name];
  return rest;
}
