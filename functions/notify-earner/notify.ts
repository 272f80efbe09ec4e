// Notify: tell the earner their credential is out (its badge page, their own page, a LinkedIn link), and
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
  const record = submission.credentialId ? await deps.store.credentials.get(submission.credentialId) : undefined;
  if (!record) throw new NotFoundError(`the credential of submission ${submissionId} is not stored`);
  const expiresAt = typeof record.credential.validUntil === 'string' ? record.credential.validUntil : undefined;
  await deps.mailer.send(
    credentialIssuedMail({
      submission,
      achievement,
      issuer,
      credential: { id: record.id, issuedAt: record.issuedAt, ...(expiresAt ? { expiresAt } : {}) },
      publicBaseUrl: deps.config.publicBaseUrl,
    }),
  );
  return { notified: submission.recipient.email };
}
