// Records where a submission ended up when the workflow decides it: rejected (the learner is told),
// expired (reviewers, the admin and the learner are told), or failed with the reason. Approved is
// written by the release with the credential now; APPROVED stays here for executions started under
// the former definition (Step Functions runs an execution on the version it started with).
// A submission whose credential is already stored is never marked FAILED (see recordFailure).
import type { Submission, SubmissionStatus } from '@tessera/core';
import { APPROVED_NOTE, type RecordOutcomeInput } from '@tessera/workflow';
import type { Dependencies } from '../shared/dependencies.ts';
import { reviewExpiredMail, reviewOutcomeMail } from '@tessera/issuance';

/** `releaseUnfinished` (FAILED only): not recorded, its credential is stored; the workflow finishes the release. */
export type RecordedOutcome = { status: SubmissionStatus; releaseUnfinished?: boolean };

/** One conditional write, no read first: who decided, and why, is already on the submission
 *  (`review`), recorded atomically with the decision itself. */
export async function recordOutcome(deps: Dependencies, input: RecordOutcomeInput): Promise<RecordedOutcome> {
  if (input.outcome === 'FAILED') return recordFailure(deps, input);
  const at = deps.clock.now().toISOString();
  const { note, patch } = describeOutcome(input);
  const after = await deps.store.submissions.transition(input.submissionId, input.outcome, { at, note, patch });
  // Ended without a credential: the learner may be awarded this achievement again (another event).
  if (input.outcome !== 'APPROVED') await deps.store.submissions.releaseClaim(after);
  // A retried step finds the submission already EXPIRED at `at` of the first run: tell people once.
  const firstRecord = after.history.at(-1)?.at === at;
  if (input.outcome === 'EXPIRED' && firstRecord) await tellAboutExpiry(deps, after);
  if (input.outcome === 'REJECTED' && firstRecord) await tellLearner(deps, after, 'REJECTED');
  return { status: after.status };
}

/**
 * A release can run out of retries after `putOnce` stored its signed credential (publishing it,
 * signing its status list, recording ISSUED). Marking that submission FAILED would leave a
 * credential that verifies behind a submission the admin sees as failed; revoking it would take the
 * badge from an approved learner for a fault of ours. The credential is the point of no return:
 * the only consistent end is ISSUED. So nothing is written here, and the workflow finishes the
 * release (every part of it is idempotent); the submission stays APPROVED until then.
 */
async function recordFailure(deps: Dependencies, input: RecordOutcomeInput): Promise<RecordedOutcome> {
  const stored = await deps.store.credentials.getBySubmission(input.submissionId);
  if (stored) {
    const submission = await deps.store.submissions.get(input.submissionId);
    return { status: submission?.status ?? 'APPROVED', releaseUnfinished: true };
  }
  const { note, patch } = describeOutcome(input);
  const after = await deps.store.submissions.transition(input.submissionId, 'FAILED', { at: deps.clock.now().toISOString(), note, patch });
  await deps.store.submissions.releaseClaim(after);
  return { status: after.status, releaseUnfinished: false };
}

function describeOutcome(input: RecordOutcomeInput): { note: string; patch?: Partial<Submission> } {
  switch (input.outcome) {
    case 'APPROVED':
      return { note: APPROVED_NOTE };
    case 'REJECTED':
      return { note: 'rejected by review' };
    case 'EXPIRED':
      return { note: 'no review decision before the deadline' };
    case 'FAILED': {
      const reason = failureReason(input.error);
      return { note: reason, patch: { failureReason: reason } };
    }
  }
}

/** Lambda puts `{"errorType","errorMessage",...}` JSON in Cause; the local runner the bare message. */
export function failureReason(error: RecordOutcomeInput['error']): string {
  if (!error) return 'unknown failure';
  let message = error.Cause ?? '';
  try {
    const parsed = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // not JSON: the cause is the message itself
  }
  return message ? `${error.Error}: ${message}` : error.Error;
}

async function tellAboutExpiry(deps: Dependencies, submission: Submission): Promise<void> {
  const achievement = await deps.store.achievements.get(submission.achievementId);
  if (!achievement) return;
  const recipients = new Set([...achievement.reviewerEmails, deps.config.adminEmail]);
  for (const to of recipients) await deps.mailer.send(reviewExpiredMail({ to, submission, achievement }));
  await tellLearner(deps, submission, 'EXPIRED');
}

/** The learner's outcome mail: no credential, why, and what they can do. */
async function tellLearner(deps: Dependencies, submission: Submission, outcome: 'REJECTED' | 'EXPIRED'): Promise<void> {
  const [achievement, issuer] = await Promise.all([deps.store.achievements.get(submission.achievementId), deps.store.issuers.get(submission.issuerId)]);
  if (!achievement || !issuer) return;
  await deps.mailer.send(reviewOutcomeMail({ outcome, submission, achievement, issuer }));
}
