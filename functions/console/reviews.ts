// The review queue: the pending reviews addressed to the signed-in reviewer (an admin sees every
// one), oldest first, with the evidence beside the criteria; and the decision, taken through the
// same core as the mailed link (functions/review/review.ts): recorded once, audited with the
// signed-in person, delivered to the workflow. A second decision is a 409.
import { ForbiddenError, h, NotFoundError, ConflictError, parseWith, ReviewDecisionRequest, type Achievement, type Submission } from '@tessera/core';

import { evidenceHtml } from '@tessera/issuance';
import type { ReviewPointer } from '@tessera/store';
import type { Dependencies } from '../shared/dependencies.ts';
import { recordDecision } from '../review/review.ts';
import { csrfField } from './layout.ts';
import { ok, redirect, type ConsoleRoute, type SignedInCall } from './router.ts';
import type { SignedIn } from './session.ts';

export type QueueItem = { submission: Submission; achievement: Achievement; reviews: ReviewPointer[]; deadline: string };

/** Whose reviews a person sees: an admin every one, anyone else those addressed to their e-mail. */
const seesAll = (signedIn: SignedIn) => signedIn.session.roles.includes('admin');
const isFor = (signedIn: SignedIn, review: ReviewPointer) => seesAll(signedIn) || signedIn.session.email?.toLowerCase() === review.reviewerEmail.toLowerCase();

/** Submissions in review with no decision yet, for this reviewer, oldest first (the open list is by time of receipt). */
export async function reviewQueue(deps: Dependencies, signedIn: SignedIn, filter: { achievementId?: string } = {}): Promise<QueueItem[]> {
  const open = (await deps.store.submissions.listOpen()).filter(
    (s) => s.status === 'IN_REVIEW' && !s.review && (!filter.achievementId || s.achievementId === filter.achievementId),
  );
  const achievements = new Map<string, Achievement | undefined>();
  const items: QueueItem[] = [];
  for (const submission of open) {
    const reviews = (await deps.store.reviews.listBySubmission(submission.id)).filter((r) => isFor(signedIn, r));
    if (reviews.length === 0) continue;
    if (!achievements.has(submission.achievementId)) achievements.set(submission.achievementId, await deps.store.achievements.get(submission.achievementId));
    const achievement = achievements.get(submission.achievementId);
    if (!achievement) continue;
    const deadline = reviews
      .map((r) => r.expiresAt)
      .sort()
      .at(-1)!;
    items.push({ submission, achievement, reviews, deadline });
  }
  return items;
}

/** Decides one submission as the signed-in reviewer, through one of the reviews addressed to them
 *  (the latest: a repeated request made a new one). */
export async function decideFromConsole(deps: Dependencies, signedIn: SignedIn, submissionId: string, form: ReviewDecisionRequest) {
  const reviews = await deps.store.reviews.listBySubmission(submissionId);
  if (reviews.length === 0) {
    const submission = await deps.store.submissions.get(submissionId);
    if (!submission) throw new NotFoundError(`no submission '${submissionId}'`);
    if (submission.review) throw new ConflictError(`This submission was already decided (${submission.review.decision}) by ${submission.review.decidedBy}.`);
    throw new NotFoundError(`submission '${submissionId}' has no review to decide`);
  }
  const mine = reviews.filter((r) => isFor(signedIn, r));
  if (mine.length === 0) throw new ForbiddenError(['admin'], 'This review is addressed to other reviewers.');
  const review = await deps.store.reviews.getBySecretHash(mine.at(-1)!.secretHash);
  const { session, actor } = signedIn;
  return recordDecision(deps, review, form, () => ({ decidedBy: session.email ?? session.actorId, actor: actor.id, roles: actor.roles }));
}

const age = (call: SignedInCall, from: string) => {
  const hours = Math.max(0, (call.deps.clock.now().getTime() - Date.parse(from)) / 3_600_000);
  return hours < 48 ? call.t.t('console.ageHours', { hours: Math.floor(hours) }) : call.t.t('console.ageDays', { days: Math.floor(hours / 24) });
};

export function queuePage(call: SignedInCall, items: QueueItem[], achievementId: string | undefined, achievementNames: Map<string, string>) {
  const { t, page } = call;
  const filter = h`<form method="get" action="/console/reviews" class="filters">
<div><label for="achievement">${t.t('console.filterAchievement')}</label>
<select id="achievement" name="achievement"><option value="">${t.t('console.allAchievements')}</option>${[...achievementNames].map(
    ([id, name]) => h`<option value="${id}"${id === achievementId ? h` selected` : ''}>${name}</option>`,
  )}</select></div>
<div><button type="submit">${t.t('console.filter')}</button></div></form>`;
  if (items.length === 0) return ok(page, t.t('console.reviewsTitle'), h`${filter}<p role="status">${t.t('console.queueEmpty')}</p>`);
  const list = items.map((item, index) => {
    const { submission, achievement, deadline } = item;
    const id = submission.id;
    const headingId = `review-${index}`;
    return h`<section class="card" aria-labelledby="${headingId}">
<h2 id="${headingId}">${submission.recipient.name} · ${achievement.name}</h2>
<div class="grid">
<dl>
<dt>${t.t('console.learner')}</dt><dd>${submission.recipient.name} (${submission.recipient.email})</dd>
<dt>${t.t('console.received')}</dt><dd>${t.date(submission.receivedAt)} · ${age(call, submission.receivedAt)}</dd>
<dt>${t.t('console.deadline')}</dt><dd>${t.date(deadline)}</dd>
<dt>${t.t('console.evidence')}</dt><dd>${evidenceHtml(submission)}</dd>
</dl>
<dl><dt>${t.t('console.criteria')}</dt><dd>${achievement.criteria.narrative}</dd></dl>
</div>
<form method="post" action="/console/reviews/${encodeURIComponent(id)}">${csrfField(page.csrf)}
<label for="comment-${index}">${t.t('console.comment')}</label>
<textarea id="comment-${index}" name="comment" maxlength="5000"></textarea>
<p><button class="approve" type="submit" name="decision" value="approve">${t.t('console.approve')}</button>
<button class="reject" type="submit" name="decision" value="reject">${t.t('console.reject')}</button></p>
</form>
</section>`;
  });
  // Bulk approval is offered within one achievement: the filter picks it.
  const bulk = achievementId
    ? h`<form method="post" action="/console/reviews" class="card">${csrfField(page.csrf)}<input type="hidden" name="achievement" value="${achievementId}">
<fieldset><legend>${t.t('console.bulkLegend', { achievement: achievementNames.get(achievementId) ?? achievementId })}</legend>
${items.map((item, i) => h`<div><input type="checkbox" id="bulk-${i}" name="submission" value="${item.submission.id}"> <label class="inline" for="bulk-${i}">${item.submission.recipient.name} (${t.date(item.submission.receivedAt)})</label></div>`)}
<label for="bulk-comment">${t.t('console.bulkComment')}</label>
<textarea id="bulk-comment" name="comment" maxlength="5000"></textarea>
<p><button class="approve" type="submit">${t.t('console.bulkApprove')}</button></p></fieldset></form>`
    : h`<p class="muted">${t.t('console.bulkHint')}</p>`;
  return ok(page, t.t('console.reviewsTitle'), h`${filter}<p role="status">${t.t('console.queueCount', { count: items.length })}</p>${list}${bulk}`);
}

const asSignedIn = (call: Parameters<ConsoleRoute['handle']>[0]) => call as SignedInCall;

export const reviewRoutes: ConsoleRoute[] = [
  {
    method: 'GET',
    path: '/reviews',
    action: 'review.decide',
    async handle(raw) {
      const call = asSignedIn(raw);
      const achievementId = call.query.get('achievement') || undefined;
      const all = await reviewQueue(call.deps, call.signedIn);
      const names = new Map(all.map((item) => [item.achievement.id, item.achievement.name]));
      const items = achievementId ? all.filter((item) => item.achievement.id === achievementId) : all;
      return queuePage(call, items, achievementId, names);
    },
  },
  {
    method: 'POST',
    path: '/reviews/{submissionId}',
    action: 'review.decide',
    async handle(raw) {
      const call = asSignedIn(raw);
      const form = parseWith(ReviewDecisionRequest, { decision: call.form.get('decision') ?? undefined, comment: call.form.get('comment') ?? '' }, 'decision');
      const result = await decideFromConsole(call.deps, call.signedIn, call.params.submissionId!, form);
      const { t } = call;
      const message =
        form.decision === 'approve'
          ? t.t('console.decidedApproved', { learner: result.submission.recipient.name, achievement: result.achievement.name })
          : t.t('console.decidedRejected', { learner: result.submission.recipient.name, achievement: result.achievement.name });
      return ok(call.page, t.t('console.decidedTitle'), h`<p role="status">${message}</p><p><a href="/console/reviews">${t.t('console.backToQueue')}</a></p>`);
    },
  },
  {
    method: 'POST',
    path: '/reviews',
    action: 'review.decide',
    async handle(raw) {
      const call = asSignedIn(raw);
      const { t, deps, signedIn } = call;
      const achievementId = call.form.get('achievement') ?? '';
      const ids = call.form.getAll('submission');
      const comment = parseWith(ReviewDecisionRequest, { decision: 'approve', comment: call.form.get('comment') ?? '' }, 'decision').comment;
      if (ids.length === 0) return redirect(`/console/reviews?achievement=${encodeURIComponent(achievementId)}`);
      const results: { id: string; name: string; ok: boolean; message: string }[] = [];
      for (const id of ids) {
        const submission = await deps.store.submissions.get(id);
        // One achievement per bulk approval: a submission of another is refused, not decided.
        if (!submission || submission.achievementId !== achievementId) {
          results.push({ id, name: submission?.recipient.name ?? id, ok: false, message: t.t('console.bulkOtherAchievement') });
          continue;
        }
        try {
          await decideFromConsole(deps, signedIn, id, { decision: 'approve', comment });
          results.push({ id, name: submission.recipient.name, ok: true, message: t.t('console.approvedShort') });
        } catch (error) {
          if (!(error instanceof Error) || !('status' in error) || (error.status as number) >= 500) throw error;
          results.push({ id, name: submission.recipient.name, ok: false, message: error.message });
        }
      }
      return ok(
        call.page,
        t.t('console.bulkDoneTitle'),
        h`<p role="status">${t.t('console.bulkDone', { approved: results.filter((r) => r.ok).length, total: results.length })}</p>
<table><caption>${t.t('console.bulkDoneTitle')}</caption><thead><tr><th scope="col">${t.t('console.learner')}</th><th scope="col">${t.t('console.outcome')}</th></tr></thead>
<tbody>${results.map((r) => h`<tr><td>${r.name}</td><td${r.ok ? '' : h` class="error"`}>${r.message}</td></tr>`)}</tbody></table>
<p><a href="/console/reviews">${t.t('console.backToQueue')}</a></p>`,
      );
    },
  },
];
