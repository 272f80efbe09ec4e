// The chaos run behind `npm run chaos` and test/e2e/chaos.test.ts: award requests through `npm start`
// (a child process with TESSERA_CHAOS on), reviews decided through their mailed links, one `kill -9`
// mid-release and a restart on the same data folder, then a report read straight from the table.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SUBMISSION_TRANSITIONS, type Submission } from '@tessera/core';
import { createDynamoDbStore, createTable, documentClientOf, type Store } from '@tessera/store';
import { localDynamoDbClientConfig } from '../packages/local/src/dynamodb-local.ts';
import { demoAchievement } from '../packages/local/src/seed.ts';
import { clientOf, freePort, processOptions, startTesseraProcess, type TesseraProcess } from '../test/support/tessera-process.ts';

export type ChaosRunOptions = {
  requests: number;
  seed: number;
  /** Share of adapter calls that fail (TESSERA_CHAOS rate). */
  rate: number;
  dynamodbEndpoint: string;
  dataDir: string;
  /** Every n-th request is for the manual-review achievement. @default 5 */
  manualEvery?: number;
  /** Every n-th review is rejected, the others approved. @default 10 */
  rejectEvery?: number;
  /** Requests in flight at once. @default 8 */
  concurrency?: number;
  /** Give up waiting for every submission to settle after this long. @default 600 */
  settleTimeoutSeconds?: number;
  log?: (line: string) => void;
};

export type ChaosReport = {
  requests: number;
  accepted: number;
  /** Webhook deliveries answered other than 202 (faults in intake) and sent again, as an LMS does. */
  intakeRetries: number;
  notAccepted: number;
  issued: number;
  rejected: number;
  failed: number;
  failedReasons: Record<string, number>;
  inReview: number;
  /** Submissions with more than one credential, plus events with more than one submission. */
  duplicates: number;
  /** Accepted but neither final nor in review when the run ended. */
  lost: number;
  lostIds: string[];
  /** ISSUED without a credential, or a credential on a submission not ISSUED. */
  inconsistent: number;
  crash: { killedAt: string; openAtKill: number; approvedAtKill: number; restartSeconds: number };
  faultsInjected: Record<string, number>;
  settleSeconds: number;
  totalSeconds: number;
};

const { isFinal } = SUBMISSION_TRANSITIONS;

/** The auto-policy achievement seeded beside the demo's manual one. */
export const AUTO_ACHIEVEMENT_ID = 'chaos-auto-data-literacy';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runChaos(options: ChaosRunOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => {});
  const manualEvery = options.manualEvery ?? 5;
  const rejectEvery = options.rejectEvery ?? 10;
  const started = Date.now();
  const proc = processOptions(options.dataDir, options.dynamodbEndpoint, await freePort());
  // A loaded machine (chaos and its crash included) can take over a minute to start the stack.
  proc.startTimeoutMs = 240_000;
  proc.env = { TESSERA_CHAOS: `${options.seed}:${options.rate}`, TESSERA_REVIEW_TIMEOUT_SECONDS: String(24 * 3600) };

  // A clean view of the table, without faults: what the report trusts.
  const dynamodb = new DynamoDBClient(localDynamoDbClientConfig(options.dynamodbEndpoint));
  await createTable(dynamodb, proc.tableName);
  const documents = documentClientOf(dynamodb);
  const store = createDynamoDbStore({ client: documents, tableName: proc.tableName });
  await store.achievements.put(demoAchievement({ id: AUTO_ACHIEVEMENT_ID, name: 'Data Literacy (automatic)', qaPolicy: 'auto' }));

  let running: TesseraProcess = await startTesseraProcess(proc);
  const client = clientOf(running.url, proc);
  let down = false;
  try {
    // Deliveries, each sent again (as an LMS does) until answered 202 or a 4xx that is final.
    const accepted = new Map<number, string>();
    let intakeRetries = 0;
    let notAccepted = 0;
    const deliver = async (i: number) => {
      const manual = i % manualEvery === 0;
      const award = {
        eventId: `chaos-${options.seed}-${i}`,
        achievementId: manual ? 'demo-data-literacy' : AUTO_ACHIEVEMENT_ID,
        recipient: { email: `learner${i}@example.org`, name: `Learner ${i}` },
        evidence: [{ name: 'Final assessment', narrative: 'Scored 86%.', url: `https://lms.example.edu/attempts/${i}` }],
        occurredAt: '2026-11-28T09:30:00Z',
      };
      // Attempts count only while the stack is up: the restart after the crash may take a while.
      for (let attempt = 0; attempt < 30;) {
        if (down) {
          await sleep(200);
          continue;
        }
        attempt++;
        const response = await client.postAward(award).catch(() => undefined);
        if (response?.status === 202) {
          accepted.set(i, ((await response.json()) as { submissionId: string }).submissionId);
          return;
        }
        await response?.text();
        if (response && response.status >= 400 && response.status < 500 && response.status !== 429) break;
        intakeRetries++;
        await sleep(100 * Math.min(attempt, 10));
      }
      notAccepted++;
    };
    const queue = Array.from({ length: options.requests }, (_, i) => i);
    const senders = Array.from({ length: options.concurrency ?? 8 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) await deliver(i);
    });

    // The reviewer: opens each review mail's link and decides, clicking again while the
    // submission still waits (a decision recorded but not delivered is delivered by a second POST).
    const reviewLinks = new Map<string, { link: string; learner: number }>();
    let reviewing = true;
    const reviewer = (async () => {
      while (reviewing) {
        if (!down) {
          for (const mail of await client.mails().catch(() => [])) {
            const link = /https?:\/\/\S+\/review\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
            const learner = /for Learner (\d+)$/.exec(mail.subject)?.[1];
            if (link && learner !== undefined && !reviewLinks.has(link)) reviewLinks.set(link, { link, learner: Number(learner) });
          }
          for (const [link, { learner }] of reviewLinks) {
            if (down) break;
            const id = accepted.get(learner);
            const submission = id ? await store.submissions.get(id) : undefined;
            if (submission && submission.status !== 'IN_REVIEW') {
              reviewLinks.delete(link);
              continue;
            }
            const decision = learner % (manualEvery * rejectEvery) === 0 ? 'reject' : 'approve';
            await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `decision=${decision}&comment=chaos` })
              .then((r) => r.text())
              .catch(() => {});
          }
        }
        await sleep(500);
      }
    })();

    // The crash: once half the requests are accepted and a credential is being released.
    let crash: ChaosReport['crash'] | undefined;
    while (!crash) {
      const open = accepted.size >= options.requests / 2 ? await store.submissions.listOpen().catch(() => []) : [];
      const approved = open.filter((s) => s.status === 'APPROVED').length;
      if (approved > 0 || (queue.length === 0 && accepted.size + notAccepted === options.requests)) {
        down = true;
        await running.kill9();
        const killedAt = new Date().toISOString();
        log(`kill -9 with ${open.length} open, ${approved} being released`);
        const restartStart = Date.now();
        running = await startTesseraProcess(proc);
        down = false;
        crash = { killedAt, openAtKill: open.length, approvedAtKill: approved, restartSeconds: (Date.now() - restartStart) / 1000 };
        log(`restarted in ${crash.restartSeconds} s`);
      }
      await sleep(200);
    }
    await Promise.all(senders);
    const allSent = Date.now();
    log(`${accepted.size} accepted, ${notAccepted} not; waiting for them to settle`);

    // Settle: every accepted submission final (or, at the deadline, whatever it is).
    const ids = [...new Set(accepted.values())];
    const deadline = Date.now() + (options.settleTimeoutSeconds ?? 600) * 1000;
    let submissions: Submission[] = [];
    for (;;) {
      submissions = (await Promise.all(ids.map((id) => store.submissions.get(id)))).filter((s): s is Submission => s !== undefined);
      const open = submissions.filter((s) => !isFinal(s.status)).length + ids.length - submissions.length;
      if (open === 0 || Date.now() > deadline) break;
      log(`${open} still open`);
      await sleep(2000);
    }
    const settleSeconds = (Date.now() - allSent) / 1000;
    reviewing = false;
    await reviewer;

    const credentials = await scanCredentials(documents, proc.tableName);
    return await report({
      options,
      accepted,
      ids,
      submissions,
      credentials,
      store,
      intakeRetries,
      notAccepted,
      crash,
      settleSeconds,
      started,
      faultsInjected: await faultCounts(options.dataDir),
    });
  } finally {
    await running.kill9();
    dynamodb.destroy();
  }
}

async function report(input: {
  options: ChaosRunOptions;
  accepted: Map<number, string>;
  ids: string[];
  submissions: Submission[];
  credentials: { submissionId: string }[];
  store: Store;
  intakeRetries: number;
  notAccepted: number;
  crash: ChaosReport['crash'];
  settleSeconds: number;
  started: number;
  faultsInjected: Record<string, number>;
}): Promise<ChaosReport> {
  const { submissions, credentials } = input;
  const count = (status: Submission['status']) => submissions.filter((s) => s.status === status).length;
  const failedReasons: Record<string, number> = {};
  for (const s of submissions.filter((x) => x.status === 'FAILED')) {
    const reason = reasonGroup(s.failureReason);
    failedReasons[reason] = (failedReasons[reason] ?? 0) + 1;
  }
  const perSubmission = new Map<string, number>();
  for (const c of credentials) perSubmission.set(c.submissionId, (perSubmission.get(c.submissionId) ?? 0) + 1);
  const perEvent = new Map<string, number>();
  for (const s of submissions) perEvent.set(`${s.sourceId}/${s.eventId}`, (perEvent.get(`${s.sourceId}/${s.eventId}`) ?? 0) + 1);
  const duplicates = [...perSubmission.values(), ...perEvent.values()].filter((n) => n > 1).length;
  const found = new Set(submissions.map((s) => s.id));
  const lostIds = [...input.ids.filter((id) => !found.has(id)), ...submissions.filter((s) => !isFinal(s.status) && s.status !== 'IN_REVIEW').map((s) => s.id)];
  const inconsistent = submissions.filter((s) => (s.status === 'ISSUED') !== perSubmission.has(s.id)).length;
  return {
    requests: input.options.requests,
    accepted: input.ids.length,
    intakeRetries: input.intakeRetries,
    notAccepted: input.notAccepted,
    issued: count('ISSUED'),
    rejected: count('REJECTED'),
    failed: count('FAILED'),
    failedReasons,
    inReview: count('IN_REVIEW'),
    duplicates,
    lost: lostIds.length,
    lostIds,
    inconsistent,
    crash: input.crash,
    faultsInjected: input.faultsInjected,
    settleSeconds: input.settleSeconds,
    totalSeconds: (Date.now() - input.started) / 1000,
  };
}

/** A failure reason without its ids and numbers, so equal causes count together. */
function reasonGroup(reason: string | undefined): string {
  if (!reason) return '(no reason given)';
  return reason
    .replace(/[A-Za-z0-9_-]{20,}/g, '<id>')
    .replace(/\d+/g, 'n')
    .slice(0, 160);
}

/** Every credential item in the table. A Scan: fine for a test table, never used by Tessera itself. */
async function scanCredentials(client: DynamoDBDocumentClient, tableName: string): Promise<{ submissionId: string }[]> {
  const found: { submissionId: string }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ExclusiveStartKey: start,
        FilterExpression: 'begins_with(pk, :p) AND sk = :s',
        ExpressionAttributeValues: { ':p': 'CREDENTIAL#', ':s': 'CREDENTIAL' },
      }),
    );
    for (const item of page.Items ?? []) found.push({ submissionId: String(item.submissionId) });
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

/** What each process injected (chaos-<pid>.json, written by the runtime every second), added up. */
async function faultCounts(dataDir: string): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (const file of (await readdir(dataDir)).filter((f) => /^chaos-\d+\.json$/.test(f))) {
    let counts: Record<string, number>;
    try {
      counts = JSON.parse(await readFile(join(dataDir, file), 'utf8')) as Record<string, number>;
    } catch {
      counts = { 'unreadable-count-file': 1 };
    }
    for (const [kind, n] of Object.entries(counts)) total[kind] = (total[kind] ?? 0) + n;
  }
  return total;
}

export function formatReport(r: ChaosReport): string {
  const lines = [
    `requests ${r.requests}, accepted ${r.accepted} (intake answered non-202 ${r.intakeRetries} times, sent again), not accepted ${r.notAccepted}`,
    `issued ${r.issued}, rejected by reviewer ${r.rejected}, failed ${r.failed}, still in review ${r.inReview}`,
    ...Object.entries(r.failedReasons).map(([reason, n]) => `  failed ${n}: ${reason}`),
    `duplicates ${r.duplicates} (must be 0), lost ${r.lost} (must be 0)${r.lost ? `: ${r.lostIds.slice(0, 10).join(', ')}` : ''}, inconsistent ${r.inconsistent}`,
    `kill -9 at ${r.crash.killedAt} with ${r.crash.openAtKill} open (${r.crash.approvedAtKill} being released); restarted in ${r.crash.restartSeconds.toFixed(1)} s`,
    `faults injected: ${
      Object.entries(r.faultsInjected)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }`,
    `settled ${r.settleSeconds.toFixed(1)} s after the last request was accepted; whole run ${r.totalSeconds.toFixed(1)} s`,
  ];
  return lines.join('\n');
}
