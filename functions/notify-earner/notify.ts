// Notify: tell the earner their credential is out, with its link and a LinkedIn share link, and
// start the stacked award of any stack the credential completes (stacked-award.ts).
import { IssuanceError, NotFoundError } from '@tessera/core';
import type { Dependencies } from '../shared/dependencies.ts';
import { credentialIssuedMail } from '@tessera/issuance';
import { awardCompletedStacks } from './stacked-award.ts';

export async function notifyEarner(deps: Dependencies, submissionId: string): Promise<{ notified: string }> {
  const submission = await deps.store.submissions.get(submissionId);
  if (!submission) throw new NotFoundError(`no submission '${submissionId}'`);
  if (submission.status !== 'ISSUED' || !submission.credentialUrl) throw new IssuanceError(`submission ${submissionId} is ${submission.status}, not ISSUED`);
  const [achievement, issuer] = await Promise.all([deps.store.achievements.get(submission.achievementId), deps.store.issuers.get(submission.issuerId)]);
  if (!achievement || !issuer) throw new NotFoundError('achievement or issuer no longer exists');
  // Here rather than in Release: the credential is public, and a failure cannot un-issue it (Notify's
  // Catch). Before the mail, so a retry of this step repeats only idempotent work before mailing.
  await awardCompletedStacks(deps, submission);
  await deps.mailer.send(credentialIssuedMail({ submission, achievement, issuerName: issuer.name, credentialUrl: submission.credentialUrl }));
  return { notified: submission.recipient.email };
}
