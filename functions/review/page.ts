// The review pages: a confirmation page with the Approve/Reject form, the result, and errors.
import { Decision, h, type TesseraError } from '@tessera/core';
import { evidenceHtml, formatInstant, page } from '@tessera/issuance';
import type { PendingReview } from './review.ts';

export function reviewPage({ submission, achievement, review }: PendingReview): string {
  return page(
    `Review ${achievement.name}`,
    h`<h1>Review: ${achievement.name}</h1>
<div class="card"><dl>
<dt>Learner</dt><dd>${submission.recipient.name} (${submission.recipient.email})</dd>
<dt>Achievement</dt><dd>${achievement.name}: ${achievement.description}</dd>
<dt>Criteria</dt><dd>${achievement.criteria.narrative}</dd>
<dt>Evidence</dt><dd>${evidenceHtml(submission)}</dd>
<dt>Reported</dt><dd>${formatInstant(submission.occurredAt)}</dd>
</dl></div>
<form method="post">
<p><label for="comment">Comment (kept in the audit trail)</label><br>
<textarea id="comment" name="comment" maxlength="5000"></textarea></p>
<p><button class="approve" type="submit" name="decision" value="${Decision.enum.approve}">Approve and release</button>
<button class="reject" type="submit" name="decision" value="${Decision.enum.reject}">Reject</button></p>
</form>
<p class="muted">You are deciding as ${review.reviewerEmail}. This link works once, until ${formatInstant(review.expiresAt)}.</p>`,
  );
}

export function decidedPage(decision: Decision, achievementName: string, learnerName: string): string {
  const approved = decision === Decision.enum.approve;
  return page(
    approved ? 'Approved' : 'Rejected',
    h`<h1>${approved ? 'Approved' : 'Rejected'}</h1>
<p>${approved ? h`<strong>${achievementName}</strong> will now be released to ${learnerName}, who will be notified by email.` : h`<strong>${achievementName}</strong> will not be issued to ${learnerName}.`}</p>
<p class="muted">Your decision has been recorded. You can close this page.</p>`,
  );
}

const TITLES: Record<number, string> = {
  400: 'Check your decision',
  404: 'Review link not found',
  409: 'Already decided',
  410: 'Review link expired',
};

export function errorPage(error: TesseraError): string {
  return page(TITLES[error.status] ?? 'Something went wrong', h`<h1>${TITLES[error.status] ?? 'Something went wrong'}</h1><p>${error.message}</p>`);
}
