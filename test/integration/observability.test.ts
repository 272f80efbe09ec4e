// Logs are for operators, not for attackers: every line of a badge's journey carries its
// submission id, and no line carries a review secret or a workflow task token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashReviewSecret } from '@tessera/issuance';
import { awardRequest, reviewLinkIn, startTestTessera, type TestTessera } from '../support/local-tessera.ts';
import { isReviewRequest, waitForMail } from '../support/mail.ts';

let tessera: TestTessera;
const lines: string[] = [];
const write = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  };
  tessera = await startTestTessera();
});
afterAll(async () => {
  process.stdout.write = write;
  await tessera.close();
});

describe('structured logs and metrics', () => {
  it('follow a submission by its id and never contain the review secret or the task token', async () => {
    const { submissionId } = (await (await tessera.postAward(awardRequest())).json()) as { submissionId: string };
    const mail = await waitForMail(tessera.mails, isReviewRequest(), 'the review mail');
    const reviewUrl = reviewLinkIn(mail);
    const secret = reviewUrl.split('/').pop()!;
    const taskToken = (await tessera.dependencies.store.reviews.getBySecretHash(hashReviewSecret(secret)))!.taskToken;
    await fetch(reviewUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'decision=approve' });
    await tessera.waitForStatus(submissionId, ['ISSUED']);
    await tessera.workflow.idle();

    const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const messages = json.filter((l) => l.submissionId === submissionId).map((l) => l.message);
    // The approval is written by the release (no RecordOutcome step on the way to ISSUED).
    expect(messages).toEqual(expect.arrayContaining(['award request accepted', 'review decided', 'credential released']));
    const emitted = json.filter((l) => l._aws).flatMap((l) => Object.keys(l).filter((k) => /^[A-Z]/.test(k)));
    expect(emitted).toEqual(expect.arrayContaining(['SubmissionsReceived', 'ReviewDecisions', 'ReviewDecisionLatency', 'BadgesIssued']));
    const all = lines.join('\n');
    expect(all).not.toContain(secret);
    expect(all).not.toContain(taskToken);
  });
});
