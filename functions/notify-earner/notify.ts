// Notify: tell the earner their credential is out (its badge page, their own page, a LinkedIn link), and
// start the stacked award of any stack the credential completes (stacked-award.ts).
import { IssuanceError, NotFoundError } from '@tessera/core';
import type { Dependencies } from '../shared/dependencies.ts';
import { credentialIssuedMail } from '@tessera/issuance';
import type { NotifyInput } from '@tessera/workflow';
import { awardCompletedStacks } from './stacked-award.ts';

/** `released`: what the release step returned (its ids and dates), so the credential need not be read again. */
export async function notifyEarner(deps: Dependencies, submissionId: string, released?: NotifyInput['credential']): Promise<{ notified: string }> {
  const submission = await deps.store.submissions.get(submissionId);
  if (!submission) throw new NotFoundError(`no submission '${submissionId}'`);
  if (submission.status !== 'ISSUED' || !submission.credentialUrl) throw new IssuanceError(`submission ${submissionId} is ${submission.status}, not ISSUED`);
  const [achievement, issuer] = await Promise.all([deps.store.achievements.get(submission.achievementId), deps.store.issuers.get(submission.issuerId)]);
  if (!achievement || !issuer) throw new NotFoundError('achievement or issuer no longer exists');
  // Here rather than in Release: the credential is public, and a failure cannot un-issue it (Notify's
  // Catch). Before the mail, so a retry of this step repeats only idempotent work before mailing.
  await awardCompletedStacks(deps, submission);
  const credential = await issuedCredential(deps, submission.credentialId, released);
  if (!credential) throw new NotFoundError(`the credential of submission ${submissionId} is not stored`);
  await deps.mailer.send(
    credentialIssuedMail({
      submission,
      achievement,
      issuer,
      credential,
      publicBaseUrl: deps.config.publicBaseUrl,
    }),
  );
  return { notified: submission.recipient.email };
}

/** The mail's facts of the credential: as the release handed them on when they are this submission's
 *  credential, else read from the store. */
async function issuedCredential(
  deps: Dependencies,
  credentialId: string | undefined,
  released: NotifyInput['credential'],
): Promise<{ id: string; issuedAt: string; expiresAt?: string } | undefined> {
  if (!credentialId) return undefined;
  if (released?.credentialId === credentialId) return { id: credentialId, issuedAt: released.issuedAt, ...(released.expiresAt ? { expiresAt: released.expiresAt } : {}) };
  const record = await deps.store.credentials.get(credentialId);
  if (!record) return undefined;
  const expiresAt = typeof record.credential.validUntil === 'string' ? record.credential.validUntil : undefined;
  return { id: record.id, issuedAt: record.issuedAt, ...(expiresAt ? { expiresAt } : {}) };
}
