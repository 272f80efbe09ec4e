// The real issuance ASL, run by the local interpreter with the real step handlers, DynamoDB Local,
// the local signer, outbox and public folder: every path a submission can take to its end.
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, type Signer, type Submission } from '@tessera/core';
import { verifyCredential } from '@tessera/credentials';
import { decideReview } from '../../functions/review/review.ts';
import { releaseCredential } from '../../functions/release-credential/release.ts';
import { submissionIdFor } from '../../functions/webhook-intake/intake.ts';
import { reconcile } from '../../functions/reconcile/reconcile.ts';
import { requestReview } from '../../functions/request-review/request.ts';
import { hashReviewSecret } from '@tessera/issuance';
import { awardRequest, reviewLinkIn, startTestTessera, type TestTessera } from '../support/local-tessera.ts';
import { isReviewRequest, waitForMail } from '../support/mail.ts';

let tessera: TestTessera | undefined;
afterEach(async () => {
  await tessera?.close();
  tessera = undefined;
});

async function submit(t: TestTessera, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await t.postAward(awardRequest(overrides));
  expect(response.status).toBe(202);
  return ((await response.json()) as { submissionId: string }).submissionId;
}

/** A real local signer that counts its signatures. */
async function countingSigner(): Promise<Signer & { signatures: number }> {
  const { createLocalSigner } = await import('@tessera/adapters');
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const inner = createLocalSigner({ keyFile: `${await mkdtemp(`${tmpdir()}/tessera-key-`)}/key.pem` });
  const counting = {
    keyRef: inner.keyRef,
    signatures: 0,
    publicKey: () => inner.publicKey(),
    sign: (message: Uint8Array) => {
      counting.signatures++;
      return inner.sign(message);
    },
  };
  return counting;
}

/** A real local signer whose n-th signature (from 1) fails with what `fault(n)` returns, if anything (a message: a permanent error). */
async function scriptedSigner(fault: (n: number) => string | Error | undefined): Promise<Signer> {
  const inner = await countingSigner();
  let n = 0;
  return {
    keyRef: inner.keyRef,
    publicKey: () => inner.publicKey(),
    sign: async (message) => {
      const failure = fault(++n);
      if (failure) throw typeof failure === 'string' ? new Error(failure) : failure;
      return inner.sign(message);
    },
  };
}

async function reviewSecret(t: TestTessera): Promise<string> {
  const mail = await waitForMail(t.mails, isReviewRequest(), 'the review mail');
  return reviewLinkIn(mail).split('/').pop()!;
}

describe('issuance workflow', () => {
  it('auto policy: releases a signed, verifiable credential and notifies the earner', async () => {
    // Prepare
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' } });
    // Act
    const id = await submit(tessera);
    const issued = await tessera.waitForStatus(id, ['ISSUED']);
    await tessera.workflow.idle();
    // Assess
    expect(issued.history.map((h) => h.status)).toEqual(['RECEIVED', 'APPROVED', 'ISSUED']);
    // Approved by the release, in the write that stored the credential, with the note the Approve step wrote.
    expect(issued.history[1]).toMatchObject({ status: 'APPROVED', note: 'approved: released next' });
    const record = await tessera.dependencies.store.credentials.getBySubmission(id);
    const verification = await verifyCredential(record!.credential, tessera.dependencies.verification);
    expect(verification.verified).toBe(true);
    expect((await tessera.mails()).map((m) => m.to)).toEqual(['ada.learner@example.org']);
    expect(tessera.workflow.execution(id)?.status).toBe('SUCCEEDED');
  });

  it('manual policy, approved: waits for the reviewer, then issues', async () => {
    tessera = await startTestTessera();
    const id = await submit(tessera);
    await tessera.waitForStatus(id, ['IN_REVIEW']);

    await decideReview(tessera.dependencies, await reviewSecret(tessera), { decision: 'approve', comment: 'fine work' });
    const issued = await tessera.waitForStatus(id, ['ISSUED']);

    expect(issued.review).toMatchObject({ decision: 'approve', comment: 'fine work', decidedBy: 'reviewer@demo-university.example' });
    expect(issued.history.map((h) => h.status)).toEqual(['RECEIVED', 'IN_REVIEW', 'APPROVED', 'ISSUED']);
    expect(issued.credentialUrl).toMatch(/^http:\/\/localhost:\d+\/credentials\/[0-9a-f-]{36}\.json$/);
  });

  it('manual policy, rejected: ends REJECTED with no credential and no earner mail', async () => {
    tessera = await startTestTessera();
    const id = await submit(tessera);
    await tessera.waitForStatus(id, ['IN_REVIEW']);

    await decideReview(tessera.dependencies, await reviewSecret(tessera), { decision: 'reject', comment: 'evidence is not the learner’s own' });
    const rejected = await tessera.waitForStatus(id, ['REJECTED']);
    await tessera.workflow.idle();

    expect(rejected.review).toMatchObject({ decision: 'reject', decidedBy: 'reviewer@demo-university.example', comment: 'evidence is not the learner’s own' });
    expect(rejected.history.map((h) => h.status)).toEqual(['RECEIVED', 'IN_REVIEW', 'REJECTED']);
    expect(await tessera.dependencies.store.credentials.getBySubmission(id)).toBeUndefined();
    // The learner heard that the evidence was in review, then the outcome, without the comment
    // (the demo achievement does not share reviewers' comments).
    const learnerMails = (await tessera.mails()).filter((m) => m.to === 'ada.learner@example.org');
    expect(learnerMails.map((m) => m.subject)).toEqual([
      'We have received your evidence for “Data Literacy Foundations”',
      'Your submission for “Data Literacy Foundations” was not approved',
    ]);
    expect(learnerMails[1]!.text).toContain('What you can do:');
    expect(learnerMails[1]!.text).not.toContain('evidence is not the learner’s own');
  });

  it('two reviewers deciding at the same moment: one decision wins, it is the record and the outcome; the other gets 409', async () => {
    tessera = await startTestTessera({ demoAchievement: { reviewerEmails: ['ada.reviewer@demo-university.example', 'bob.reviewer@demo-university.example'] } });
    const id = await submit(tessera);
    await tessera.waitForStatus(id, ['IN_REVIEW']);
    let mails = (await tessera.mails()).filter((m) => m.subject.startsWith('Review needed'));
    for (let i = 0; mails.length < 2 && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 25));
      mails = (await tessera.mails()).filter((m) => m.subject.startsWith('Review needed'));
    }
    const secrets = mails.map((mail) => reviewLinkIn(mail).split('/').pop()!);
    expect(secrets).toHaveLength(2);

    const outcomes = await Promise.allSettled([
      decideReview(tessera.dependencies, secrets[0]!, { decision: 'approve', comment: 'meets the rubric' }),
      decideReview(tessera.dependencies, secrets[1]!, { decision: 'reject', comment: 'not the learner’s own' }),
    ]);

    const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(ConflictError);
    const winner = won[0]!.decision;
    const ended = await tessera.waitForStatus(id, [winner.decision === 'approve' ? 'ISSUED' : 'REJECTED']);
    await tessera.workflow.idle();
    expect(ended.review).toStrictEqual(winner);
  });

  it('a decision the workflow could not be told of is delivered when the reviewer tries again', async () => {
    tessera = await startTestTessera();
    const id = await submit(tessera);
    await tessera.waitForStatus(id, ['IN_REVIEW']);
    const secret = await reviewSecret(tessera);
    const succeed = tessera.workflow.succeed;
    let calls = 0;
    tessera.workflow.succeed = async (token, output) => {
      if (calls++ === 0) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      return succeed(token, output);
    };

    // The first attempt records the decision, then fails to reach the workflow.
    await expect(decideReview(tessera.dependencies, secret, { decision: 'approve', comment: 'ok' })).rejects.toThrow('Rate exceeded');
    expect((await tessera.submission(id))?.status).toBe('IN_REVIEW');
    // The retry is told the review is decided, and the recorded decision (not the new one) goes through.
    await expect(decideReview(tessera.dependencies, secret, { decision: 'reject', comment: 'second thoughts' })).rejects.toThrow(ConflictError);
    const issued = await tessera.waitForStatus(id, ['ISSUED']);

    expect(issued.review).toMatchObject({ decision: 'approve', comment: 'ok' });
  });

  it('a reviewer mailed twice (the review step ran again for the same wait): either link decides, once; the other answers 409 naming the decision', async () => {
    // Prepare: what a resumed wait (crash between the mail and the journal's record of it) or a
    // retried step does: the review step runs again for the same execution and task token.
    tessera = await startTestTessera();
    const id = await submit(tessera);
    await tessera.waitForStatus(id, ['IN_REVIEW']);
    const first = await reviewSecret(tessera);
    const { taskToken } = (await tessera.dependencies.store.reviews.getBySecretHash(hashReviewSecret(first)))!;
    await requestReview(tessera.dependencies, { submissionId: id, taskToken });
    const links = (await tessera.mails()).filter(isReviewRequest()).map((mail) => reviewLinkIn(mail).split('/').pop()!);
    expect(links).toHaveLength(2);
    const second = links.find((secret) => secret !== first)!;

    // Act: the later link decides; the earlier one comes too late.
    await decideReview(tessera.dependencies, second, { decision: 'approve', comment: 'from the second mail' });
    const late = decideReview(tessera.dependencies, first, { decision: 'reject', comment: 'from the first mail' });

    // Assess: one decision, one resumed workflow, one credential; the late link says who decided.
    await expect(late).rejects.toThrow(ConflictError);
    await expect(late).rejects.toThrow(/already decided \(approve\)/);
    const issued = await tessera.waitForStatus(id, ['ISSUED']);
    await tessera.workflow.idle();
    expect(issued.review).toMatchObject({ decision: 'approve', comment: 'from the second mail' });
    expect(issued.history.map((h) => h.status)).toEqual(['RECEIVED', 'IN_REVIEW', 'APPROVED', 'ISSUED']);
    expect((await tessera.dependencies.store.credentials.getBySubmission(id))?.id).toBe(issued.credentialId);
    expect((await tessera.mails()).filter((m) => m.to === 'ada.learner@example.org' && m.subject.startsWith('You have earned'))).toHaveLength(1);
    expect((await tessera.mails()).filter((m) => m.to === 'ada.learner@example.org' && m.subject.startsWith('We have received'))).toHaveLength(1);
  });

  it('manual policy, no decision in time: ends EXPIRED and tells the reviewer, the admin and the learner', async () => {
    tessera = await startTestTessera({ reviewTimeoutSeconds: 1 });
    const id = await submit(tessera);

    const expired = await tessera.waitForStatus(id, ['EXPIRED']);
    await tessera.workflow.idle();

    expect(expired.history.map((h) => h.status)).toEqual(['RECEIVED', 'IN_REVIEW', 'EXPIRED']);
    const expiryMails = (await tessera.mails()).filter((m) => m.subject.startsWith('Review expired'));
    expect(expiryMails.map((m) => m.to).sort()).toEqual(['admin@demo-university.example', 'reviewer@demo-university.example']);
    const learnerMail = (await tessera.mails()).find((m) => m.to === 'ada.learner@example.org' && m.subject.includes('could not be reviewed in time'));
    expect(learnerMail?.text).toContain('This says nothing about your work.');
  });

  it('a step that fails for good: ends FAILED with the reason, nothing published', async () => {
    const broken: Signer = {
      keyRef: 'broken',
      publicKey: async () => new Uint8Array(32).fill(7),
      sign: async () => {
        throw new Error('the signing key is disabled');
      },
    };
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' }, provide: { signer: broken } });
    const id = await submit(tessera);

    const failed = await tessera.waitForStatus(id, ['FAILED']);
    await tessera.workflow.idle();

    expect(failed.failureReason).toContain('the signing key is disabled');
    expect(tessera.workflow.execution(id)?.status).toBe('FAILED');
    expect(await tessera.dependencies.store.credentials.getBySubmission(id)).toBeUndefined();
  });

  it('a transient fault is retried and the badge is still issued', async () => {
    let calls = 0;
    const flaky = (inner: Signer): Signer => ({
      keyRef: inner.keyRef,
      publicKey: () => inner.publicKey(),
      sign: async (message) => {
        if (calls++ === 0) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        return inner.sign(message);
      },
    });
    const { createLocalSigner } = await import('@tessera/adapters');
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const keyFile = `${await mkdtemp(`${tmpdir()}/tessera-key-`)}/key.pem`;
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' }, provide: { signer: flaky(createLocalSigner({ keyFile })) } });

    const id = await submit(tessera);
    const issued = await tessera.waitForStatus(id, ['ISSUED']);

    expect(issued.status).toBe('ISSUED');
    // The refused signature, the credential's, its revocation list's.
    expect(calls).toBe(3);
    // The failed attempt had taken index 0: it stays unused, never handed out again.
    const credential = (await tessera.dependencies.store.credentials.get(issued.credentialId!))?.credential as { credentialStatus: { statusListIndex: string } };
    expect(credential.credentialStatus.statusListIndex).toBe('1');
  });

  it('a release that gives up after its credential is stored is finished, not failed: ISSUED, one credential, the earner told', async () => {
    // Prepare: the credential's signature works, then signing its (new) status list fails for good
    // once: Release gives up after putOnce stored the credential.
    const signer = await scriptedSigner((n) => (n === 2 ? 'the signing key is disabled' : undefined));
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' }, provide: { signer } });

    // Act
    const id = await submit(tessera);
    await tessera.workflow.idle();

    // Assess: never FAILED; the one credential stored is the one published, and it verifies.
    const submission = await tessera.submission(id);
    expect(submission?.status).toBe('ISSUED');
    expect(submission?.history.map((h) => h.status)).toEqual(['RECEIVED', 'APPROVED', 'ISSUED']);
    const record = await tessera.dependencies.store.credentials.getBySubmission(id);
    expect(submission?.credentialId).toBe(record?.id);
    const published = (await (await fetch(submission!.credentialUrl!)).json()) as Record<string, unknown>;
    expect((await verifyCredential(published, tessera.dependencies.verification)).verified).toBe(true);
    expect((await tessera.mails()).map((m) => m.to)).toEqual(['ada.learner@example.org']);
    expect(tessera.workflow.execution(id)?.status).toBe('SUCCEEDED');
  });

  it('a stored credential whose release cannot be finished stays APPROVED (never FAILED) and the reconciler finishes it once the fault is gone', async () => {
    // Prepare: every signature after the credential's fails until the key is back.
    let keyDisabled = true;
    const signer = await scriptedSigner((n) => (n > 1 && keyDisabled ? 'the signing key is disabled' : undefined));
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' }, provide: { signer }, reconcileEverySeconds: 0 });
    const id = await submit(tessera);
    await tessera.workflow.idle();
    expect(tessera.workflow.execution(id)?.error?.name).toBe('Tessera.ReleaseUnfinished');
    expect((await tessera.submission(id))?.status).toBe('APPROVED');
    const stored = await tessera.dependencies.store.credentials.getBySubmission(id);
    expect(stored).toBeDefined();
    // Still broken: the reconciler tries, and leaves it APPROVED for the next run.
    expect((await reconcile(tessera.dependencies, { settleSeconds: 0 })).repairs).toMatchObject([{ submissionId: id, reason: 'execution-ended', action: 'retry-later' }]);
    expect((await tessera.submission(id))?.status).toBe('APPROVED');

    // Act: the key works again; the next run finishes the release.
    keyDisabled = false;
    const { repairs } = await reconcile(tessera.dependencies, { settleSeconds: 0 });

    // Assess
    expect(repairs).toMatchObject([{ submissionId: id, action: 'released' }]);
    const issued = await tessera.submission(id);
    expect(issued?.status).toBe('ISSUED');
    expect(issued?.credentialId).toBe(stored!.id);
    expect((await tessera.mails()).map((m) => m.to)).toEqual(['ada.learner@example.org']);
    expect((await reconcile(tessera.dependencies, { settleSeconds: 0 })).repairs).toEqual([]);
  });

  it('a transient fault that outlasts three retries of the release is still cured by the retry budget', async () => {
    // Prepare: the first four signatures (four attempts at the credential) are throttled, as KMS under load.
    const throttled = (n: number) => (n <= 4 ? Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }) : undefined);
    const signer = await scriptedSigner(throttled);
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' }, provide: { signer } });

    // Act
    const id = await submit(tessera);
    await tessera.workflow.idle();

    // Assess
    expect((await tessera.submission(id))?.status).toBe('ISSUED');
    expect(tessera.workflow.execution(id)?.status).toBe('SUCCEEDED');
  });

  it('the seeded demo achievement is issued with criteria, an image that is served, and an alignment', async () => {
    // Prepare
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' } });
    const id = await submit(tessera);
    await tessera.waitForStatus(id, ['ISSUED']);

    // Act
    const record = await tessera.dependencies.store.credentials.getBySubmission(id);
    const achievement = (record!.credential.credentialSubject as { achievement: Record<string, unknown> }).achievement;
    const image = await fetch(`${tessera.url}/achievements/demo-data-literacy.svg`);

    // Assess
    expect(achievement).toMatchObject({
      criteria: { narrative: expect.stringContaining('final assessment') },
      image: { id: `${tessera.url}/achievements/demo-data-literacy.svg`, type: 'Image' },
      alignment: [
        expect.objectContaining({ type: ['Alignment'], targetType: 'CFItem', targetFramework: 'DigComp 2.2', targetCode: '1.2' }),
        expect.objectContaining({ type: ['Alignment'], targetFramework: 'European Qualifications Framework', targetCode: '5' }),
      ],
    });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(await image.text()).toContain('Data Literacy Foundations');
  });

  it('an achievement stored outside the catalogue schema (as older data might be): refused at its first read, nothing stored or signed', async () => {
    // Prepare: stored without passing the catalogue's edge; targetType is outside the vocabulary (and
    // would break the strict OB 3.0 schema). The store parses every item it reads, so the request
    // fails at intake instead of becoming a submission that fails at release.
    const alignment = [{ targetName: 'Data skills', targetUrl: 'https://skills.example/data', targetType: 'Skill' }];
    const signer = await countingSigner();
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' }, provide: { signer } });
    const seeded = await tessera.dependencies.store.achievements.get('demo-data-literacy');
    await tessera.dependencies.store.achievements.put({ ...seeded!, alignment });

    // Act
    const response = await tessera.postAward(awardRequest());

    // Assess: a plain 500 (the stored item is our fault, not the caller's; the log names the field)
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('targetType');
    await tessera.workflow.idle();
    expect(signer.signatures).toBe(0);
  });

  it('signs the revocation list once when it is new, not again for each badge that only takes an index', async () => {
    const signer = await countingSigner();
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto' }, provide: { signer } });

    await tessera.waitForStatus(await submit(tessera), ['ISSUED']);
    const afterFirst = signer.signatures;
    await tessera.waitForStatus(await submit(tessera), ['ISSUED']);

    // The first badge: its credential and the new list. The second: its credential only.
    expect(afterFirst).toBe(2);
    expect(signer.signatures).toBe(3);
  });

  it('evidence short of the achievement’s requirements: ends FAILED naming the shortfall', async () => {
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto', evidenceRequirements: { minItems: 2, requireUrl: false } } });
    const id = await submit(tessera);

    const failed = await tessera.waitForStatus(id, ['FAILED']);

    expect(failed.failureReason).toBe('IssuanceError: evidence does not meet the requirements of Data Literacy Foundations: needs at least 2 evidence item(s), got 1');
    expect(failed.history.map((h) => h.status)).toEqual(['RECEIVED', 'FAILED']);
    expect(await tessera.dependencies.store.credentials.getBySubmission(id)).toBeUndefined();
  });

  it('an execution started without the verdict (the reconciler, one from before) reads and decides the same: the same failure reason, or the badge', async () => {
    // Prepare: submissions stored as the intake stores them, their executions started with the id alone.
    tessera = await startTestTessera({ demoAchievement: { qaPolicy: 'auto', evidenceRequirements: { minItems: 2, requireUrl: false } } });
    const stored = async (evidence: Submission['evidence']) => {
      const eventId = `evt-${crypto.randomUUID()}`;
      const at = new Date().toISOString();
      const { submission } = await tessera!.dependencies.store.submissions.create({
        ...awardRequest({ eventId, evidence }),
        id: submissionIdFor('demo', eventId),
        sourceId: 'demo',
        issuerId: 'demo-university',
        occurredAt: at,
        receivedAt: at,
        status: 'RECEIVED',
        history: [{ at, status: 'RECEIVED' }],
      });
      return submission.id;
    };
    const short = await stored([{ name: 'Final assessment' }]);
    const enough = await stored([{ name: 'Final assessment' }, { name: 'Project' }]);

    // Act
    await tessera.workflow.start(short, { submissionId: short });
    await tessera.workflow.start(enough, { submissionId: enough });
    await tessera.workflow.idle();

    // Assess
    expect((await tessera.submission(short))?.failureReason).toBe(
      'IssuanceError: evidence does not meet the requirements of Data Literacy Foundations: needs at least 2 evidence item(s), got 1',
    );
    expect((await tessera.submission(enough))?.history.map((h) => h.status)).toEqual(['RECEIVED', 'APPROVED', 'ISSUED']);
  });

  it('the release refuses a submission that was not approved: nothing signed or stored, the submission left as it was', async () => {
    // Prepare: the manual policy; one submission waiting for its reviewer, one rejected.
    const signer = await countingSigner();
    tessera = await startTestTessera({ provide: { signer } });
    const waiting = await submit(tessera);
    await tessera.waitForStatus(waiting, ['IN_REVIEW']);
    const rejected = await submit(tessera, { recipient: { email: 'bo.learner@example.org', name: 'Bo Learner' } });
    await tessera.waitForStatus(rejected, ['IN_REVIEW']);
    const mails = (await tessera.mails()).filter(isReviewRequest());
    const rejectedSecret = reviewLinkIn(mails.find((m) => m.text.includes('Bo Learner'))!)
      .split('/')
      .pop()!;
    await decideReview(tessera.dependencies, rejectedSecret, { decision: 'reject', comment: 'not the learner’s own work' });
    await tessera.waitForStatus(rejected, ['REJECTED']);
    const signaturesBefore = signer.signatures;

    // Act
    const refusals = await Promise.all([waiting, rejected].map((id) => releaseCredential(tessera!.dependencies, id).catch((error: unknown) => error)));

    // Assess
    expect(refusals[0]).toBeInstanceOf(ConflictError);
    expect((refusals[0] as Error).message).toBe(`submission ${waiting} is IN_REVIEW and not approved (it has no review decision yet): no credential is released`);
    expect((refusals[1] as Error).message).toBe(`submission ${rejected} is REJECTED and not approved (it has ended): no credential is released`);
    expect(signer.signatures).toBe(signaturesBefore);
    for (const id of [waiting, rejected]) expect(await tessera.dependencies.store.credentials.getBySubmission(id)).toBeUndefined();
    expect((await tessera.submission(waiting))?.status).toBe('IN_REVIEW');
  });

  it('a submission the former Approve step approved (an execution from before) is released once, its APPROVED entry not repeated', async () => {
    tessera = await startTestTessera();
    const id = await submit(tessera);
    await tessera.waitForStatus(id, ['IN_REVIEW']);
    await tessera.dependencies.store.submissions.transition(id, 'APPROVED', { at: new Date().toISOString(), note: 'approved: released next' });

    await releaseCredential(tessera.dependencies, id);
    await releaseCredential(tessera.dependencies, id);

    const issued = await tessera.submission(id);
    expect(issued?.history.map((h) => h.status)).toEqual(['RECEIVED', 'IN_REVIEW', 'APPROVED', 'ISSUED']);
    expect(issued?.history.find((h) => h.status === 'APPROVED')?.note).toBe('approved: released next');
  });
});
