// Records where a submission ended up when the workflow decides it: approved (and about to be
// released), rejected, expired (reviewers and the admin are told), or failed with the reason.
import type { Submission, SubmissionStatus } from '@tessera/core';
import type { RecordOutcomeInput } from '@tessera/workflow';
import type { Dependencies } from '../shared/dependencies.ts';
import { reviewExpiredMail } from '@tessera/issuance';

/** One conditional write, no read first: who decided, and why, is already on the submission
 *  (`review`), recorded atomically with the decision itself. */
export async function recordOutcome(deps: Dependencies, input: RecordOutcomeInput): Promise<{ status: SubmissionStatus }> {
  const at = deps.clock.now().toISOString();
  const { note, patch } = describeOutcome(input);
  const after = await deps.store.submissions.transition(input.submissionId, input.outcome, { at, note, patch });
  // A retried step finds the submission already EXPIRED at `at` of the first run: tell people once.
  if (input.outcome === 'EXPIRED' && after.history.at(-1)?.at === at) await tellAboutExpiry(deps, after);
  return { status: after.status };
}

function describeOutcome(input: RecordOutcomeInput): { note: string; patch?: Partial<Submission> } {
  switch (input.outcome) {
    case 'APPROVED':
      return { note: 'approved: released next' };
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
}
