// The mails to reviewers and the admin, as plain functions from domain facts to a Mail (the
// earner's mails, in the issuer's language, are in earner-mails.ts). Text and HTML say the same
// thing; HTML escapes everything it is given.
import { h, type Achievement, type Mail, type Submission } from '@tessera/core';
import { formatInstant, page } from './page.ts';

export function reviewRequestMail(input: { to: string; submission: Submission; achievement: Achievement; reviewUrl: string; expiresAt: string }): Mail {
  const { submission, achievement, reviewUrl, expiresAt } = input;
  const learner = `${submission.recipient.name} <${submission.recipient.email}>`;
  const evidenceText = submission.evidence.length
    ? submission.evidence.map((e, i) => `  ${i + 1}. ${[e.name, e.narrative, e.url].filter(Boolean).join(' — ')}`).join('\n')
    : '  (none submitted)';
  const text = [
    `${submission.recipient.name} has met the criteria for "${achievement.name}" and awaits your review.`,
    '',
    `Learner: ${learner}`,
    `Achievement: ${achievement.name}`,
    `Criteria: ${achievement.criteria.narrative}`,
    'Evidence:',
    evidenceText,
    '',
    `Review and decide here (the link works once, until ${formatInstant(expiresAt)}):`,
    reviewUrl,
  ].join('\n');
  const body = h`<h1>Review: ${achievement.name}</h1>
<p><strong>${submission.recipient.name}</strong> (${submission.recipient.email}) has met the criteria for <strong>${achievement.name}</strong>.</p>
<div class="card"><dl>
<dt>Criteria</dt><dd>${achievement.criteria.narrative}</dd>
<dt>Evidence</dt><dd>${evidenceHtml(submission)}</dd>
</dl></div>
<p><a href="${reviewUrl}">Open the review page</a> to approve or reject. The link works once, until ${formatInstant(expiresAt)}.</p>`;
  return { to: input.to, subject: `Review needed: ${achievement.name} for ${submission.recipient.name}`, text, html: page('Review needed', body) };
}

export function evidenceHtml(submission: Submission) {
  if (!submission.evidence.length) return h`<em>None submitted.</em>`;
  return h`<ol>${submission.evidence.map(
    (e) => h`<li>${e.name ? h`<strong>${e.name}</strong> ` : ''}${e.narrative ?? ''}${e.url ? h` <a href="${e.url}" rel="noopener noreferrer">${e.url}</a>` : ''}</li>`,
  )}</ol>`;
}

export function reviewExpiredMail(input: { to: string; submission: Submission; achievement: Achievement }): Mail {
  const { submission, achievement } = input;
  const text = [
    `The review of "${achievement.name}" for ${submission.recipient.name} <${submission.recipient.email}> was not decided in time.`,
    `Submission ${submission.id} is now EXPIRED; no credential was issued.`,
    'To award it, send the award request again with a new event id.',
  ].join('\n');
  const body = h`<h1>Review expired</h1>
<p>The review of <strong>${achievement.name}</strong> for ${submission.recipient.name} (${submission.recipient.email}) was not decided in time.</p>
<p>Submission <code>${submission.id}</code> is now EXPIRED; no credential was issued. To award it, send the award request again with a new event id.</p>`;
  return { to: input.to, subject: `Review expired: ${achievement.name} for ${submission.recipient.name}`, text, html: page('Review expired', body) };
}
