// `npm run bench:bulk [-- --rows 10000] [--qa manual|auto] [--workflow both|on|off] [--warmup 1000]`: how long a CSV
// bulk batch takes on the local Tessera (the `npm start` composition on DynamoDB Local in memory),
// through `tessera bulk` as a person would run it: the file uploaded, the batch followed until every
// row has an outcome (the credentials then issue behind it). Then the same file again (every row a
// duplicate). The aim (issue 9): 10,000 rows in under a minute with the workflow running; the same
// with the workflow switched off (no execution started: the bulk path alone) is printed beside it.
// Each stack first takes a smaller file of other awards (--warmup rows, timed and printed, not
// measured): a fresh DynamoDB Local's JVM is still compiling, which a running `npm start` is not.
// A benchmark, not a test: it prints figures and exits non-zero only on a wrong answer.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { formatCsv } from '@tessera/catalogue';
import { main } from '../packages/cli/src/main.ts';
import { startLocalTessera } from '../packages/local/src/app.ts';
import { startDynamoDbLocal } from '../packages/local/src/dynamodb-local.ts';
import { describeMachine, measureCpu, type CpuShare } from './machine.ts';

const AIM_SECONDS = 60;

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    qa: { type: 'string', default: 'manual' },
    workflow: { type: 'string', default: 'both' },
    warmup: { type: 'string', default: '1000' },
  },
});
const warmupRows = Number(flags.warmup);
if (!Number.isInteger(warmupRows) || warmupRows < 0) throw new Error('--warmup must be a whole number, 0 for none');
const rows = Number(flags.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a whole number above 0');
if (flags.qa !== 'manual' && flags.qa !== 'auto') throw new Error('--qa must be manual or auto');
if (!['both', 'on', 'off'].includes(flags.workflow ?? '')) throw new Error('--workflow must be both, on or off');
const modes = flags.workflow === 'both' ? (['on', 'off'] as const) : [flags.workflow as 'on' | 'off'];

const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-bulk-'));
const dynamo = await startDynamoDbLocal({ inMemory: true });
/** A file of `count` good awards for the demo achievement, each its own event and learner. */
async function awardsFile(name: string, prefix: string, count: number): Promise<{ path: string; bytes: number }> {
  const header = ['eventId', 'email', 'name', 'achievementId', 'evidenceUrl', 'evidenceNarrative'];
  const body = Array.from({ length: count }, (_, i) => [
    `${prefix}-${i}`,
    `${prefix}${i}@example.org`,
    `Learner ${prefix} ${i}`,
    'demo-data-literacy',
    `https://lms.example.edu/attempts/${prefix}/${i}`,
    'Passed the final assessment.',
  ]);
  const csv = formatCsv([header, ...body]);
  const path = join(dataDir, name);
  await writeFile(path, csv);
  return { path, bytes: Buffer.byteLength(csv) };
}
const file = await awardsFile('awards.csv', 'bench', rows);
const warmupFile = warmupRows ? await awardsFile('warmup.csv', 'warmup', warmupRows) : undefined;
const machine = describeMachine();
console.log(`${rows} rows (${(file.bytes / 1e6).toFixed(2)} MB), demo achievement under ${flags.qa} review; ${machine.cores} cores, load ${machine.loadAverage}`);

/** One upload of the file through `tessera bulk`, timed until the batch is done. */
async function upload(path: string, count: number, url: string, adminToken: string, label: string, expected: string): Promise<number> {
  const out: string[] = [];
  const cpu = measureCpu();
  const start = performance.now();
  const code = await main(['bulk', path, '--url', url, '--token', adminToken], {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => process.stderr.write(t) },
  });
  const seconds = (performance.now() - start) / 1000;
  const share = cpu();
  const summary =
    out
      .join('')
      .split('\n')
      .find((line) => line.includes(' rows: ')) ?? '';
  console.log(`  ${label}: ${seconds.toFixed(1)} s, ${(count / seconds).toFixed(0)} rows/s (exit ${code}); ${describeShare(share)}`);
  if (code !== 0 || !summary.includes(expected)) throw new Error(`${label}: expected "${expected}", got: ${summary}`);
  return seconds;
}

/** Where the cores went while it ran: ours (Node's main thread: the server, the batch and the
 *  executions), DynamoDB Local's, and everyone else's on the machine (other people's work: noise). */
function describeShare(share: CpuShare): string {
  const cores = (n: number | undefined) => (n === undefined ? 'n/a' : n.toFixed(2));
  return `cores used: Node main thread ${cores(share.nodeMainCpu)} (busy ${(share.nodeMainBusy * 100).toFixed(0)}%), DynamoDB Local ${cores(share.dynamoDbCores)}, rest of the machine ${cores(share.otherCores)}`;
}

/** A fresh stack (its own table) with the workflow on or off, the file uploaded twice. */
async function measure(workflow: 'on' | 'off'): Promise<{ first: number; again: number }> {
  const tessera = await startLocalTessera({
    port: 0,
    dataDir: join(dataDir, workflow),
    dynamodbEndpoint: dynamo.endpoint,
    tableName: `tessera-bench-bulk-${workflow}`,
    demoAchievement: { qaPolicy: flags.qa as 'manual' | 'auto' },
  });
  // Off: the bulk path alone, rows stored as submissions, their executions never started.
  if (workflow === 'off') tessera.workflow.start = async () => ({ alreadyStarted: false });
  console.log(`workflow ${workflow}${workflow === 'on' ? ' (every accepted row starts its execution in this process)' : ' (no execution started)'}:`);
  try {
    if (warmupFile) await upload(warmupFile.path, warmupRows, tessera.url, tessera.adminToken, `warm-up, ${warmupRows} other rows (not measured)`, `${warmupRows} accepted`);
    const first = await upload(file.path, rows, tessera.url, tessera.adminToken, 'first upload', `${rows} accepted, 0 duplicate, 0 invalid`);
    const again = await upload(file.path, rows, tessera.url, tessera.adminToken, 'same file again', `0 accepted, ${rows} duplicate, 0 invalid`);
    return { first, again };
  } finally {
    await tessera.stop();
  }
}

try {
  const results: Partial<Record<'on' | 'off', { first: number; again: number }>> = {};
  for (const mode of modes) results[mode] = await measure(mode);
  const verdict = (seconds: number) => (seconds < AIM_SECONDS ? 'met' : `MISSED by ${(seconds - AIM_SECONDS).toFixed(1)} s`);
  console.log(`\n${rows} rows, first upload, aim (issue 9: 10,000 rows) under ${AIM_SECONDS} s with the workflow on:`);
  if (results.on) console.log(`  workflow on:  ${results.on.first.toFixed(1)} s  ${verdict(results.on.first)}; same file again ${results.on.again.toFixed(1)} s`);
  if (results.off) console.log(`  workflow off: ${results.off.first.toFixed(1)} s  (the bulk path alone, for comparison); same file again ${results.off.again.toFixed(1)} s`);
} finally {
  await dynamo.stop();
  await rm(dataDir, { recursive: true, force: true });
}
// Executions still parked on their reviews keep timers (their review deadlines, days away) in the
// interpreter after the stack stopped: the figures are out, so end here rather than wait on them.
process.exit(0);
