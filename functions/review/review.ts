// The reviewer's side of QA review: look at a pending review (changes nothing: mail scanners
// open links) and decide it once, which records who/when/why and resumes the workflow.
import { ConflictError, GoneError, NotFoundError, parseWith, ReviewDecisionRequest, type Achievement, type Review, type ReviewDecision, type Submission } from '@tessera/core';
import type { Role } from '@tessera/catalogue';
import type { Dependencies } from '../shared/dependencies.ts';
import { formatInstant, hashReviewSecret, isWellFormedReviewSecret } from '@tessera/issuance';

export type PendingReview = { review: Review; submission: Submission; achievement: Achievement };

export async function findPendingReview(deps: Dependencies, secret: string): Promise<PendingReview> {
  return pendingReview(deps, await reviewOfSecret(deps, secret));
}

async function reviewOfSecret(deps: Dependencies, secret: string): Promise<Review | undefined> {
  return isWellFormedReviewSecret(secret) ? deps.store.reviews.getBySecretHash(hashReviewSecret(secret)) : undefined;
}

/** The checks a decision must pass, however the reviewer came to it (the mailed link or the console). */
export async function pendingReview(deps: Dependencies, review: Review | undefined): Promise<PendingReview> {
  if (!review) throw new NotFoundError('This review link is not valid.');
  if (review.decision) {
    throw new ConflictError(`This review was already decided (${review.decision.decision}) on ${formatInstant(review.decision.decidedAt)} by ${review.decision.decidedBy}.`);
  }
  if (new Date(review.expiresAt) <= deps.clock.now()) throw new GoneError(`This review link expired on ${formatInstant(review.expiresAt)}.`);
  const submission = await deps.store.submissions.get(review.submissionId);
  const achievement = submission && (await deps.store.achievements.get(submission.achievementId));
  if (!submission || !achievement) throw new NotFoundError('The submission under review no longer exists.');
  if (submission.review) {
    throw new ConflictError(`This submission was already decided (${submission.review.decision}) by ${submission.review.decidedBy}.`);
  }
  // The workflow's deadline can fire a moment before the link's own expiry: once the submission
  // has left review, the link is as good as expired.
  if (submission.status !== 'IN_REVIEW') throw new GoneError(`This review is closed: the submission is now ${submission.status}.`);
  return { review, submission, achievement };
}

export function parseDecisionForm(form: Record<string, string>): ReviewDecisionRequest {
  return parseWith(ReviewDecisionRequest, form, 'decision');
}

/** Who decides: the name kept on the decision, and the actor and roles the audit log records. The
 *  mailed link decides as the reviewer it was sent to (no role: the link is the capability); the
 *  console as the signed-in person. */
export type Decider = { decidedBy: string; actor: string; roles: readonly Role[] };

export async function decideReview(deps: Dependencies, secret: string, form: ReviewDecisionRequest): Promise<PendingReview & { decision: ReviewDecision }> {
  const review = await reviewOfSecret(deps, secret);
  return recordDecision(deps, review, form, (pending) => ({ decidedBy: pending.review.reviewerEmail, actor: pending.review.reviewerEmail, roles: [] }));
}

/** Decides a pending review once: recorded first (conditionally, once), audited, then delivered to
 *  the workflow, so the audit trail never misses a decision that the workflow acted on. A second
 *  decision is a ConflictError naming the first, after delivering it if that had failed. */
export async function recordDecision(
  deps: Dependencies,
  review: Review | undefined,
  form: ReviewDecisionRequest,
  decider: (pending: PendingReview) => Decider,
): Promise<PendingReview & { decision: ReviewDecision }> {
  let pending: PendingReview;
  try {
    pending = await pendingReview(deps, review);
  } catch (error) {
    if (error instanceof ConflictError && review) await deliverRecordedDecision(deps, review);
    throw error;
  }
  const who = decider(pending);
  const decision: ReviewDecision = {
    decision: form.decision,
    comment: form.comment,
    decidedBy: who.decidedBy,
    decidedAt: deps.clock.now().toISOString(),
  };
  await deps.store.reviews.decide(pending.review.secretHash, decision);
  await auditDecision(deps, pending.review.submissionId, decision, who);
  await deps.workflow.succeed(pending.review.taskToken, { decision: decision.decision });
  return { ...pending, decision };
}

/** A decision is recorded before the workflow hears of it; if telling the workflow failed (a
 *  throttled or unreachable Step Functions), the submission waits IN_REVIEW with its decision on
 *  record. Any later decision on a review of that submission delivers the recorded decision, so a
 *  retry by the reviewer finishes the job instead of leaving the submission to expire. */
async function deliverRecordedDecision(deps: Dependencies, review: Review): Promise<void> {
  const submission = await deps.store.submissions.get(review.submissionId);
  if (!submission?.review || submission.status !== 'IN_REVIEW') return;
  await auditDecision(deps, submission.id, submission.review, { decidedBy: submission.review.decidedBy, actor: submission.review.decidedBy, roles: [] });
  try {
    await deps.workflow.succeed(review.taskToken, { decision: submission.review.decision });
  } catch (error) {
    // Already delivered (or timed out meanwhile): nothing is waiting for it any more.
    if (!(error instanceof GoneError)) throw error;
  }
}

/** The decision's audit entry, once: a retry after a failure between recording and auditing adds
 *  the missing entry, never a second one. */
async function auditDecision(deps: Dependencies, submissionId: string, decision: ReviewDecision, who: Decider): Promise<void> {
  await deps.store.audit.append(
    {
      actor: who.actor,
      roles: who.roles,
      action: 'review.decided',
      entity: 'submission',
      entityId: submissionId,
      summary: `${decision.decision}${decision.comment ? `: ${decision.comment}` : ''}`,
    },
    { once: `review.decided#${submissionId}` },
  );
}
