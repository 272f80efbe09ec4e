// An achievement as the catalogue manages it (issue 8): the request body of a draft (today's fields,
// the EU micro-credential facts and its review rule), the completeness check publishing applies,
// and the published form the issuance path reads (core's Achievement plus the facts).
import { Achievement, EvidenceRequirements, QaPolicy, UnprocessableError, detailsFromZod, parseWith, type ErrorDetail } from '@tessera/core';
import * as z from 'zod';
import type { Framework } from './framework.ts';
import { MicroCredentialFacts, microcredentialProperties, type MicroCredentialProperties, type SkillRef } from './microcredential.ts';

export const ACHIEVEMENT_STATUSES = ['draft', 'published', 'retired'] as const;
export type AchievementStatus = (typeof ACHIEVEMENT_STATUSES)[number];

/** The longest review a deployment can wait for (a Step Functions task timeout past ~24.8 days
 *  overflows the local runner; packages/workflow caps it at 24 days). */
export const MAX_REVIEW_TIMEOUT_HOURS = 24 * 24;

/** Who reviews submissions for the achievement, and for how long a reviewer's link is valid. */
export const AchievementReview = z
  .object({
    policy: QaPolicy,
    reviewers: z.array(z.email()).default([]),
    timeoutHours: z.number().positive().max(MAX_REVIEW_TIMEOUT_HOURS),
    /** Quote the reviewer's comment in a rejected learner's mail (reviewers should know); absent: no. */
    shareComment: z.boolean().optional(),
  })
  .strict()
  .superRefine((review, ctx) => {
    if (review.policy === 'manual' && review.reviewers.length === 0) ctx.addIssue({ code: 'custom', path: ['reviewers'], message: 'a manual review needs at least one reviewer' });
  });
export type AchievementReview = z.output<typeof AchievementReview>;

const ACHIEVEMENT_ID = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit');

/** Today's fields of an achievement that a draft may hold (qaPolicy and reviewers come from `review`). */
const coreFields = {
  issuerId: Achievement.shape.issuerId,
  name: Achievement.shape.name,
  description: Achievement.shape.description.optional(),
  criteria: Achievement.shape.criteria.optional(),
  image: Achievement.shape.image,
  tag: Achievement.shape.tag,
  resultDescription: Achievement.shape.resultDescription,
  validityDays: Achievement.shape.validityDays,
  evidenceRequirements: EvidenceRequirements.optional(),
  design: Achievement.shape.design,
  allowRepeat: Achievement.shape.allowRepeat,
};

/** A draft's content: everything but id, issuer and name may still be missing; what is there is
 *  checked as it will be at publication. */
export const AchievementDraftContent = z.object({ ...coreFields, ...MicroCredentialFacts.partial().shape, review: AchievementReview.optional() }).strict();
export type AchievementDraftContent = z.output<typeof AchievementDraftContent>;

/** `POST /admin/achievements`. */
export const CreateAchievementRequest = AchievementDraftContent.extend({ id: ACHIEVEMENT_ID }).strict();
export type CreateAchievementRequest = z.output<typeof CreateAchievementRequest>;

/** `PATCH /admin/achievements/{id}`: the fields to change; `null` removes an optional one. */
export const EditAchievementRequest = z.record(z.string(), z.unknown()).superRefine((patch, ctx) => {
  if ('id' in patch) ctx.addIssue({ code: 'custom', path: ['id'], message: 'an achievement keeps its id (create another one instead)' });
  if (Object.keys(patch).length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'give at least one field to change' });
});

/** What publishing demands: every element of the EU standard list, and the review rule. */
const CompleteAchievement = AchievementDraftContent.extend({
  description: Achievement.shape.description,
  criteria: Achievement.shape.criteria,
  ...MicroCredentialFacts.shape,
  review: AchievementReview,
}).strict();

/** A draft as stored: its content, the version it becomes when published, who edited it last. */
export const AchievementDraft = AchievementDraftContent.extend({
  id: z.string().min(1),
  status: z.literal('draft'),
  version: z.number().int().min(1),
  createdBy: z.string().min(1),
  updatedBy: z.string().min(1),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type AchievementDraft = z.output<typeof AchievementDraft>;

/** A skills framework as an achievement's published version keeps it (only the items it aligns to),
 *  so a credential is built from the version's own copy whatever a later re-import changes. */
export const FrameworkSnapshot = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  sourceUri: z.string().min(1).optional(),
  items: z.array(
    z.object({
      id: z.string().min(1),
      code: z.string().min(1),
      name: z.string().min(1),
      description: z.string().min(1).optional(),
      url: z.string().min(1),
      parentId: z.string().min(1).optional(),
    }),
  ),
});

/** What `store.achievements.get` returns: core's Achievement (what the workflow reads), with the
 *  facts and framework copies of the version that issues now. Both absent on an achievement written
 *  outside the catalogue (tests, the chaos run): it issues without the extension. */
export const CatalogueAchievement = Achievement.extend({
  microcredential: MicroCredentialFacts.optional(),
  skillFrameworks: z.array(FrameworkSnapshot).optional(),
});
export type CatalogueAchievement = z.output<typeof CatalogueAchievement>;

/** The draft's content with `patch` applied (top-level fields; `null` removes one), checked again:
 *  a ValidationError (400) naming each field the edit leaves wrong. */
export function applyEdit(content: AchievementDraftContent, patch: Record<string, unknown>): AchievementDraftContent {
  const merged: Record<string, unknown> = { ...content };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return parseWith(AchievementDraftContent, merged, 'achievement edit');
}

/** The draft's content without its lifecycle fields. */
export function draftContent(draft: AchievementDraft): AchievementDraftContent {
  const { id: _id, status: _status, version: _version, createdBy: _createdBy, updatedBy: _updatedBy, updatedAt: _updatedAt, ...content } = draft;
  return content;
}

/** A published (or retired) version back in the request's shape: what a new draft starts from. */
export function contentOf(achievement: CatalogueAchievement): AchievementDraftContent {
  const { issuerId, name, description, criteria, image, tag, resultDescription, validityDays, evidenceRequirements, design, allowRepeat, microcredential } = achievement;
  const content = AchievementDraftContent.parse({
    allowRepeat,
    issuerId,
    name,
    description,
    criteria,
    image,
    tag,
    resultDescription,
    validityDays,
    evidenceRequirements,
    design,
    ...microcredential,
    review: {
      policy: achievement.qaPolicy,
      reviewers: achievement.reviewerEmails,
      timeoutHours: achievement.reviewTimeoutHours ?? MAX_REVIEW_TIMEOUT_HOURS,
      ...(achievement.shareReviewComment !== undefined ? { shareComment: achievement.shareReviewComment } : {}),
    },
  });
  // Fields the version does not have are absent, as in a draft read back from the table.
  return Object.fromEntries(Object.entries(content).filter(([, value]) => value !== undefined)) as AchievementDraftContent;
}

export type Publication = { version: number; publishedBy: string; publishedAt: string; frameworks: readonly Framework[] };

/**
 * The draft as the version that issues: 422 naming every missing element (or a skill whose framework
 * item is gone since), else core's Achievement with the facts and the framework items it aligns to.
 */
export function publishedVersion(draft: AchievementDraft, publication: Publication): CatalogueAchievement {
  const parsed = CompleteAchievement.safeParse(draftContent(draft));
  if (!parsed.success) {
    const details = detailsFromZod(parsed.error.issues).map((d) => (d.message.includes('received undefined') ? { ...d, message: 'missing' } : d));
    throw new UnprocessableError(`achievement '${draft.id}' is not complete: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  }
  const complete = parsed.data;
  const { review, description, criteria, issuerId, name, image, tag, resultDescription, validityDays, evidenceRequirements, design, allowRepeat, ...factFields } = complete;
  const facts = MicroCredentialFacts.parse(factFields);
  try {
    microcredentialProperties(facts, { frameworks: publication.frameworks });
  } catch (error) {
    const details = (error as { details?: ErrorDetail[] }).details ?? [];
    throw new UnprocessableError(
      `achievement '${draft.id}' aligns to framework items that no longer exist: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      details,
      error,
    );
  }
  return CatalogueAchievement.parse({
    id: draft.id,
    issuerId,
    name,
    description,
    criteria,
    achievementType: facts.achievementType,
    image,
    tag,
    creditsAvailable: facts.workload.ects,
    fieldOfStudy: facts.fieldOfStudy,
    resultDescription,
    validityDays,
    qaPolicy: review.policy,
    reviewerEmails: review.reviewers,
    evidenceRequirements: evidenceRequirements ?? { minItems: 0, requireUrl: false },
    design,
    allowRepeat,
    status: 'published',
    version: publication.version,
    updatedBy: draft.updatedBy,
    publishedBy: publication.publishedBy,
    publishedAt: publication.publishedAt,
    reviewTimeoutHours: review.timeoutHours,
    ...(review.shareComment !== undefined ? { shareReviewComment: review.shareComment } : {}),
    microcredential: facts,
    skillFrameworks: frameworkSnapshots(facts.skills, publication.frameworks),
  });
}

/** The frameworks the skills name, each with only the items named. */
export function frameworkSnapshots(skills: readonly SkillRef[], frameworks: readonly Framework[]): Framework[] {
  return frameworks.flatMap((framework) => {
    const wanted = new Set(skills.filter((s) => s.frameworkId === framework.id).map((s) => s.itemId));
    if (wanted.size === 0) return [];
    return [{ ...framework, items: framework.items.filter((item) => wanted.has(item.id)) }];
  });
}

/** The credential builder's `achievementExtension` for a published version; undefined for an
 *  achievement outside the catalogue (no facts). `stacksInto`: URLs of the achievements awarded by
 *  published stacks this one is a component of. */
export function achievementExtension(achievement: CatalogueAchievement, stacksInto: readonly string[] = []): MicroCredentialProperties | undefined {
  if (!achievement.microcredential) return undefined;
  return microcredentialProperties(achievement.microcredential, { frameworks: achievement.skillFrameworks ?? [], stacksInto });
}
