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

/** POST /verify with a recipient to check: `{credential, recipientEmail}`. (A bare credential is the other body shape.) */
export const VerifyRequest = z
  .object({
    credential: z.record(z.string(), z.unknown()),
    recipientEmail: z.email().max(320).optional(),
  })
  .strict();
export type VerifyRequest = z.infer<typeof VerifyRequest>;

/** What an achievement demands of a submission's evidence before review. */
export const EvidenceRequirements = z
  .object({
    minItems: z.number().int().min(0).default(0),
    requireUrl: z.boolean().default(false),
  })
  .strict();
export type EvidenceRequirements = z.infer<typeof EvidenceRequirements>;

/** How an issuer's credentials are secured (OB 3.0 §8): an embedded Data Integrity proof
 *  (eddsa-rdfc-2022), and optionally also a VC-JWT (RS256) published beside it. */
export const PROOF_FORMATS = ['data-integrity', 'vc-jwt'] as const;
export const ProofFormat = z.enum(PROOF_FORMATS);
export type ProofFormat = z.infer<typeof ProofFormat>;

export const Issuer = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  url: z.url(),
  email: z.email().optional(),
  description: z.string().optional(),
  /** Absent means `['data-integrity']`. Data Integrity stays on: baked badges, the public JSON and
   *  the status lists all carry it; `vc-jwt` adds a second, independently verifiable form. */
  proofFormats: z
    .array(ProofFormat)
    .min(1)
    .refine((formats) => formats.includes('data-integrity'), { message: 'data-integrity cannot be turned off (baked badges and status lists use it)' })
    .optional(),
});
export type Issuer = z.infer<typeof Issuer>;

/** OB 3.0 extensible vocabularies: one of the spec's terms, or an `ext:` term of our own. */
const extensibleTerm = (terms: readonly string[]) =>
  z.string().refine((v) => terms.includes(v) || /^ext:[A-Za-z0-9._-]+$/.test(v), {
    message: `must be one of ${terms.join(', ')} or an ext: term`,
  });

/** Where an achievement sits in a skills framework (OB 3.0 Alignment). */
export const Alignment = z
  .object({
    targetName: z.string().trim().min(1),
    targetUrl: z.url(),
    targetDescription: z.string().min(1).optional(),
    targetFramework: z.string().min(1).optional(),
    targetCode: z.string().min(1).optional(),
    targetType: extensibleTerm(['ceasn:Competency', 'ceterms:Credential', 'CFItem', 'CFRubric', 'CFRubricCriterion', 'CFRubricCriterionLevel', 'CTDL']).optional(),
  })
  .strict();
export type Alignment = z.infer<typeof Alignment>;

/** A result an earner of the achievement can have (a grade, a level...): OB 3.0 ResultDescription.
 *  `id` is local to the achievement; the credential names it as a fragment of the achievement's URL. */
export const ResultDescription = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]+$/),
    name: z.string().min(1),
    resultType: extensibleTerm([
      'GradePointAverage', 'LetterGrade', 'Percent', 'PerformanceLevel', 'PredictedScore', 'RawScore',
      'Result', 'RubricCriterion', 'RubricCriterionLevel', 'RubricScore', 'ScaledScore', 'Status',
    ]),
    allowedValue: z.array(z.string().min(1)).min(1).optional(),
    requiredValue: z.string().min(1).optional(),
    valueMin: z.string().min(1).optional(),
    valueMax: z.string().min(1).optional(),
  })
  .strict();
export type ResultDescription = z.infer<typeof ResultDescription>;

/** How an achievement's badge image looks. The catalogue has no taxonomy yet, so the level is the
 *  one lever: it picks the shape and colour, so earners and employers can tell levels apart. */
export const BADGE_LEVELS = ['foundation', 'intermediate', 'advanced'] as const;
export const BadgeLevel = z.enum(BADGE_LEVELS);
export type BadgeLevel = z.infer<typeof BadgeLevel>;
export const BadgeDesign = z.object({ level: BadgeLevel.default('foundation') }).strict();
export type BadgeDesign = z.infer<typeof BadgeDesign>;

export const Achievement = z.object({
  id: z.string().min(1),
  issuerId: z.string().min(1),
  name: z.string().min(1),
  description: z.string().min(1),
  criteria: z.object({ narrative: z.string().min(1), id: z.url().optional() }),
  achievementType: z.string().optional(),
  /** The badge picture: an https URL (usually on our public origin) or a data: URI. */
  image: z.object({ id: z.url({ protocol: /^(https?|data)$/ }), caption: z.string().min(1).optional() }).strict().optional(),
  alignment: z.array(Alignment).optional(),
  tag: z.array(z.string().trim().min(1)).optional(),
  creditsAvailable: z.number().nonnegative().optional(),
  fieldOfStudy: z.string().min(1).optional(),
  resultDescription: z.array(ResultDescription).optional(),
  /** Credentials for it expire this many days after issue (validUntil); none: they do not expire. */
  validityDays: z.number().int().min(1).optional(),
  qaPolicy: QaPolicy,
  /** Who reviews submissions under the manual policy. */
  reviewerEmails: z.array(z.email()).default([]),
  evidenceRequirements: EvidenceRequirements.default({ minItems: 0, requireUrl: false }),
  /** The badge image's design; absent means the default (foundation) design. */
  design: BadgeDesign.optional(),
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

/** A key the issuer has signed with, kept for good so that did.json can list it after rotation.
 *  A compromised key leaves assertionMethod: credentials it signed stop verifying. */
export type IssuerKey = {
  did: string;
  /** The id proofs name: `<did>#<publicKeyMultibase>`. */
  verificationMethod: string;
  publicKeyMultibase: string;
  /** The KMS key (ARN, id or alias) or local key fingerprint that signs with it. */
  keyRef: string;
  firstUsedAt: string;
  compromisedAt?: string;
};

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
  /** The same credential as a VC-JWT (compact JWS, RS256), when its issuer has `vc-jwt` on. */
  jwt?: string;
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
  /** The newest version known to be signed and public; a release skips re-signing an unchanged list. */
  publishedVersion?: number;
};
