// Intake's rules, core function against DynamoDB Local: nothing is stored and no workflow starts
// unless source, signature, body and achievement all check out; an accepted request is stored
// exactly as received and starts exactly the execution named after it.
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { UnauthorizedError, UnprocessableError, ValidationError } from '@tessera/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { receiveAwardRequest, submissionIdFor } from '../../functions/webhook-intake/intake.ts';
import { signWebhook } from '../../functions/webhook-intake/signature.ts';
import { STATE_MACHINE_ARN, anAchievement, coreDependencies, refusal, testClock } from '../support/core-dependencies.ts';

const NOW = '2026-11-28T12:00:00.000Z';
const clock = testClock(NOW);
const SECRET = 'whsec_moodle';
let env: Awaited<ReturnType<typeof coreDependencies>>;

// Awarded to the same learner in test after test: it allows repeats (one-per-learner has the claim rule).
const achievement = anAchievement({ qaPolicy: 'auto', allowRepeat: true });
const onePerLearner = anAchievement({ id: 'one-per-learner', qaPolicy: 'auto' });

beforeAll(async () => {
  env = await coreDependencies(clock);
  await env.deps.store.webhookSources.put({ id: 'moodle', secret: SECRET, issuerId: 'uni' });
  await env.deps.store.achievements.put(achievement);
  await env.deps.store.achievements.put({ ...achievement, id: 'other-issuers-badge', issuerId: 'another-uni' });
  await env.deps.store.achievements.put(onePerLearner);
});
beforeEach(() => {
  env.sfn.reset();
  env.sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE_ARN}:x`, startDate: new Date(NOW) });
});

let events = 0;
const award = (overrides: Record<string, unknown> = {}) => ({
  eventId: `evt-${++events}`,
  achievementId: 'data-literacy',
  recipient: { email: 'Ada@Example.org', name: 'Ada Learner' },
  evidence: [{ name: 'Final assessment', url: 'https://lms.example.edu/a/1' }],
  occurredAt: '2026-11-28T09:30:00Z',
  ...overrides,
});
const t = Math.floor(new Date(NOW).getTime() / 1000);
const signed = (body: unknown, secret = SECRET) => {
  const rawBody = JSON.stringify(body);
  return { sourceId: 'moodle', rawBody, signature: signWebhook(secret, rawBody, t) };
};

async function nothingStoredFor(eventId: string) {
  expect(await env.deps.store.submissions.get(submissionIdFor('moodle', eventId))).toBeUndefined();
  expect(env.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
}

describe('receiveAwardRequest', () => {
  it('stores an accepted request as received, and starts the execution named after it', async () => {
    const body = award();

    const result = await receiveAwardRequest(env.deps, signed(body));

    const id = submissionIdFor('moodle', body.eventId);
    expect(result).toEqual({ submissionId: id, created: true });
    expect(await env.deps.store.submissions.get(id)).toEqual({
      id,
      sourceId: 'moodle',
      eventId: body.eventId,
      achievementId: 'data-literacy',
      issuerId: 'uni',
      recipient: { email: 'ada@example.org', name: 'Ada Learner' },
      evidence: body.evidence,
      occurredAt: '2026-11-28T09:30:00Z',
      receivedAt: NOW,
      status: 'RECEIVED',
      history: [{ at: NOW, status: 'RECEIVED', note: 'received from source moodle' }],
    });
    // The evidence check's verdict rides in the input: the workflow decides from it without a read.
    expect(env.sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input)).toEqual([
      { stateMachineArn: STATE_MACHINE_ARN, name: id, input: JSON.stringify({ submissionId: id, evidence: { qaPolicy: 'auto' } }) },
    ]);
  });

  it('accepts evidence that falls short (the workflow ends it FAILED), and starts the execution with the reason', async () => {
    const strict = anAchievement({ id: 'strict-evidence', qaPolicy: 'manual', allowRepeat: true, evidenceRequirements: { minItems: 2, requireUrl: true } });
    await env.deps.store.achievements.put(strict);
    const body = award({ achievementId: strict.id, evidence: [{ name: 'Essay' }] });

    const result = await receiveAwardRequest(env.deps, signed(body));

    expect(result.created).toBe(true);
    const input = JSON.parse(env.sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.input!) as unknown;
    expect(input).toEqual({
      submissionId: result.submissionId,
      evidence: {
        qaPolicy: 'manual',
        shortfall: `evidence does not meet the requirements of ${strict.name}: needs at least 2 evidence item(s), got 1; every evidence item needs a url`,
      },
    });
  });

  it('answers a redelivery with the same submission, not created, and starts the same execution name again', async () => {
    const body = award();
    const first = await receiveAwardRequest(env.deps, signed(body));

    const again = await receiveAwardRequest(env.deps, signed({ ...body, recipient: { email: 'mallory@example.org', name: 'Mallory' } }));

    expect(again).toEqual({ submissionId: first.submissionId, created: false, duplicate: 'event' });
    expect((await env.deps.store.submissions.get(first.submissionId))?.recipient.email).toBe('ada@example.org');
    expect(env.sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.name)).toEqual([first.submissionId, first.submissionId]);
  });

  it('refuses an unknown source with the same 401 as a bad signature, storing nothing', async () => {
    const body = award();

    const error = await refusal(receiveAwardRequest(env.deps, { ...signed(body), sourceId: 'blackboard' }));

    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toBe('Tessera-Signature does not match the body');
    expect(await env.deps.store.submissions.get(submissionIdFor('blackboard', body.eventId))).toBeUndefined();
    expect(env.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('refuses a request signed with another secret (401), storing nothing', async () => {
    const body = award();

    const error = await refusal(receiveAwardRequest(env.deps, signed(body, 'whsec_guess')));

    expect(error).toBeInstanceOf(UnauthorizedError);
    await nothingStoredFor(body.eventId);
  });

  it('checks the signature against the clock it is given: five minutes later it is stale', async () => {
    const body = award();
    clock.set(new Date(new Date(NOW).getTime() + 301_000));
    try {
      const error = await refusal(receiveAwardRequest(env.deps, signed(body)));
      expect(error.message).toMatch(/^stale Tessera-Signature/);
    } finally {
      clock.set(NOW);
    }
    await nothingStoredFor(body.eventId);
  });

  it('refuses a signed but invalid body with 400 naming the field, storing nothing', async () => {
    const body = award({ recipient: { email: 'not-an-address', name: 'Ada' } });

    const error = await refusal(receiveAwardRequest(env.deps, signed(body)));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.details.map((d) => d.path)).toEqual(['recipient.email']);
    expect(error.message).toMatch(/^invalid award request: recipient\.email: /);
    await nothingStoredFor(body.eventId);
  });

  it.each([
    ['an achievement that does not exist', 'no-such-badge'],
    ["another issuer's achievement", 'other-issuers-badge'],
  ])('refuses %s with 422, storing nothing', async (_what, achievementId) => {
    const body = award({ achievementId });

    const error = await refusal(receiveAwardRequest(env.deps, signed(body)));

    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error.message).toBe(`unknown achievement '${achievementId}'`);
    expect(error.details).toEqual([{ path: 'achievementId', message: 'no such achievement for this source' }]);
    await nothingStoredFor(body.eventId);
  });

  it('refuses a draft that was never published with 422 saying so, storing nothing', async () => {
    // Prepare: a draft only, no version that issues
    await env.deps.store.achievements.saveDraft(
      {
        id: 'drafted',
        issuerId: 'uni',
        name: 'Drafted',
        skills: [],
        achievementType: 'MicroCredential',
        status: 'draft',
        version: 1,
        createdBy: 'dana',
        updatedBy: 'dana',
        updatedAt: NOW,
      },
      { none: true, firstVersion: true },
    );
    const body = award({ achievementId: 'drafted' });

    // Act
    const error = await refusal(receiveAwardRequest(env.deps, signed(body)));

    // Assess
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error.message).toBe("achievement 'drafted' is a draft, not yet published");
    expect(error.details).toEqual([{ path: 'achievementId', message: 'not published yet' }]);
    await nothingStoredFor(body.eventId);
  });

  it('refuses a retired achievement with 422 saying so, storing nothing', async () => {
    // Prepare
    await env.deps.store.achievements.put({ ...achievement, id: 'retiring', status: 'published', version: 1 });
    await env.deps.store.achievements.retire('retiring');
    const body = award({ achievementId: 'retiring' });

    // Act
    const error = await refusal(receiveAwardRequest(env.deps, signed(body)));

    // Assess
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error.message).toBe("achievement 'retiring' is retired: it is no longer awarded");
    await nothingStoredFor(body.eventId);
  });
});

describe('submission ids', () => {
  it('are sub_ and 26 base64url characters of a hash that keeps source and event apart', () => {
    expect(submissionIdFor('moodle', 'evt-1')).toMatch(/^sub_[A-Za-z0-9_-]{26}$/);
    expect(submissionIdFor('ab', 'c')).not.toBe(submissionIdFor('a', 'bc'));
    // A fixed value: ids already stored must keep matching their redeliveries after any refactoring.
    expect(submissionIdFor('moodle', 'evt-1')).toBe('sub_obUBkez5-wW-kiw3I62tEaAASF');
  });
});

describe('one credential per learner and achievement', () => {
  let learners = 0;
  const learner = () => `learner-${++learners}@example.org`;
  const awardTo = (email: string, achievementId = onePerLearner.id) => signed(award({ achievementId, recipient: { email, name: 'A Learner' } }));

  it('answers a second event for the same e-mail (any case) with the first submission, stores nothing and starts nothing', async () => {
    const email = learner();
    const first = await receiveAwardRequest(env.deps, awardTo(email));
    env.sfn.resetHistory();
    const secondRequest = awardTo(email.toUpperCase());

    const second = await receiveAwardRequest(env.deps, secondRequest);

    expect(second).toEqual({ submissionId: first.submissionId, created: false, duplicate: 'learner' });
    expect(await env.deps.store.submissions.get(submissionIdFor('moodle', JSON.parse(secondRequest.rawBody).eventId))).toBeUndefined();
    expect(env.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('lets exactly one of two different events for the same learner through when they race', async () => {
    const email = learner();

    const results = await Promise.all([receiveAwardRequest(env.deps, awardTo(email)), receiveAwardRequest(env.deps, awardTo(email))]);

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.find((r) => !r.created)).toMatchObject({ duplicate: 'learner', submissionId: results.find((r) => r.created)!.submissionId });
  });

  it('awards again once the claiming submission released its claim (ended without a credential)', async () => {
    const email = learner();
    const first = await receiveAwardRequest(env.deps, awardTo(email));
    const submission = (await env.deps.store.submissions.get(first.submissionId))!;

    await env.deps.store.submissions.releaseClaim(submission);
    const again = await receiveAwardRequest(env.deps, awardTo(email));

    expect(again).toMatchObject({ created: true });
    expect(again.submissionId).not.toBe(first.submissionId);
  });

  it("leaves another submission's claim alone when asked to release a claim it does not hold", async () => {
    const email = learner();
    const holder = await receiveAwardRequest(env.deps, awardTo(email));
    const stranger = { id: 'sub_not_the_holder', recipient: { email, name: 'A Learner' }, achievementId: onePerLearner.id };

    await env.deps.store.submissions.releaseClaim(stranger);
    const again = await receiveAwardRequest(env.deps, awardTo(email));

    expect(again).toEqual({ submissionId: holder.submissionId, created: false, duplicate: 'learner' });
  });

  it('issues again to the same learner when the achievement allows repeats', async () => {
    const email = learner();
    const first = await receiveAwardRequest(env.deps, awardTo(email, achievement.id));

    const second = await receiveAwardRequest(env.deps, awardTo(email, achievement.id));

    expect(second.created).toBe(true);
    expect(second.submissionId).not.toBe(first.submissionId);
  });
});
