// QA review, first half: park the workflow's task token behind a one-time link per reviewer and
// email them, and tell the learner their evidence is in review. The token stays in DynamoDB; the
// link carries only a random secret.
import { IssuanceError, NotFoundError, publicPaths, publicUrl, type Review } from '@tessera/core';
import type { Dependencies } from '../shared/dependencies.ts';
import { evidenceReceivedMail, hashReviewSecret, newReviewSecret, reviewRequestMail } from '@tessera/issuance';

export async function requestReview(deps: Dependencies, input: { submissionId: string; taskToken: string }): Promise<{ reviewers: number }> {
  const submission = await deps.store.submissions.get(input.submissionId);
  if (!submission) throw new NotFoundError(`no submission '${input.submissionId}'`);
  const achievement = await deps.store.achievements.get(submission.achievementId);
  if (!achievement) throw new NotFoundError(`no achievement '${submission.achievementId}'`);
  if (achievement.reviewerEmails.length === 0) throw new IssuanceError(`${achievement.name} needs manual review but has no reviewers`);

  const now = deps.clock.now();
  // The achievement's review.timeoutHours shortens the links' life; the workflow's own timeout (the
  // deployment's TESSERA_REVIEW_TIMEOUT_SECONDS) still decides when the submission becomes EXPIRED.
  const timeoutSeconds = Math.min(deps.config.reviewTimeoutSeconds, (achievement.reviewTimeoutHours ?? Infinity) * 3600);
  const expiresAt = new Date(now.getTime() + timeoutSeconds * 1000).toISOString();
  const inReview = await deps.store.submissions.transition(submission.id, 'IN_REVIEW', {
    at: now.toISOString(),
    note: `review requested from ${achievement.reviewerEmails.join(', ')}`,
  });

  // Every review is stored before anyone is mailed: a store fault then retries the step before any
  // mail went out. A repeat of this step (a Retry after a mail fault, or a resumed wait after a crash
  // between mailing and the journal's record of it) mails again, with a new link: see
  // docs/RELIABILITY.md "A reviewer mailed twice" for why both links are safe (same task token, first
  // decision wins, the other link answers 409 naming it).
  const links: { reviewerEmail: string; reviewUrl: string }[] = [];
  for (const reviewerEmail of achievement.reviewerEmails) {
    const secret = newReviewSecret();
    const review: Review = {
      secretHash: hashReviewSecret(secret),
      submissionId: submission.id,
      reviewerEmail,
      taskToken: input.taskToken,
      createdAt: now.toISOString(),
      expiresAt,
    };
    await deps.store.reviews.create(review);
    links.push({ reviewerEmail, reviewUrl: publicUrl(deps.config.publicBaseUrl, publicPaths.review(secret)) });
  }
  for (const { reviewerEmail, reviewUrl } of links) {
    await deps.mailer.send(reviewRequestMail({ to: reviewerEmail, submission: inReview, achievement, reviewUrl, expiresAt }));
  }
  // The learner hears once that the evidence is in review, and by when they will hear more: the
  // workflow's deadline, when an undecided review becomes EXPIRED. A repeat of the step finds the
  // submission already IN_REVIEW from the first run (its newest entry is older) and does not mail again.
  if (inReview.history.at(-1)?.at === now.toISOString()) {
    const issuer = await deps.store.issuers.get(submission.issuerId);
    if (issuer) {
      const decisionBy = new Date(now.getTime() + deps.config.reviewTimeoutSeconds * 1000).toISOString();
      await deps.mailer.send(evidenceReceivedMail({ submission: inReview, achievement, issuer, decisionBy }));
    }
  }
  return { reviewers: achievement.reviewerEmails.length };
}
