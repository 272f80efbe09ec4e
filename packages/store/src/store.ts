// The repositories the rest of Tessera uses. Implemented over one DynamoDB table, one repository
// per file in repositories/; every key is built in keys.ts. Every record read is parsed with its
// zod schema: an item that does not fit is a StoredItemInvalidError (500) naming the field.
import type { AuditEntry, AuditFields } from '@tessera/catalogue/audit';
import type {
  AdminUser,
  BadgeVisibility,
  EarnerSession,
  EarnerSignIn,
  CredentialRecord,
  CredentialStatus,
  CredentialStatusChange,
  Issuer,
  IssuerKey,
  Review,
  ReviewDecision,
  StatusList,
  StatusListPosition,
  StatusPurpose,
  Submission,
  SubmissionStatus,
  WebhookSource,
  DeliveryLogEntry,
  DirectoryLearner,
  PendingDelivery,
} from '@tessera/core';
import type { AchievementsRepository } from './repositories/achievements.ts';
import type { BulkBatchesRepository } from './repositories/bulk-batches.ts';
import type { CatalogueRepository } from './repositories/catalogue.ts';
import type { FrameworksRepository } from './repositories/frameworks.ts';
import type { StacksRepository } from './repositories/stacks.ts';
import type { ReviewPointer } from './repositories/reviews.ts';
import type { ConsoleSessionsRepository } from './repositories/console-sessions.ts';

/** A submission's move to APPROVED, written in the transaction that stores its credential (no step of
 *  its own): from RECEIVED under the auto policy, or from IN_REVIEW when the recorded review decision
 *  is `approve` (the condition checks it again). The history gains `{at, status: APPROVED, note}`. */
export type SubmissionApproval = { from: 'RECEIVED' | 'IN_REVIEW'; at: string; note: string };

/** One of an earner's credentials, as their list shows it. */
export type EarnerCredential = { credentialId: string; submissionId: string; achievementId: string; issuedAt: string; credentialUrl: string; status: CredentialStatus };

export interface Store {
  issuers: CatalogueRepository<Issuer>;
  /** The achievement lifecycle (draft, published versions, retired): repositories/achievements.ts. */
  achievements: AchievementsRepository;
  /** Skills frameworks, each with its items: repositories/frameworks.ts. */
  frameworks: FrameworksRepository;
  webhookSources: CatalogueRepository<WebhookSource> & {
    /** Every source, by id (a GSI1 query of the SOURCES partition). */
    list(): Promise<WebhookSource[]>;
  };
  /** The LMS delivery pipeline's records (repositories/deliveries.ts). */
  deliveries: {
    /** Marks a kept delivery as waiting for its processing step. */
    recordPending(delivery: PendingDelivery): Promise<void>;
    /** Its processing step has run: it leaves the pending list. */
    markProcessed(sourceId: string, deliveryId: string): Promise<void>;
    /** Every delivery kept and not processed, oldest first (a sparse GSI1 query). */
    listPending(): Promise<PendingDelivery[]>;
    /** Writes (or rewrites) one entry of a source's events log. */
    putEntry(entry: DeliveryLogEntry): Promise<void>;
    getEntry(entry: Pick<DeliveryLogEntry, 'sourceId' | 'receivedAt' | 'deliveryId' | 'index' | 'achievementId'>): Promise<DeliveryLogEntry | undefined>;
    deleteEntry(entry: Pick<DeliveryLogEntry, 'sourceId' | 'receivedAt' | 'deliveryId' | 'index' | 'achievementId'>): Promise<void>;
    /** The entries of one event of a delivery (one per rule, or one). */
    listEventEntries(place: Pick<DeliveryLogEntry, 'sourceId' | 'receivedAt' | 'deliveryId' | 'index'>): Promise<DeliveryLogEntry[]>;
    /** The source's entries received in [from, to) (either bound optional), oldest first (every
     *  page): a report's window reads only its own entries. */
    listEntries(sourceId: string, options?: { from?: string; to?: string }): Promise<DeliveryLogEntry[]>;
  };
  /** Each source's learner directory (repositories/learners.ts). */
  learners: {
    get(sourceId: string, lmsUserId: string): Promise<DirectoryLearner | undefined>;
    list(sourceId: string): Promise<DirectoryLearner[]>;
    /** Adds or overwrites these rows; `replace` also deletes the rows they do not name. */
    write(sourceId: string, learners: DirectoryLearner[], mode: 'add' | 'replace'): Promise<{ written: number; removed: number }>;
  };
  /** Stacks: draft, publish, retire, and the published stacks an achievement counts toward (repositories/stacks.ts). */
  stacks: StacksRepository;
  users: {
    /** Stores a new user with the hash of their token; a taken e-mail (any case) → ConflictError. */
    create(user: AdminUser, tokenHash: string): Promise<void>;
    get(id: string): Promise<AdminUser | undefined>;
    /** The user whose bearer token hashes to `tokenHash` (hashUserToken). */
    getByTokenHash(tokenHash: string): Promise<AdminUser | undefined>;
    /** Every user, by e-mail. */
    list(): Promise<AdminUser[]>;
  };
  audit: {
    /** Appends the next entry of the hash chain (seq, time and hashes are the log's) and returns it.
     *  With `once`, an entry under that key is appended at most once: a repeat returns undefined. */
    append(fields: AuditFields, options?: { once?: string }): Promise<AuditEntry | undefined>;
    /** The last entry's seq and hash; undefined while the log is empty. */
    head(): Promise<{ seq: number; hash: string } | undefined>;
    /** Entries after seq `after`, in order, optionally only those about one entity (kind and/or id)
     *  or at or after `since` (ISO time); `next` is the seq to continue after when `limit` was reached. */
    list(options?: { after?: number; limit?: number; entity?: string; entityId?: string; since?: string }): Promise<{ entries: AuditEntry[]; next?: number }>;
  };
  submissions: {
    /** Stores a new submission together with its idempotency record (sourceId + eventId) and, with
     *  `claim`, the learner's claim on the achievement (one credential per e-mail and achievement),
     *  in one transaction. If that event was already received, nothing is written and the submission
     *  stored the first time is returned with `created: false`. If the learner already holds a claim
     *  (another event, any source), nothing is written and the claiming submission is returned with
     *  `created: false, duplicateOf: 'learner'`. */
    create(submission: Submission, options?: { claim?: boolean }): Promise<{ submission: Submission; created: boolean; duplicateOf?: 'event' | 'learner' }>;
    /** Drops the submission's claim on its achievement (it ended without a credential), so the
     *  learner may try again; a claim held by another submission is left alone. */
    releaseClaim(submission: Pick<Submission, 'id' | 'recipient' | 'achievementId'>): Promise<void>;
    get(id: string): Promise<Submission | undefined>;
    /** The submissions with these ids that exist, in a few round trips (CSV bulk's repeat check). */
    getMany(ids: readonly string[]): Promise<Submission[]>;
    /** Submissions not in a final status, oldest first (a sparse GSI1 query): the reconciler's work list. */
    listOpen(options?: { limit?: number }): Promise<Submission[]>;
    /** The achievement's submissions received at or after `from` and before `to` (ISO times), oldest
     *  first, whatever their status (a GSI2 query, every page). */
    listByAchievement(achievementId: string, window: { from: string; to: string }): Promise<Submission[]>;
    /** Moves a submission to `to`, only from a status SUBMISSION_TRANSITIONS allows before `to`,
     *  merging `patch` and appending to the audit history. Idempotent: if it is already in `to`,
     *  returns it unchanged. Otherwise a refused move throws ConflictError; unknown id → NotFoundError. */
    transition(id: string, to: SubmissionStatus, options: { at: string; note?: string; patch?: Partial<Omit<Submission, 'id' | 'status' | 'history'>> }): Promise<Submission>;
  };
  reviews: {
    /** Stores a pending review (TTL set from expiresAt). */
    create(review: Review): Promise<void>;
    getBySecretHash(secretHash: string): Promise<Review | undefined>;
    /** The reviews requested for a submission (one per reviewer's link, and again per repeated
     *  request), oldest first, without their task tokens: who may decide it and by when. */
    listBySubmission(submissionId: string): Promise<ReviewPointer[]>;
    /** Records the decision once, atomically on the review and on its submission (`review`
     *  field; the status is the workflow's to change). Of several reviewers deciding the same
     *  submission, exactly one wins and the submission's `review` is that decision. Already decided
     *  (this link, or the submission through another link) or no longer in review → ConflictError;
     *  past expiresAt (compared with decision.decidedAt) → GoneError; unknown → NotFoundError. */
    decide(secretHash: string, decision: ReviewDecision): Promise<Review>;
  };
  /** The console's signed-in sessions, by the hash of their cookie's token (repositories/console-sessions.ts). */
  consoleSessions: ConsoleSessionsRepository;
  earnerSessions: {
    /** Stores a sign-in link by its token's hash (TTL from expiresAt). */
    createSignIn(signIn: EarnerSignIn): Promise<void>;
    /** The link, unless unknown, used or expired at `now` (reading it uses nothing up). */
    findSignIn(tokenHash: string, now: Date): Promise<EarnerSignIn | undefined>;
    /** Uses the link up: deleted in the same conditional write that reads it, so it opens at most
     *  one session. Unknown, used or expired (at `now`) → undefined. */
    consumeSignIn(tokenHash: string, now: Date): Promise<EarnerSignIn | undefined>;
    createSession(session: EarnerSession): Promise<void>;
    /** The session, unless unknown or expired at `now`. */
    getSession(sessionHash: string, now: Date): Promise<EarnerSession | undefined>;
    endSession(sessionHash: string): Promise<void>;
  };
  issuerKeys: {
    /** Records a signing key of the issuer's DID the first time it is used; a key already recorded
     *  is left as it is (its first use and compromise stay) and returned with `created: false`. */
    record(key: IssuerKey): Promise<{ key: IssuerKey; created: boolean }>;
    /** Every key the DID has used, in order of first use. */
    list(did: string): Promise<IssuerKey[]>;
    /** Marks a key compromised (idempotent: the first date stays); unknown key → NotFoundError. */
    markCompromised(did: string, publicKeyMultibase: string, at: string): Promise<IssuerKey>;
  };
  credentials: {
    /** Conditional write: the first record for a submission wins; a retry gets the stored one.
     *  The same transaction adds it to its earner's list under the hash of `earnerEmail` (never the address)
     *  and, given `approval`, moves the submission to APPROVED (see SubmissionApproval): a submission
     *  no longer in that state stores nothing (ConflictError naming its status). */
    putOnce(record: CredentialRecord, options: { earnerEmail: string; approval?: SubmissionApproval }): Promise<{ record: CredentialRecord; created: boolean }>;
    get(id: string): Promise<CredentialRecord | undefined>;
    /** Every credential issued to this e-mail address (any case), oldest first, with its current status. */
    listByEarner(earnerEmail: string): Promise<EarnerCredential[]>;
    getBySubmission(submissionId: string): Promise<CredentialRecord | undefined>;
    /** The submission and the credential released for it (if any) in one Query of the submission's
     *  item collection (its credential pointer lives there): what a release reads first. The
     *  credential itself costs a second read only when there is one (a retried release). */
    getSubmissionWithCredential(submissionId: string): Promise<{ submission?: Submission; credential?: CredentialRecord }>;
    /** What its earner chose to show on the public badge page; unknown credential → NotFoundError. */
    setVisibility(id: string, visibility: BadgeVisibility): Promise<CredentialRecord>;
    /** Moves a credential's status to `to`, only from a status CREDENTIAL_TRANSITIONS allows before
     *  `to`, appending `change` to its audit trail, and in the same transaction writes its status
     *  list's new `encodedList`, only if the list is still at `list.version` (it becomes version + 1).
     *  Already `to` → returned unchanged. Otherwise: a refused move → ConflictError; the list changed
     *  since it was read → StatusListChangedError (read it again, retry); unknown credential → NotFoundError. */
    changeStatus(
      id: string,
      options: {
        to: CredentialStatus;
        change: CredentialStatusChange;
        list: { issuerId: string; purpose: StatusPurpose; listNumber: number; version: number; encodedList: string };
      },
    ): Promise<CredentialRecord>;
  };
  /** CSV bulk batches and their rows' outcomes: repositories/bulk-batches.ts. */
  bulkBatches: BulkBatchesRepository;
  statusLists: {
    /** The next index of the issuer's current list for `purpose`: an atomic counter, so no index is
     *  ever handed out twice, even to concurrent callers, nor reused. A full list makes the next
     *  list (number + 1) current. */
    /** `published`: the list's current version was already published when the index was taken
     *  (then a release need not read the list again to know). */
    allocate(issuerId: string, purpose: StatusPurpose): Promise<StatusListPosition & { published: boolean }>;
    /** A list that has had an index allocated; version 0 and no encodedList until a bit is set. */
    get(issuerId: string, purpose: StatusPurpose, listNumber: number): Promise<StatusList | undefined>;
    /** Records that `version` of the list is signed and public. Never moves backwards: a slower
     *  publisher of an older version leaves a newer mark alone. */
    markPublished(issuerId: string, purpose: StatusPurpose, listNumber: number, version: number): Promise<void>;
  };
}
