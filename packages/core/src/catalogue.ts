// Catalogue types: what an institution configures and every request reads (issuers, achievements,
// the webhook sources that may award them). Also the schemas the store parses these items with.
import * as z from 'zod';

export const QaPolicy = z.enum(['auto', 'manual']);
export type QaPolicy = z.infer<typeof QaPolicy>;

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
  /** ISO 3166-1 alpha-2 code of the country the issuer is established in: the EU micro-credential
   *  element "country of the issuer", carried as the issuer Profile's address. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as "NL"')
    .optional(),
  /** The language of what the issuer publishes and mails (badge pages, earners' mails); absent: English. */
  language: z.enum(['en', 'fr']).optional(),
  /** The issuer's LinkedIn organization id: "add to profile" links name it (LinkedIn then shows the
   *  organization's logo); absent, they give the issuer's name instead. */
  linkedInOrganizationId: z
    .string()
    .regex(/^[0-9]+$/, 'must be the numeric id of a LinkedIn organization')
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
      'GradePointAverage',
      'LetterGrade',
      'Percent',
      'PerformanceLevel',
      'PredictedScore',
      'RawScore',
      'Result',
      'RubricCriterion',
      'RubricCriterionLevel',
      'RubricScore',
      'ScaledScore',
      'Status',
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
  image: z
    .object({ id: z.url({ protocol: /^(https?|data)$/ }), caption: z.string().min(1).optional() })
    .strict()
    .optional(),
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
  /** Where it stands in the catalogue's lifecycle (issue 8). Absent on an achievement written
   *  straight to the table (tests, the chaos run), which issues as published. */
  status: z.enum(['published', 'retired']).optional(),
  /** The published version that issues now (1, 2...); each credential records it. */
  version: z.number().int().min(1).optional(),
  /** Actor ids: who last edited the published version, who published it (never the same person). */
  updatedBy: z.string().min(1).optional(),
  publishedBy: z.string().min(1).optional(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  /** How long a reviewer's link stays valid, from the achievement's `review.timeoutHours`; the
   *  deployment's TESSERA_REVIEW_TIMEOUT_SECONDS still bounds it (docs/MICROCREDENTIALS.md). */
  reviewTimeoutHours: z.number().positive().optional(),
  /** Whether a rejected learner's mail quotes the reviewer's comment (reviewers are told); default false. */
  shareReviewComment: z.boolean().optional(),
  /** A learner may earn it more than once. Absent or false: one credential per e-mail address and
   *  achievement, whichever source asks (a second award is a `duplicate` and issues nothing). */
  allowRepeat: z.boolean().optional(),
});
export type Achievement = z.infer<typeof Achievement>;

/** The kinds of source Tessera accepts deliveries from: Tessera's own signed JSON (`generic`), and
 *  each LMS's native delivery (docs/LMS.md). */
export const SOURCE_KINDS = ['generic', 'canvas', 'moodle', 'openedx', 'caliper'] as const;
export const SourceKind = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKind>;

/** Which achievement a course's events award, and when. `course` is the platform's own identifier
 *  (Canvas course id or SIS id, Moodle courseid, Open edX course_key, Caliper group.id). */
export const SourceRule = z
  .object({
    course: z.string().trim().min(1).max(500),
    achievementId: z.string().trim().min(1).max(200),
    /** For events that carry a score: the least fraction of the maximum that earns it (0..1). */
    minScore: z.number().min(0).max(1).optional(),
    /** A submission (Caliper AssessmentEvent Submitted) earns it without a grade. */
    acceptSubmitted: z.boolean().optional(),
  })
  .strict();
export type SourceRule = z.infer<typeof SourceRule>;

/** A source allowed to deliver award requests or learning events (an LMS): its secret, the issuer it
 *  awards for, its rules and the platform settings its kind reads. After a rotation the previous
 *  secret keeps working until `previousSecretValidUntil`, so the LMS can be switched over without
 *  losing a delivery. */
export const WebhookSource = z.object({
  id: z.string().min(1),
  /** Absent on sources stored before kinds existed: generic. */
  kind: SourceKind.optional(),
  name: z.string().min(1).optional(),
  /** Absent for canvas: Canvas signs with Instructure's keys (jwksUrl), not a shared secret. */
  secret: z.string().min(1).optional(),
  /** The one issuer whose achievements it may award; absent: any issuer of this deployment. */
  issuerId: z.string().min(1).optional(),
  previousSecret: z.string().min(1).optional(),
  previousSecretValidUntil: z.iso.datetime({ offset: true }).optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  rotatedAt: z.iso.datetime({ offset: true }).optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
  /** Course → achievement rules (not read for generic sources, whose requests name the achievement). */
  rules: z.array(SourceRule).optional(),
  /** canvas: where Live Events' signing keys are published (absent: Instructure's). */
  jwksUrl: z.url().optional(),
  /** canvas: the root account whose events are accepted (Instructure signs every customer's events
   *  with the same keys; absent: any Canvas). */
  rootAccountUuid: z.string().min(1).optional(),
  /** canvas: the REST API base and a token that may read user profiles (the learner's e-mail). */
  apiUrl: z.url().optional(),
  apiToken: z.string().min(1).optional(),
  /** moodle: the web service endpoint and its token (core_user_get_users_by_field). */
  wsUrl: z.url().optional(),
  wsToken: z.string().min(1).optional(),
});
export type WebhookSource = z.infer<typeof WebhookSource>;
