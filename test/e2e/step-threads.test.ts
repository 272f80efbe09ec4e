// The local workflow with its Task steps on a worker thread (LocalOptions.stepThreads, as `npm start`
// and the bench run it): the same handlers and ASL, the main thread only interprets the state
// machine and answers requests. Each path crosses the thread boundary: a step's result, a step's
// failure (by name and message), a review (its callback task stays on the main thread) followed by
// steps on the thread.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submission } from '@tessera/core';
import { WORKFLOW_STEP_FUNCTIONS } from '@tessera/functions/catalog';
import { issuanceWorkflowDefinition } from '@tessera/workflow';
import { threadedStepFunctions } from '../../packages/local/src/app.ts';
import { STEP_THREAD_NAME } from '../../packages/local/src/step-threads.ts';
import { awardRequest, reviewLinkIn, startTestTessera, type TestTessera } from '../support/local-tessera.ts';
import { isReviewRequest, waitForMail } from '../support/mail.ts';

let tessera: TestTessera;
beforeAll(async () => {
  tessera = await startTestTessera({ stepThreads: 1 });
}, 120_000);
afterAll(async () => {
  await tessera?.close();
});

const threadNames = () => readdirSync('/proc/self/task').map((task) => readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim());
const FORM = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };

async function submit(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await tessera.postAward(awardRequest(overrides));
  expect(response.status).toBe(202);
  return ((await response.json()) as { submissionId: string }).submissionId;
}

describe('workflow steps on a worker thread', () => {
  it('runs a step thread', () => {
    expect(tessera.stepThreadCount).toBe(1);
    expect(threadNames()).toContain(STEP_THREAD_NAME);
  });

  it('runs every ordinary Task step there, and the review request (a callback task) here', () => {
    expect(threadedStepFunctions(issuanceWorkflowDefinition({ functions: WORKFLOW_STEP_FUNCTIONS, reviewTimeoutSeconds: 60 })).sort()).toEqual([
      'check-evidence',
      'notify-earner',
      'record-outcome',
      'release-credential',
    ]);
  });

  it('reviews across threads: the review on the main thread, then the release and the earner mail from the step thread', async () => {
    const submissionId = await submit({ recipient: { email: 'grace@example.org', name: 'Grace Threads' } });
    const mail = await waitForMail(tessera.mails, isReviewRequest('Grace Threads'), 'the review mail');
    const decided = await fetch(reviewLinkIn(mail), { ...FORM, body: 'decision=approve&comment=fine' });
    expect(decided.status).toBeLessThan(400);
    const issued: Submission = await tessera.waitForStatus(submissionId, ['ISSUED', 'FAILED']);
    expect(issued.status).toBe('ISSUED');
    const credential = await (await fetch(String(issued.credentialUrl))).text();
    const verified = (await (await fetch(`${tessera.url}/verify`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: credential })).json()) as {
      verified: boolean;
    };
    expect(verified.verified).toBe(true);
    await waitForMail(tessera.mails, (m) => m.to === 'grace@example.org', "the earner's mail");
  });

  it('a step that fails in the thread fails the submission with its reason', async () => {
    const submissionId = await submit({ evidence: [] });
    const failed = await tessera.waitForStatus(submissionId, ['FAILED', 'ISSUED']);
    expect(failed.status).toBe('FAILED');
    expect(failed.failureReason).toMatch(/^IssuanceError: evidence does not meet the requirements of Data Literacy Foundations/);
  });
});
