// `npm run bench`: throughput and latency of the local Tessera (the `npm start` composition on
// DynamoDB Local in memory, demo achievement under the auto QA policy): intake, webhook-to-ISSUED,
// POST /verify, and signing/verifying alone, each beside issue 12's aim and the reference stack's
// figure from the same run (@digitalbazaar/vc in-process, bench/reference.ts). Prints the tables,
// writes them into docs/BENCHMARKS.md (full runs only) and exits non-zero only on a wrong answer
// (never on a slow figure: figures are for people, not tests).
//   npm run bench                 full run (a few minutes)
//   npm run bench -- --quick      smoke run with small counts; does not touch the docs
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { Worker } from 'node:worker_threads';
import type { Submission } from '@tessera/core';
import { startLocalTessera, type LocalTessera } from '../packages/local/src/app.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '../packages/local/src/dynamodb-local.ts';
import { benchCredentialWork, type LoopKey, type LoopResult } from './in-process.ts';
import type { LoadOptions, LoadResult } from './load-client.ts';
import { phaseProfiler, summarizeProfile } from './profile.ts';
import { countDynamoDbCalls, dynamoDbCallsSnapshot, JOURNAL } from './db-calls.ts';
import { STEP_THREAD_NAME } from '../packages/local/src/step-threads.ts';
import { describeMachine, measureCpu, type CpuShare, type Machine } from './machine.ts';
import { ms, rate, summarize, table, type Summary } from './stats.ts';

const { values: flags } = parseArgs({
  allowNegative: true,
  options: {
    quick: { type: 'boolean', default: false },
    write: { type: 'boolean' },
    logs: { type: 'boolean', default: false },
    profile: { type: 'string' },
    'step-threads': { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(
    'usage: npm run bench [-- --quick] [-- --no-write | --write] [-- --logs]\n' +
      '  --quick   small counts, a smoke run (does not write docs/BENCHMARKS.md unless --write)\n' +
      "  --logs    let the handlers' log and metric lines through (counted and dropped by default)\n" +
      '  --profile DIR  write a CPU profile of each measured phase into DIR and summarise it\n' +
      "  --step-threads N  worker threads for the workflow's steps, as npm start's TESSERA_STEP_THREADS (default 1; 0: all on the main thread)",
  );
  process.exit(0);
}

const SETTINGS = flags.quick
  ? {
      concurrency: 16,
      intake: { warmup: 50, count: 200 },
      intakeAlone: { count: 50 },
      intakeWithWorkflow: { count: 50 },
      issue: { warmup: 16, count: 50 },
      verify: { warmup: 10, count: 50 },
      inProcess: { warmup: 5, count: 100 },
    }
  : {
      concurrency: 16,
      intake: { warmup: 200, count: 2000 },
      intakeAlone: { count: 300 },
      intakeWithWorkflow: { count: 300 },
      issue: { warmup: 64, count: 500 },
      verify: { warmup: 50, count: 1000 },
      inProcess: { warmup: 30, count: 300 },
    };
const TIME_LIMIT_MS = { intake: 60_000, issueSubmit: 120_000, issueDrain: 300_000, verify: 90_000, inProcessLoop: 20_000 };
const writeDocs = flags.write ?? (!flags.quick && !flags.profile && flags['step-threads'] === '1');
const DOC = new URL('../docs/BENCHMARKS.md', import.meta.url);

const SAMPLE_AWARD = JSON.parse(await readFile(new URL('../events/generic/award-request.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** Something the bench saw go wrong: reported at the end, and the exit code becomes 1. */
const problems: string[] = [];
const print = process.stdout.write.bind(process.stdout);
const say = (line: string) => void print(`${line}\n`);

/** The handlers log and emit metrics on every invocation, as on Lambda. The work of formatting
 *  those lines stays in the figures; only the terminal write is skipped, and the lines counted. */
const serverOutput = { lines: 0, bytes: 0 };
function countServerOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      serverOutput.bytes += Buffer.byteLength(text);
      serverOutput.lines += text.split('\n').length - 1;
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (callback) queueMicrotask(callback);
      return true;
    };
  }
}

type IntakeFigures = {
  count: number;
  perSecond: number;
  latency: Summary;
  cpu: CpuShare;
  client: number;
  stoppedEarly: boolean;
  dbCalls: Record<string, number>;
  /** One request at a time: the service time, without queueing behind 15 others. */
  serial: { perSecond: number; latency: Summary };
};
type IssueFigures = {
  /** One webhook after another while each one's badge is issued (the workflow running). */
  serialWithWorkflow: { perSecond: number; latency: Summary };
  count: number;
  wallMs: number;
  perSecond: number;
  accept: { perSecond: number; latency: Summary };
  issued: Summary;
  serverSide: Summary;
  cpu: CpuShare;
  /** Log and metric lines the handlers wrote per badge (webhook to ISSUED and the earner's mail). */
  outputLinesPerBadge: number;
  dbCalls: Record<string, number>;
};
type VerifyFigures = { count: number; perSecond: number; latency: Summary; cpu: CpuShare; stoppedEarly: boolean; dbCalls: Record<string, number> };

function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-client.ts', import.meta.url), { workerData: { loadOptions: options } });
    worker.once('message', (message: { result?: LoadResult; error?: string }) => {
      void worker.terminate();
      if (message.result) resolve(message.result);
      else reject(new Error(`load client failed: ${message.error}`));
    });
    worker.once('error', reject);
  });
}

function noteFailures(what: string, result: LoadResult) {
  if (result.failures.count) problems.push(`${what}: ${result.failures.count} wrong answers, e.g. ${result.failures.examples.join(' | ')}`);
}

const latencyOf = (samples: LoadResult['samples']) => summarize(samples.map((s) => s.answeredAt - s.sentAt));

/** 1. Intake alone: the workflow start is swapped for a no-op, so only the webhook's own work runs. */
async function benchIntake(tessera: LocalTessera, award: Record<string, unknown>): Promise<IntakeFigures> {
  if (tessera.dependencies.workflow !== tessera.workflow) throw new Error('the handlers do not use the workflow startLocalTessera returned; cannot isolate intake');
  const realStart = tessera.workflow.start;
  tessera.workflow.start = async () => ({ alreadyStarted: false });
  try {
    const job = { kind: 'webhook' as const, url: tessera.url, secret: tessera.webhookSecret, award };
    noteFailures(
      'intake warm-up',
      await runLoad({
        job: { ...job, eventIdPrefix: 'bench-intake-warmup' },
        warmup: 0,
        count: SETTINGS.intake.warmup,
        concurrency: SETTINGS.concurrency,
        timeLimitMs: TIME_LIMIT_MS.intake,
      }),
    );
    await profiler.start();
    const stopCpu = measureCpu();
    const stopCalls = dynamoDbCallsSnapshot();
    const result = await runLoad({
      job: { ...job, eventIdPrefix: 'bench-intake' },
      warmup: 0,
      count: SETTINGS.intake.count,
      concurrency: SETTINGS.concurrency,
      timeLimitMs: TIME_LIMIT_MS.intake,
    });
    const cpu = stopCpu();
    profiles.push(await profiler.stop('1a-intake'));
    const dbCalls = await stopCalls();
    const serial = await runLoad({
      job: { ...job, eventIdPrefix: 'bench-intake-serial' },
      warmup: 0,
      count: SETTINGS.intakeAlone.count,
      concurrency: 1,
      timeLimitMs: TIME_LIMIT_MS.intake,
    });
    noteFailures('intake at concurrency 1', serial);
    noteFailures('intake', result);
    return {
      count: result.samples.length,
      perSecond: (result.samples.length / result.wallMs) * 1000,
      latency: latencyOf(result.samples),
      dbCalls,
      cpu,
      serial: { perSecond: (serial.samples.length / serial.wallMs) * 1000, latency: latencyOf(serial.samples) },
      client: result.clientBusy,
      stoppedEarly: result.stoppedByTimeLimit,
    };
  } finally {
    tessera.workflow.start = realStart;
  }
}

async function drain(tessera: LocalTessera, limitMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), limitMs)));
  try {
    return await Promise.race([tessera.workflow.idle().then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function submissions(tessera: LocalTessera, ids: string[]): Promise<(Submission | undefined)[]> {
  const found: (Submission | undefined)[] = [];
  for (let i = 0; i < ids.length; i += 25) found.push(...(await Promise.all(ids.slice(i, i + 25).map((id) => tessera.dependencies.store.submissions.get(id)))));
  return found;
}

/** 2. Webhook to ISSUED: submit N with the workflow running, then wait until every execution ended. */
async function benchIssue(tessera: LocalTessera, award: Record<string, unknown>): Promise<{ figures: IssueFigures; sample?: Submission }> {
  const job = { kind: 'webhook' as const, url: tessera.url, secret: tessera.webhookSecret, award };
  // Warm-up: the same path end to end (JIT, jsonld caches, DID document publication).
  const warm = await runLoad({
    job: { ...job, eventIdPrefix: 'bench-issue-warmup' },
    warmup: 0,
    count: SETTINGS.issue.warmup,
    concurrency: SETTINGS.concurrency,
    timeLimitMs: TIME_LIMIT_MS.issueSubmit,
  });
  noteFailures('issuance warm-up', warm);
  if (!(await drain(tessera, TIME_LIMIT_MS.issueDrain))) problems.push('issuance warm-up: the workflow did not go idle in time');

  // As an LMS delivers: one webhook after another, each one's workflow running while the next arrives.
  const serial = await runLoad({
    job: { ...job, eventIdPrefix: 'bench-issue-serial' },
    warmup: 0,
    count: SETTINGS.intakeWithWorkflow.count,
    concurrency: 1,
    timeLimitMs: TIME_LIMIT_MS.issueSubmit,
  });
  noteFailures('intake one at a time with the workflow running', serial);
  if (!(await drain(tessera, TIME_LIMIT_MS.issueDrain))) problems.push('intake one at a time: the workflow did not go idle in time');

  await profiler.start();
  const stopCpu = measureCpu();
  const linesBefore = serverOutput.lines;
  const stopCalls = dynamoDbCallsSnapshot();
  const result = await runLoad({
    job: { ...job, eventIdPrefix: 'bench-issue' },
    warmup: 0,
    count: SETTINGS.issue.count,
    concurrency: SETTINGS.concurrency,
    timeLimitMs: TIME_LIMIT_MS.issueSubmit,
  });
  const firstSent = Math.min(...result.samples.map((s) => s.sentAt));
  const drained = await drain(tessera, TIME_LIMIT_MS.issueDrain);
  const finished = performance.timeOrigin + performance.now();
  const cpu = stopCpu();
  profiles.push(await profiler.stop('2-issue'));
  const outputLines = serverOutput.lines - linesBefore;
  const dbCalls = await stopCalls();
  noteFailures('issuance', result);
  if (!drained) problems.push(`issuance: the workflow was still running ${TIME_LIMIT_MS.issueDrain / 1000} s after the last submission`);

  const accepted = result.samples.filter((s) => s.submissionId);
  const stored = await submissions(
    tessera,
    accepted.map((s) => s.submissionId as string),
  );
  const issuedLatency: number[] = [];
  const serverSide: number[] = [];
  const notIssued: string[] = [];
  accepted.forEach((sample, i) => {
    const submission = stored[i];
    const issuedAt = submission?.history.find((h) => h.status === 'ISSUED')?.at;
    if (!submission || submission.status !== 'ISSUED' || !issuedAt) {
      notIssued.push(`${sample.submissionId}: ${submission?.status ?? 'missing'}${submission?.failureReason ? ` (${submission.failureReason})` : ''}`);
      return;
    }
    issuedLatency.push(Date.parse(issuedAt) - sample.answeredAt);
    serverSide.push(Date.parse(issuedAt) - Date.parse(submission.receivedAt));
  });
  if (notIssued.length) problems.push(`issuance: ${notIssued.length} submissions not ISSUED, e.g. ${notIssued.slice(0, 3).join('; ')}`);
  const wallMs = finished - firstSent;
  return {
    figures: {
      serialWithWorkflow: { perSecond: (serial.samples.length / serial.wallMs) * 1000, latency: latencyOf(serial.samples) },
      count: issuedLatency.length,
      wallMs,
      perSecond: (issuedLatency.length / wallMs) * 1000,
      accept: { perSecond: (result.samples.length / result.wallMs) * 1000, latency: latencyOf(result.samples) },
      issued: summarize(issuedLatency),
      serverSide: summarize(serverSide),
      cpu,
      outputLinesPerBadge: outputLines / Math.max(1, accepted.length),
      dbCalls,
    },
    sample: stored.find((s) => s?.status === 'ISSUED'),
  };
}

/** 3. POST /verify of one typical issued badge, as a verifier would fetch it from its public URL. */
async function benchVerify(tessera: LocalTessera, sample: Submission): Promise<VerifyFigures> {
  const response = await fetch(String(sample.credentialUrl));
  if (response.status !== 200) throw new Error(`GET ${sample.credentialUrl} answered ${response.status}`);
  const credential = await response.text();
  const job = { kind: 'verify' as const, url: tessera.url, credential };
  noteFailures('verify warm-up', await runLoad({ job, warmup: 0, count: SETTINGS.verify.warmup, concurrency: SETTINGS.concurrency, timeLimitMs: TIME_LIMIT_MS.verify }));
  await profiler.start();
  const stopCpu = measureCpu();
  const stopCalls = dynamoDbCallsSnapshot();
  const result = await runLoad({ job, warmup: 0, count: SETTINGS.verify.count, concurrency: SETTINGS.concurrency, timeLimitMs: TIME_LIMIT_MS.verify });
  const cpu = stopCpu();
  profiles.push(await profiler.stop('3-verify'));
  const dbCalls = await stopCalls();
  noteFailures('verify', result);
  return {
    count: result.samples.length,
    dbCalls,
    perSecond: (result.samples.length / result.wallMs) * 1000,
    latency: latencyOf(result.samples),
    cpu,
    stoppedEarly: result.stoppedByTimeLimit,
  };
}

// ---- report -----------------------------------------------------------------------------------

type Figures = { machine: Machine; inProcess: { results: LoopResult[]; credentialBytes: number }; intake: IntakeFigures; issue: IssueFigures; verify: VerifyFigures };

const pct = (share: number | undefined) => (share === undefined ? 'n/a' : `${Math.round(share * 100)}%`);
const cores = (share: number | undefined) => (share === undefined ? 'n/a' : share.toFixed(2));
/** Our code's CPU in cores: the Node main thread (measured from /proc where we can, else its
 *  event-loop utilisation) plus the workflow's step threads. */
const mainCpu = (cpu: CpuShare) => (cpu.nodeMainCpu ?? cpu.nodeMainBusy) + (cpu.threads[STEP_THREAD_NAME] ?? 0);
/** What one core running only our code would do: the rate divided by the CPU our threads used. */
const perCore = (perSecond: number, cpu: CpuShare) => perSecond / Math.max(mainCpu(cpu), 0.01);
/** Our threads' CPU milliseconds per item. */
const cpuPerItem = (perSecond: number, cpu: CpuShare) => ms((mainCpu(cpu) / perSecond) * 1000);
const sumCalls = (entries: [string, number][]) => entries.reduce((a, [, n]) => a + n, 0);
/** The handlers' calls per item (what AWS would see); the local journal's apart. */
const handlerCalls = (byCommand: Record<string, number>, items: number) => sumCalls(Object.entries(byCommand).filter(([name]) => !name.startsWith(JOURNAL))) / items;
const calls = (byCommand: Record<string, number>, items: number) => {
  const entries = Object.entries(byCommand);
  const describe = (part: [string, number][]) => `${(sumCalls(part) / items).toFixed(2)} (${part.map(([name, n]) => `${(n / items).toFixed(2)} ${name}`).join(', ')})`;
  const journal = entries.filter(([name]) => name.startsWith(JOURNAL)).map(([name, n]): [string, number] => [name.slice(JOURNAL.length), n]);
  const handlers = entries.filter(([name]) => !name.startsWith(JOURNAL));
  return `${describe(handlers)}${journal.length ? `; local journal ${describe(journal)}` : ''}`;
};

function resultsTables(f: Figures): string {
  const row = (name: string, perSecond: number, latency: Summary, cpu: CpuShare | undefined) => [
    name,
    rate(perSecond),
    cpu ? rate(perCore(perSecond, cpu)) : '–',
    ms(latency.p50),
    ms(latency.p99),
    ms(latency.max),
    cpu ? cpuPerItem(perSecond, cpu) : '–',
    cpu ? `${cores(mainCpu(cpu))} (${pct(cpu.nodeMainBusy)})` : '–',
    cpu ? cores(cpu.dynamoDbCores) : '–',
  ];
  const http = table(
    ['Measurement', 'Rate /s', 'Per core /s', 'p50', 'p99', 'max', 'Node CPU per item', 'Node threads: CPU cores (main busy)', 'DynamoDB Local cores'],
    [
      row(`1a. Intake alone: 202s (workflow start a no-op)`, f.intake.perSecond, f.intake.latency, f.intake.cpu),
      row('1a′ the same, one request at a time', f.intake.serial.perSecond, f.intake.serial.latency, undefined),
      row('1b. Intake one at a time, workflow running: 202s', f.issue.serialWithWorkflow.perSecond, f.issue.serialWithWorkflow.latency, undefined),
      row(`1c. Intake, burst of ${SETTINGS.concurrency} while badges issue: 202s`, f.issue.accept.perSecond, f.issue.accept.latency, undefined),
      row('2.  Badges issued, webhook → ISSUED', f.issue.perSecond, f.issue.issued, f.issue.cpu),
      row('3.  POST /verify (verified: true)', f.verify.perSecond, f.verify.latency, f.verify.cpu),
    ],
  );
  const inProcess = table(
    ['In-process, one at a time, no HTTP/DB', 'Rate /s', 'Per core /s (by CPU time)', 'p50', 'p99'],
    f.inProcess.results.map((r) => [r.name, rate(r.perSecond), r.perCpuSecond === undefined ? '–' : rate(r.perCpuSecond), ms(r.latency.p50), ms(r.latency.p99)]),
  );
  const dynamo = table(
    ['DynamoDB calls', 'per item (by command)'],
    [
      ['per intake (1a)', calls(f.intake.dbCalls, f.intake.count)],
      ['per badge, webhook → ISSUED (2): handlers; local journal', calls(f.issue.dbCalls, f.issue.count)],
      ['per verification (3)', calls(f.verify.dbCalls, f.verify.count)],
    ],
  );
  const threadsOf = (cpu: CpuShare) =>
    Object.entries(cpu.threads)
      .map(([name, share]) => `${name} ${share.toFixed(2)}`)
      .join(', ');
  const threads = table(
    ['Where the CPU went (cores used, averaged over the phase)', 'Node threads', 'DynamoDB Local', 'Other processes'],
    [
      ['1a. intake alone', threadsOf(f.intake.cpu), cores(f.intake.cpu.dynamoDbCores), cores(f.intake.cpu.otherCores)],
      ['2.  webhook → ISSUED', threadsOf(f.issue.cpu), cores(f.issue.cpu.dynamoDbCores), cores(f.issue.cpu.otherCores)],
      ['3.  POST /verify', threadsOf(f.verify.cpu), cores(f.verify.cpu.dynamoDbCores), cores(f.verify.cpu.otherCores)],
    ],
  );
  return `${http}\n\n${inProcess}\n\n${dynamo}\n\n${threads}`;
}

/** A loop's rate per CPU-second of the main thread, or per wall second where the loop was too short to time its CPU. */
const inProcessRate = (f: Figures, key: LoopKey) => {
  const r = f.inProcess.results.find((x) => x.key === key);
  return r ? (r.perCpuSecond ?? r.perSecond) : Number.NaN;
};
const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–');

/** `shortBy`: how far a missed aim is, in the aim's own unit (printed only when missed). */
type Aim = { aim: string; ours: string; reference: string; ratio: string; met: boolean; shortBy: string; note?: string };

/** Issue 12's aims, each with Tessera's figure and the reference's from this run. */
function aims(f: Figures): Aim[] {
  const verifyHttp = perCore(f.verify.perSecond, f.verify.cpu);
  const refVerify = inProcessRate(f, 'referenceVerify');
  const rich = inProcessRate(f, 'verifyRich');
  const issued = perCore(f.issue.perSecond, f.issue.cpu);
  const refSign = inProcessRate(f, 'referenceSign');
  // Two decimals: a one-off call (a new status list, a cold cache) spread over 500 badges is 0.002.
  const badgeCalls = Math.round(handlerCalls(f.issue.dbCalls, f.issue.count) * 100) / 100;
  const serialP99 = f.issue.serialWithWorkflow.latency.p99;
  const burstP99 = f.issue.accept.latency.p99;
  return [
    {
      aim: 'Verify over HTTP, typical badge, per core: ≥ 2× the reference (10× the aim)',
      ours: `${rate(verifyHttp)} /s`,
      reference: `${rate(refVerify)} /s (verifyCredential, in-process)`,
      ratio: times(verifyHttp / refVerify),
      met: verifyHttp >= 2 * refVerify,
      shortBy: `${rate(2 * refVerify - verifyHttp)} /s`,
      note: verifyHttp >= 10 * refVerify ? '10× met too' : '10× not reached',
    },
    {
      aim: 'Verify a rich badge at least as fast as the reference verifies a typical one (in-process, per core)',
      ours: `${rate(rich)} /s`,
      reference: `${rate(refVerify)} /s (typical)`,
      ratio: times(rich / refVerify),
      met: rich >= refVerify,
      shortBy: `${rate(refVerify - rich)} /s`,
    },
    {
      aim: "Issuance end to end (webhook → ISSUED, auto policy), per core: ≥ 0.6× the reference signer's rate",
      ours: `${rate(issued)} /s (${rate(f.issue.perSecond)} /s wall, ${cores(mainCpu(f.issue.cpu))} cores)`,
      reference: `${rate(refSign)} /s (vc.issue, in-process)`,
      ratio: times(issued / refSign),
      met: issued >= 0.6 * refSign,
      shortBy: `${rate(0.6 * refSign - issued)} /s (${times((0.6 * refSign) / issued)} slower than the aim)`,
    },
    {
      aim: 'DynamoDB calls per badge, webhook → ISSUED: ≤ 6',
      ours: badgeCalls.toFixed(2),
      reference: '–',
      ratio: '–',
      met: badgeCalls <= 6,
      shortBy: `${(badgeCalls - 6).toFixed(2)} calls`,
      note: "the handlers' calls; the local journal apart",
    },
    {
      aim: "Intake's own work p99 < 20 ms, one delivery at a time (workflow start a no-op: the function's part on AWS)",
      ours: `p99 ${ms(f.intake.serial.latency.p99)} (p50 ${ms(f.intake.serial.latency.p50)})`,
      reference: '–',
      ratio: '–',
      met: f.intake.serial.latency.p99 < 20,
      shortBy: ms(f.intake.serial.latency.p99 - 20),
    },
    {
      aim: 'Intake p99 < 20 ms, one delivery at a time, the workflow running',
      ours: `p99 ${ms(serialP99)} (p50 ${ms(f.issue.serialWithWorkflow.latency.p50)})`,
      reference: '–',
      ratio: '–',
      met: serialP99 < 20,
      shortBy: ms(serialP99 - 20),
    },
    {
      aim: `Intake p99 < 100 ms, a burst of ${SETTINGS.concurrency} concurrent deliveries while badges issue`,
      ours: `p99 ${ms(burstP99)} (p50 ${ms(f.issue.accept.latency.p50)})`,
      reference: '–',
      ratio: '–',
      met: burstP99 < 100,
      shortBy: ms(burstP99 - 100),
    },
  ];
}

function aimsTable(f: Figures): string {
  return table(
    ['Aim (issue 12)', 'Tessera', 'Reference, same run', 'Tessera / reference', 'Verdict'],
    aims(f).map((a) => [a.aim, a.ours, a.reference, a.ratio, `${a.met ? 'met' : `**missed** by ${a.shortBy}`}${a.note ? ` (${a.note})` : ''}`]),
  );
}

/** In-process, Tessera beside the reference on the same credentials. */
function inProcessRatios(f: Figures): string {
  const pair = (ours: LoopKey, reference: LoopKey) => times(inProcessRate(f, ours) / inProcessRate(f, reference));
  return `In-process, Tessera / reference per CPU-second: sign ${pair('sign', 'referenceSign')}, verify typical ${pair('verify', 'referenceVerify')}, verify rich ${pair('verifyRich', 'referenceVerifyRich')}.`;
}

function resultsSection(f: Figures): string {
  const m = f.machine;
  return [
    `Measured ${m.date} by \`npm run bench\` (${flags.quick ? '`--quick`, small counts' : 'full counts'}).`,
    '',
    `- Machine: ${m.cores} cores (\`os.availableParallelism()\`), ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}.`,
    `- Code: ${m.revision}. Node ${m.node}. Load average when the bench started: ${m.loadAverage}; the last column of the CPU table shows what other processes took while measuring.`,
    `- Our code runs on the Node main thread (the gateway, the webhooks, verify, the state machine interpreter and its journal) and the workflow's step thread(s) (\`tessera-steps\`); DynamoDB Local (Java), the bench's HTTP client (a worker thread) and the OS share the ${m.cores} cores with them, and with whatever else runs on the machine.`,
    `- Workflow steps on ${flags['step-threads']} worker thread(s) (\`--step-threads\`), as \`npm start\` runs them; the per-client rate limits off (one client sends everything).`,
    `- Counts: intake ${f.intake.count} after ${SETTINGS.intake.warmup} warm-up; issuance ${f.issue.count} after ${SETTINGS.issue.warmup} warm-up; verify ${f.verify.count} after ${SETTINGS.verify.warmup}; concurrency ${SETTINGS.concurrency}. Signed credential: ${f.inProcess.credentialBytes} bytes.`,
    '',
    resultsTables(f),
    '',
    `Issuance: ${f.issue.count} badges in ${ms(f.issue.wallMs)} from the first webhook sent until the workflow was idle; server-side RECEIVED → ISSUED p50 ${ms(f.issue.serverSide.p50)}, p99 ${ms(f.issue.serverSide.p99)}. ` +
      `The handlers wrote ${f.issue.outputLinesPerBadge.toFixed(1)} log/metric lines per badge${flags.logs ? '' : ' (formatted as in production, then dropped instead of written to the terminal)'}.`,
    `Sign alone ${rate(inProcessRate(f, 'sign'))} /s and verify alone ${rate(inProcessRate(f, 'verify'))} /s per core (by CPU time) bound what the HTTP figures can reach. ${inProcessRatios(f)}`,
    '',
    'Against the aims (the reference: `@digitalbazaar/vc` in this process, on the same credentials, bench/reference.ts):',
    '',
    aimsTable(f),
  ].join('\n');
}

const START = '<!-- bench:results:start (written by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:results:end -->';

/** Replaces only the generated block; everything else in the file (prose, other sections) stays. */
async function writeResults(section: string): Promise<void> {
  let doc: string;
  try {
    doc = await readFile(DOC, 'utf8');
  } catch {
    doc = `# Benchmarks\n\n## Latest results\n\n${START}\n${END}\n`;
  }
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`docs/BENCHMARKS.md has no results markers; add\n${START}\n${END}\nwhere the results go`);
  const written = `${doc.slice(0, from + START.length)}\n${section}\n${doc.slice(to)}`;
  // As `npm run lint` wants it (prettier --check covers docs/): the tables' columns padded its way.
  await writeFile(DOC, await format(written, { ...(await resolveConfig(DOC)), filepath: fileURLToPath(DOC) }));
}

// ---- main -------------------------------------------------------------------------------------

const machine = describeMachine();
if (!flags.logs) countServerOutput();
countDynamoDbCalls();
const profiler = await phaseProfiler(flags.profile);
const profiles: (string | undefined)[] = [];
say(`Tessera bench${flags.quick ? ' (--quick)' : ''}: ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}`);

say('0. signing and verifying in-process...');
const inProcess = await benchCredentialWork({ ...SETTINGS.inProcess, timeLimitMs: TIME_LIMIT_MS.inProcessLoop });

let dynamo: DynamoDbLocal | undefined;
let tessera: LocalTessera | undefined;
const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-'));
let figures: Figures | undefined;
try {
  dynamo = await startDynamoDbLocal({ inMemory: true });
  tessera = await startLocalTessera({
    port: 0,
    dataDir,
    dynamodbEndpoint: dynamo.endpoint,
    tableName: 'tessera-bench',
    demoAchievement: { qaPolicy: 'auto' },
    // As `npm start` runs: the workflow's steps on a thread of their own, their DynamoDB calls counted.
    stepThreads: Number(flags['step-threads']),
    // The bench measures throughput, not the per-client limiter: one client sends everything here.
    rateLimits: { verifyPerMinute: 0, webhookPerMinute: 0 },
    stepThreadPreload: [new URL('./db-calls-thread.ts', import.meta.url).href],
  });
  const award = { ...SAMPLE_AWARD, occurredAt: new Date().toISOString() };

  say(`1. intake alone: ${SETTINGS.intake.count} webhooks at concurrency ${SETTINGS.concurrency}...`);
  const intake = await benchIntake(tessera, award);
  say(`2. issuance: ${SETTINGS.issue.count} webhooks → ISSUED...`);
  const { figures: issue, sample } = await benchIssue(tessera, award);
  if (!sample) throw new Error('no submission was issued, so there is no credential to verify');
  say(`3. verify: ${SETTINGS.verify.count} POST /verify at concurrency ${SETTINGS.concurrency}...`);
  const verify = await benchVerify(tessera, sample);
  if (intake.stoppedEarly || verify.stoppedEarly) say('   (a phase hit its time limit before its count: figures cover fewer requests)');
  figures = { machine, inProcess, intake, issue, verify };
} catch (error) {
  problems.push(`bench failed: ${(error as Error).stack ?? String(error)}`);
  if (!flags.logs) problems.push('re-run with --logs to see what the handlers logged');
} finally {
  await tessera?.stop();
  await dynamo?.stop();
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
}

if (figures) {
  say('');
  say(resultsTables(figures));
  say('');
  say(inProcessRatios(figures));
  say('');
  say(aimsTable(figures).replaceAll('**', ''));
  for (const file of profiles) if (file) say(`\n${await summarizeProfile(file, 15)}`);
  if (writeDocs && problems.length === 0) {
    await writeResults(resultsSection(figures));
    say('\nWrote the results into docs/BENCHMARKS.md');
  }
}
if (problems.length) {
  say(`\n${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
