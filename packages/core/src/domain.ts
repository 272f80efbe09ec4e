// The domain vocabulary: zod schemas at the edges, and the types everything inside trusts.
import { z } from 'zod';

export const SUBMISSION_STATUSES = ['RECEIVED', 'IN_REVIEW', 'APPROVED', 'ISSUED', 'REJECTED', 'EXPIRED', 'FAILED'] as const;
export const SubmissionStatus = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

export const QaPolicy = z.enum(['auto', 'manual']);
export type QaPolicy = z.infer<typeof QaPolicy>;

const isoDateTime = z.iso.datetime({ offset: true });

export const Evidence = z
  .object({
    name: z.string().trim().min(1).max(500).optional(),
    narrative: z.string().trim().min(1).max(10_000).optional(),
    url: z.url({ protocol: /^https?$/ }).max(2048).optional(),
  })
  .strict()
  .refine((e) => e.name !== undefined || e.narrative !== undefined || e.url !== undefined, {
    message: 'evidence needs at least one of name, narrative or url',
  });
export type Evidence = z.infer<typeof Evidence>;

export const Recipient = z
  .object({
    email: z.email().max(320).transform((e) => e.toLowerCase()),
    name: z.string().trim().min(1).max(200),
  })
  .strict();
export type Recipient = z.infer<typeof Recipient>;

/** The generic award request an LMS (or any source) posts to /webhooks/{sourceId}. */
export const AwardRequest = z
  .object({
    eventId: z.string().trim().min(1).max(200),
    achievementId: z.string().trim().min(1).max(200),
    recipient: Recipient,
    evidence: z.array(Evidence).max(50).default([]),
    occurredAt: isoDateTime,
  })
  .strict();
export type AwardRequest = z.infer<typeof AwardRequest>;

/** What an achievement demands of a submission's evidence before review. */
export const EvidenceRequirements = z
  .object({
    minItems: z.number().int().min(0).default(0),
    requireUrl: z.boolean().default(false),
  })
  .strict();
export type EvidenceRequirements = z.infer<typeof EvidenceRequirements>;

export const Issuer = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  url: z.url(),
  email: z.email().optional(),
  description: z.string().optional(),
});
export type Issuer = z.infer<typeof Issuer>;

export const Achievement = z.object({
  id: z.string().min(1),
  issuerId: z.string().min(1),
  name: z.string().min(1),
  description: z.string().min(1),
  criteria: z.object({ narrative: z.string().min(1), id: z.url().optional() }),
  achievementType: z.string().optional(),
  qaPolicy: QaPolicy,
  /** Who reviews submissions under the manual policy. */
  reviewerEmails: z.array(z.email()).default([]),
  evidenceRequirements: EvidenceRequirements.default({ minItems: 0, requireUrl: false }),
});
export type Achievement = z.infer<typeof Achievement>;

/** One decision a reviewer made, kept on the submission for the audit trail. */
export const ReviewDecision = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().max(5000).default(''),
  decidedBy: z.string(),
  decidedAt: isoDateTime,
});
export type ReviewDecision = z.infer<typeof ReviewDecision>;

export type AuditEvent = { at: string; status: SubmissionStatus; note?: string };

export type Submission = {
  id: string;
  sourceId: string;
  eventId: string;
  achievementId: string;
  issuerId: string;
  recipient: Recipient;
  evidence: Evidence[];
  occurredAt: string;
  receivedAt: string;
  status: SubmissionStatus;
  review?: ReviewDecision;
  credentialId?: string;
  credentialUrl?: string;
  failureReason?: string;
  history: AuditEvent[];
};

/** A pending review: found by the SHA-256 of the secret in the emailed link. */
export type Review = {
  secretHash: string;
  submissionId: string;
  reviewerEmail: string;
  taskToken: string;
  createdAt: string;
  expiresAt: string;
  decision?: ReviewDecision;
};

export type WebhookSource = { id: string; secret: string; issuerId: string };

/** A released credential as stored: the signed JSON is the public artefact. */
export type CredentialRecord = {
  id: string;
  submissionId: string;
  issuerId: string;
  achievementId: string;
  recipientHash: string;
  url: string;
  issuedAt: string;
  credential: Record<string, unknown>;
  /** Absent on credentials released before status lists existed: those cannot be revoked. */
  status?: CredentialStatus;
  /** Where the credential's bits are in its issuer's status lists (one per purpose it carries). */
  statusEntries?: StatusListPosition[];
  /** Who revoked, suspended or reinstated it, when and why. */
  statusHistory?: CredentialStatusChange[];
};

/** What a W3C Bitstring Status List entry is for. Suspension is reversible; revocation is final. */
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export const StatusPurpose = z.enum(STATUS_PURPOSES);
export type StatusPurpose = z.infer<typeof StatusPurpose>;

export const CREDENTIAL_STATUSES = ['ACTIVE', 'SUSPENDED', 'REVOKED'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

/** The admin actions on a credential's status, as named in the API paths. */
export const CREDENTIAL_STATUS_ACTIONS = ['revoke', 'suspend', 'unsuspend'] as const;
export type CredentialStatusAction = (typeof CREDENTIAL_STATUS_ACTIONS)[number];

/** The body of POST /admin/credentials/{id}/{action}: the reason is kept in the audit trail. */
export const CredentialStatusRequest = z
  .object({ reason: z.string().trim().min(1, 'a reason is required').max(1000) })
  .strict();
export type CredentialStatusRequest = z.infer<typeof CredentialStatusRequest>;

/** Bits in every status list: the spec's minimum (16 KB), so a list's size tells nothing. When a
 *  list is full, the issuer's next list (numbered from 1) takes over. */
export const STATUS_LIST_SIZE = 131_072;

/** One bit of one numbered status list of an issuer. */
export type StatusListPosition = { purpose: StatusPurpose; listNumber: number; index: number };

export type CredentialStatusChange = { action: CredentialStatusAction; status: CredentialStatus; reason: string; by: string; at: string };

/** An issuer's status list for one purpose, as stored: the published encoding and a version for
 *  optimistic concurrency (each bit change increments it). */
export type StatusList = {
  issuerId: string;
  purpose: StatusPurpose;
  listNumber: number;
  /** Multibase (`u`) base64url of the GZIP-compressed bitstring; absent while no bit was ever set. */
  encodedList?: string;
  version: number;
};
