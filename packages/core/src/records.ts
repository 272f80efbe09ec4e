// Stored records: what Tessera keeps about each award (submission, review, credential, status list,
// issuer key). The schemas are the records' shape: the store parses every item it reads with them.
import * as z from 'zod';
import { Decision, Evidence, Recipient, isoDateTime, CREDENTIAL_STATUS_ACTIONS } from './contracts.ts';
import { ADMIN_ROLES } from './roles.ts';

export const SUBMISSION_STATUSES = ['RECEIVED', 'IN_REVIEW', 'APPROVED', 'ISSUED', 'REJECTED', 'EXPIRED', 'FAILED'] as const;
export const SubmissionStatus = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

/** One decision a reviewer made, kept on the review and on its submission for the audit trail. */
export const ReviewDecision = z.object({
  decision: Decision,
  comment: z.string().max(5000).default(''),
  decidedBy: z.string(),
  decidedAt: isoDateTime,
});
export type ReviewDecision = z.infer<typeof ReviewDecision>;

export const AuditEvent = z.object({ at: isoDateTime, status: SubmissionStatus, note: z.string().optional() });
export type AuditEvent = z.infer<typeof AuditEvent>;

export const Submission = z.object({
  id: z.string().min(1),
  sourceId: z.string().min(1),
  eventId: z.string().min(1),
  achievementId: z.string().min(1),
  issuerId: z.string().min(1),
  recipient: Recipient,
  evidence: z.array(Evidence),
  occurredAt: isoDateTime,
  receivedAt: isoDateTime,
  status: SubmissionStatus,
  /** The one decision that won (several reviewers may hold links; only one decision is recorded). */
  review: ReviewDecision.optional(),
  credentialId: z.string().min(1).optional(),
  credentialUrl: z.string().min(1).optional(),
  failureReason: z.string().optional(),
  history: z.array(AuditEvent),
});
export type Submission = z.infer<typeof Submission>;

/** A pending review: found by the SHA-256 of the secret in the emailed link. */
export const Review = z.object({
  secretHash: z.string().min(1),
  submissionId: z.string().min(1),
  reviewerEmail: z.string().min(1),
  taskToken: z.string().min(1),
  createdAt: isoDateTime,
  expiresAt: isoDateTime,
  decision: ReviewDecision.optional(),
});
export type Review = z.infer<typeof Review>;

/** A key the issuer has signed with, kept for good so that did.json can list it after rotation.
 *  A compromised key leaves assertionMethod: credentials it signed stop verifying. */
export const IssuerKey = z.object({
  did: z.string().min(1),
  /** The id proofs name: `<did>#<publicKeyMultibase>`. */
  verificationMethod: z.string().min(1),
  publicKeyMultibase: z.string().min(1),
  /** The KMS key (ARN, id or alias) or local key fingerprint that signs with it. */
  keyRef: z.string().min(1),
  firstUsedAt: isoDateTime,
  compromisedAt: isoDateTime.optional(),
});
export type IssuerKey = z.infer<typeof IssuerKey>;

/** What a W3C Bitstring Status List entry is for. Suspension is reversible; revocation is final. */
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export const StatusPurpose = z.enum(STATUS_PURPOSES);
export type StatusPurpose = z.infer<typeof StatusPurpose>;

export const CREDENTIAL_STATUSES = ['ACTIVE', 'SUSPENDED', 'REVOKED'] as const;
export const CredentialStatus = z.enum(CREDENTIAL_STATUSES);
export type CredentialStatus = z.infer<typeof CredentialStatus>;

/** Bits in every status list: the spec's minimum (16 KB), so a list's size tells nothing. When a
 *  list is full, the issuer's next list (numbered from 1) takes over. */
export const STATUS_LIST_SIZE = 131_072;

/** One bit of one numbered status list of an issuer. */
export const StatusListPosition = z.object({ purpose: StatusPurpose, listNumber: z.number().int().min(1), index: z.number().int().min(0) });
export type StatusListPosition = z.infer<typeof StatusListPosition>;

export const CredentialStatusChange = z.object({
  action: z.enum(CREDENTIAL_STATUS_ACTIONS),
  status: CredentialStatus,
  reason: z.string(),
  by: z.string(),
  at: isoDateTime,
});
export type CredentialStatusChange = z.infer<typeof CredentialStatusChange>;

/** What the earner chose to show on their public badge page (private by default: the signed
 *  credential names nobody, and the page says "a verified earner"). `evidence` holds the positions
 *  of the credential's evidence items to list. */
export const BadgeVisibility = z.object({
  showName: z.boolean().default(false),
  evidence: z.array(z.number().int().min(0)).default([]),
});
export type BadgeVisibility = z.infer<typeof BadgeVisibility>;
export const PRIVATE_BADGE: BadgeVisibility = { showName: false, evidence: [] };

/** A released credential as stored: the signed JSON is the public artefact. */
export const CredentialRecord = z.object({
  id: z.string().min(1),
  submissionId: z.string().min(1),
  issuerId: z.string().min(1),
  achievementId: z.string().min(1),
  /** The achievement version it was issued under (absent: an achievement outside the catalogue's lifecycle). */
  achievementVersion: z.number().int().min(1).optional(),
  recipientHash: z.string().min(1),
  url: z.string().min(1),
  issuedAt: isoDateTime,
  credential: z.record(z.string(), z.unknown()),
  /** The same credential as a VC-JWT (compact JWS, RS256), when its issuer has `vc-jwt` on. */
  jwt: z.string().min(1).optional(),
  /** Absent on credentials released before status lists existed: those cannot be revoked. */
  status: CredentialStatus.optional(),
  /** Where the credential's bits are in its issuer's status lists (one per purpose it carries). */
  statusEntries: z.array(StatusListPosition).optional(),
  /** Who revoked, suspended or reinstated it, when and why. */
  statusHistory: z.array(CredentialStatusChange).optional(),
  /** Absent: nothing shown beyond the credential (PRIVATE_BADGE). */
  visibility: BadgeVisibility.optional(),
});
export type CredentialRecord = z.infer<typeof CredentialRecord>;

/** An issuer's status list for one purpose, as stored: the published encoding and a version for
 *  optimistic concurrency (each bit change increments it). */
export const StatusList = z.object({
  issuerId: z.string().min(1),
  purpose: StatusPurpose,
  listNumber: z.number().int().min(1),
  /** Multibase (`u`) base64url of the GZIP-compressed bitstring; absent while no bit was ever set. */
  encodedList: z.string().min(1).optional(),
  version: z.number().int().min(0),
  /** The newest version known to be signed and public; a release skips re-signing an unchanged list. */
  publishedVersion: z.number().int().min(0).optional(),
});
export type StatusList = z.infer<typeof StatusList>;

/** A person who may use the admin API locally (on AWS, Cognito users and groups play this part).
 *  Only the SHA-256 of their bearer token is kept, in a separate lookup item. */
export const AdminUser = z.object({
  id: z.string().min(1),
  email: z.email(),
  name: z.string().min(1),
  roles: z.array(z.enum(ADMIN_ROLES)).min(1),
  createdAt: isoDateTime,
  createdBy: z.string().min(1),
});
export type AdminUser = z.infer<typeof AdminUser>;

/** A mailed sign-in link to the earner's own page, by the SHA-256 of its token: single-use, 24 h. */
export const EarnerSignIn = z.object({ tokenHash: z.string().min(1), email: z.string().min(1), createdAt: isoDateTime, expiresAt: isoDateTime });
export type EarnerSignIn = z.infer<typeof EarnerSignIn>;

/** A signed-in earner, by the SHA-256 of the session cookie's value. */
export const EarnerSession = z.object({ sessionHash: z.string().min(1), email: z.string().min(1), createdAt: isoDateTime, expiresAt: isoDateTime });
export type EarnerSession = z.infer<typeof EarnerSession>;
