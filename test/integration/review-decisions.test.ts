// Review decisions, core functions against DynamoDB Local: a link works once, for the submission
// still in review, until it expires; the decision is recorded with who and when, then delivered
// to the workflow, and a decision whose delivery failed is delivered when the reviewer posts again.
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { ConflictError, GoneError, NotFoundError, type Submission } from '@tessera/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decideReview, findPendingReview, parseDecisionForm } from '../../functions/review/review.ts';
import { hashReviewSecret, newReviewSecret } from '@tessera/issuance';
import { validationDetails } from '../../packages/core/src/test-helpers.ts';
import { anAchievement, coreDependencies, refusal, testClock } from '../support/core-dependencies.ts';

const NOW = '2026-11-28T12:00:00.000Z';
const EXPIRES = '2026-12-05T12:00:00.000Z';
const clock = testClock(NOW);
let env: Awaited<ReturnType<typeof coreDependencies>>;

const achievement = anAchievement({ qaPolicy: 'manual', reviewerEmails: ['rita@uni.example.edu', 'rob@uni.example.edu'] });

beforeAll(async () => {
  env = await coreDependencies(clock);
  await env.deps.store.achievements.put(achievement);
});
beforeEach(() => {
  clock.set(NOW);
  env.sfn.reset();
  env.sfn.on(SendTaskSuccessCommand).resolves({});
});

let submissions = 0;
/** A submission IN_REVIEW with one review link per reviewer (as RequestReview leaves it). */
async function inReview(options: { status?: Submission['status'] } = {}) {
  const n = ++submissions;
  const id = `sub_review_${n}`;
  await env.deps.store.submissions.create({
    id,
    sourceId: 'moodle',
    eventId: `evt-${n}`,
    achievementId: achievement.id,
    issuerId: 'uni',
    recipient: { email: 'ada@example.org', name: 'Ada Learner' },
    evidence: [],
    occurredAt: NOW,
    receivedAt: NOW,
    status: 'RECEIVED',
    history: [{ at: NOW, status: 'RECEIVED' }],
  });
  await env.deps.store.submissions.transition(id, 'IN_REVIEW', { at: NOW });
  if (options.status) await env.deps.store.submissions.transition(id, options.status, { at: NOW });
  const taskToken = `token-${n}`;
  const secrets = [newReviewSecret(), newReviewSecret()];
  for (const [i, secret] of secrets.entries()) {
    await env.deps.store.reviews.create({
      secretHash: hashReviewSecret(secret),
      submissionId: id,
      reviewerEmail: achievement.reviewerEmails[i]!,
      taskToken,
      createdAt: NOW,
      expiresAt: EXPIRES,
    });
  }
  return { id, taskToken, secret: secrets[0]!, otherSecret: secrets[1]! };
}

const delivered = () => env.sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input);

describe('opening a review link', () => {
  it('shows the pending review with its submission and achievement, changing nothing', async () => {
    const { id, secret } = await inReview();

    const pending = await findPendingReview(env.deps, secret);

    expect(pending.review).toMatchObject({ submissionId: id, reviewerEmail: 'rita@uni.example.edu' });
    expect(pending.submission).toMatchObject({ id, status: 'IN_REVIEW' });
    expect(pending.achievement.name).toBe('Data Literacy');
    expect((await env.deps.store.submissions.get(id))?.review).toBeUndefined();
    expect(delivered()).toEqual([]);
  });

  it.each([
    ['malformed', 'not-a-secret'],
    ['one character short', newReviewSecret().slice(1)],
    ['unknown', newReviewSecret()],
  ])('answers a %s link with 404', async (_what, secret) => {
    const error = await refusal(findPendingReview(env.deps, secret));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe('This review link is not valid.');
  });

  it('works until the instant it expires, and answers 410 from then on', async () => {
    const { secret } = await inReview();
    clock.set(new Date(new Date(EXPIRES).getTime() - 1));
    await expect(findPendingReview(env.deps, secret)).resolves.toBeDefined();

    clock.set(EXPIRES);
    const error = await refusal(findPendingReview(env.deps, secret));

    expect(error).toBeInstanceOf(GoneError);
    expect(error.message).toMatch(/^This review link expired on /);
  });

  it('answers 410 once the submission has left review (the workflow expired it first)', async () => {
    const { secret } = await inReview({ status: 'EXPIRED' });

    const error = await refusal(findPendingReview(env.deps, secret));

    expect(error).toBeInstanceOf(GoneError);
    expect(error.message).toBe('This review is closed: the submission is now EXPIRED.');
  });
});

describe('deciding a review', () => {
  it('records who decided, when and why, then tells the workflow the decision', async () => {
    const { id, secret, taskToken } = await inReview();

    const result = await decideReview(env.deps, secret, parseDecisionForm({ decision: 'reject', comment: '  Not the learner’s own work.  ' }));

    const decision = { decision: 'reject', comment: 'Not the learner’s own work.', decidedBy: 'rita@uni.example.edu', decidedAt: NOW };
    expect(result.decision).toEqual(decision);
    expect((await env.deps.store.submissions.get(id))?.review).toEqual(decision);
    expect(delivered()).toEqual([{ taskToken, output: JSON.stringify({ decision: 'reject' }) }]);
  });

  it('takes a decision once: the same link again is 409 naming the decision and who made it', async () => {
    const { secret } = await inReview();
    await decideReview(env.deps, secret, parseDecisionForm({ decision: 'approve' }));

    const error = await refusal(decideReview(env.deps, secret, parseDecisionForm({ decision: 'reject' })));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/^This review was already decided \(approve\) on .* by rita@uni\.example\.edu\.$/);
  });

  it("answers another reviewer's link with 409 once one reviewer decided", async () => {
    const { secret, otherSecret } = await inReview();
    await decideReview(env.deps, secret, parseDecisionForm({ decision: 'approve' }));

    const error = await refusal(findPendingReview(env.deps, otherSecret));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('This submission was already decided (approve) by rita@uni.example.edu.');
  });

  it('delivers a recorded decision whose delivery failed when the reviewer posts again (the recorded one, not the new form)', async () => {
    const { id, secret, taskToken } = await inReview();
    env.sfn.on(SendTaskSuccessCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(decideReview(env.deps, secret, parseDecisionForm({ decision: 'approve' }))).rejects.toThrow('Rate exceeded');
    expect((await env.deps.store.submissions.get(id))?.review?.decision).toBe('approve');

    const error = await refusal(decideReview(env.deps, secret, parseDecisionForm({ decision: 'reject' })));

    expect(error).toBeInstanceOf(ConflictError);
    const approve = { taskToken, output: JSON.stringify({ decision: 'approve' }) };
    expect(delivered()).toEqual([approve, approve]);
  });

  it('does not redeliver once the submission has left review', async () => {
    const { id, secret } = await inReview();
    await decideReview(env.deps, secret, parseDecisionForm({ decision: 'approve' }));
    await env.deps.store.submissions.transition(id, 'APPROVED', { at: NOW });

    await expect(decideReview(env.deps, secret, parseDecisionForm({ decision: 'approve' }))).rejects.toBeInstanceOf(ConflictError);
    expect(delivered()).toHaveLength(1);
  });

  it('still answers 409 when the workflow says the task is over during redelivery', async () => {
    const { secret } = await inReview();
    await decideReview(env.deps, secret, parseDecisionForm({ decision: 'approve' }));
    env.sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('timed out'), { name: 'TaskTimedOut' }));

    await expect(decideReview(env.deps, secret, parseDecisionForm({ decision: 'approve' }))).rejects.toBeInstanceOf(ConflictError);
  });

  it('passes on a redelivery failure that is not "task over"', async () => {
    const { secret } = await inReview();
    await decideReview(env.deps, secret, parseDecisionForm({ decision: 'approve' }));
    env.sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    await expect(decideReview(env.deps, secret, parseDecisionForm({ decision: 'approve' }))).rejects.toThrow('Rate exceeded');
  });

  it('refuses an expired link without recording anything', async () => {
    const { id, secret } = await inReview();
    clock.set(EXPIRES);

    await expect(decideReview(env.deps, secret, parseDecisionForm({ decision: 'approve' }))).rejects.toBeInstanceOf(GoneError);
    expect((await env.deps.store.submissions.get(id))?.review).toBeUndefined();
    expect(delivered()).toEqual([]);
  });
});

describe('the decision form', () => {
  it('takes approve or reject, with a trimmed comment that defaults to empty', () => {
    expect(parseDecisionForm({ decision: 'approve' })).toEqual({ decision: 'approve', comment: '' });
    expect(parseDecisionForm({ decision: 'reject', comment: ` ${'x'.repeat(5000)} ` })).toEqual({ decision: 'reject', comment: 'x'.repeat(5000) });
  });

  it.each([
    [{ decision: 'maybe' }, 'decision', "decision must be 'approve' or 'reject'"],
    [{}, 'decision', "decision must be 'approve' or 'reject'"],
    [{ decision: 'approve', comment: 'x'.repeat(5001) }, 'comment', 'comment must be at most 5000 characters'],
  ])('refuses %j with 400 saying what is wrong', (form, path, message) => {
    expect(validationDetails(() => parseDecisionForm(form))).toEqual([{ path, message }]);
  });
});
