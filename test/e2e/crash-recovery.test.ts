// Real crashes: `npm start` in a child process, killed with SIGKILL mid-work and started again on
// the same data folder, port and table. Nothing accepted may be lost, and a mailed review link
// must decide after the restart exactly as before it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Submission } from '@tessera/core';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbStore, documentClientOf } from '@tessera/store';
import { localDynamoDbClientConfig } from '../../packages/local/src/dynamodb-local.ts';
import { awardRequest, reviewLinkIn } from '../support/local-tessera.ts';
import { isReviewRequest, pollFor, waitForMail } from '../support/mail.ts';
import { clientOf, freePort, processOptions, startTesseraProcess, type TesseraProcess, type TesseraProcessOptions } from '../support/tessera-process.ts';

let running: TesseraProcess | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await running?.kill9();
  running = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
});

async function setUp(): Promise<TesseraProcessOptions> {
  dataDir = await mkdtemp(join(tmpdir(), 'tessera-crash-'));
  return processOptions(dataDir, inject('dynamodbEndpoint'), await freePort());
}

/** A restarted `npm start` takes a while: wait up to 30 s. */
const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => pollFor(what, probe, { timeoutMs: 30_000, intervalMs: 50 });

const FORM = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };

describe('crash recovery of npm start (kill -9, then start again)', () => {
  it('a review waiting before the crash is decided by its mailed link after it, and the badge is issued', { timeout: 120_000 }, async () => {
    // Prepare: a submission waiting for review, its link mailed.
    const options = await setUp();
    running = await startTesseraProcess(options);
    const client = clientOf(running.url, options);
    const accepted = await client.postAward(awardRequest({ recipient: { email: 'grace@example.org', name: 'Grace Hopper' } }));
    expect(accepted.status).toBe(202);
    const { submissionId } = (await accepted.json()) as { submissionId: string };
    const mail = await waitForMail(client.mails, isReviewRequest(), 'the review mail', { timeoutMs: 30_000, intervalMs: 50 });
    const reviewUrl = reviewLinkIn(mail);
    await until('IN_REVIEW', async () => ((await client.submission(submissionId)).status === 'IN_REVIEW' ? true : undefined));

    // Act: crash, start again.
    await running.kill9();
    running = await startTesseraProcess(options);

    // Assess: the link's page and its decision agree, and the workflow carries on to the badge.
    const page = await fetch(reviewUrl);
    expect(page.status).toBe(200);
    const decided = await fetch(reviewUrl, { ...FORM, body: 'decision=approve&comment=after+the+crash' });
    expect(decided.status).toBe(200);
    const issued = await until('ISSUED', async () => {
      const s = await client.submission(submissionId);
      return s.status === 'ISSUED' ? s : undefined;
    });
    expect(issued.history.map((h) => h.status)).toEqual(['RECEIVED', 'IN_REVIEW', 'APPROVED', 'ISSUED']);
    // The reviewer was mailed once: the resumed wait did not ask again.
    expect((await client.mails()).filter((m) => m.subject.startsWith('Review needed'))).toHaveLength(1);
  });

  it('every webhook answered 202 just before a crash reaches review after the restart; none stays RECEIVED', { timeout: 120_000 }, async () => {
    // Prepare
    const options = await setUp();
    running = await startTesseraProcess(options);
    const client = clientOf(running.url, options);

    // Act: 20 accepted deliveries, then SIGKILL at once, with their workflows mid-flight.
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.postAward(awardRequest({ recipient: { email: `learner${i}@example.org`, name: `Learner ${i}` } }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { submissionId: string }).submissionId));
    await running.kill9();
    // What the crash left behind, read straight from the table: typically most are still RECEIVED.
    const store = createDynamoDbStore({ client: documentClientOf(new DynamoDBClient(localDynamoDbClientConfig(options.dynamodbEndpoint))), tableName: options.tableName });
    const atCrash = await Promise.all(ids.map(async (id) => (await store.submissions.get(id))?.status));
    expect(atCrash.every((status) => status === 'RECEIVED' || status === 'IN_REVIEW')).toBe(true);
    running = await startTesseraProcess(options);

    // Assess: each one is waiting for its reviewer (the demo achievement's policy), mailed exactly once.
    const restarted = clientOf(running.url, options);
    const settled: Submission[] = await until('all 20 in review', async () => {
      const all = await Promise.all(ids.map((id) => restarted.submission(id)));
      return all.every((s) => s.status === 'IN_REVIEW') ? all : undefined;
    });
    expect(settled.map((s) => s.status)).toEqual(Array(20).fill('IN_REVIEW'));
    // The step records IN_REVIEW before it mails, so the last mails may still be on their way: wait
    // for them. A crash between mailing and recording it may mail a reviewer twice; never zero times.
    const mailed = (reviewMails: { subject: string }[], i: number) => reviewMails.filter((m) => m.subject.endsWith(`for Learner ${i}`)).length;
    const reviewMails = await until('a review mail for each', async () => {
      const all = (await restarted.mails()).filter((m) => m.subject.startsWith('Review needed'));
      return Array.from({ length: 20 }, (_, i) => mailed(all, i)).every((n) => n >= 1) ? all : undefined;
    });
    for (let i = 0; i < 20; i++) expect(mailed(reviewMails, i)).toBeGreaterThanOrEqual(1);
    console.info(`crash left ${atCrash.filter((s) => s === 'RECEIVED').length} of 20 RECEIVED; all 20 IN_REVIEW after the restart`);
  });
});
