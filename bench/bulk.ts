// `npx tsx bench/bulk.ts [--rows 10000] [--qa manual|auto] [--workflow on|off]`: how long a CSV bulk batch takes on the
// local Tessera (the `npm start` composition on DynamoDB Local in memory), through `tessera bulk`
// as a person would run it: the file uploaded, the batch followed until every row has an outcome.
// Then the same file again (every row a duplicate). The target (issue 9): 10,000 rows in under a
// minute. A benchmark, not a test: it prints figures and exits non-zero only on a wrong answer.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { formatCsv } from '@tessera/catalogue';
import { main } from '../packages/cli/src/main.ts';
import { startLocalTessera } from '../packages/local/src/app.ts';
import { startDynamoDbLocal } from '../packages/local/src/dynamodb-local.ts';
import { describeMachine } from './machine.ts';

const { values: flags } = parseArgs({
  options: { rows: { type: 'string', default: '10000' }, qa: { type: 'string', default: 'manual' }, workflow: { type: 'string', default: 'on' } },
});
const rows = Number(flags.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a whole number above 0');
if (flags.qa !== 'manual' && flags.qa !== 'auto') throw new Error('--qa must be manual or auto');

const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-bulk-'));
const dynamo = await startDynamoDbLocal({ inMemory: true });
const tessera = await startLocalTessera({ port: 0, dataDir, dynamodbEndpoint: dynamo.endpoint, tableName: 'tessera-bench-bulk', demoAchievement: { qaPolicy: flags.qa } });
if (flags.workflow === 'off') {
  // The bulk path alone: rows stored as submissions, their workflow executions never started.
  tessera.workflow.start = async () => ({ alreadyStarted: false });
}
try {
  const file = join(dataDir, 'awards.csv');
  const header = ['eventId', 'email', 'name', 'achievementId', 'evidenceUrl', 'evidenceNarrative'];
  const body = Array.from({ length: rows }, (_, i) => [
    `bench-${i}`,
    `learner${i}@example.org`,
    `Learner ${i}`,
    'demo-data-literacy',
    `https://lms.example.edu/attempts/${i}`,
    'Passed the final assessment.',
  ]);
  const csv = formatCsv([header, ...body]);
  await writeFile(file, csv);
  const machine = describeMachine();
  console.log(
    `${rows} rows (${(Buffer.byteLength(csv) / 1e6).toFixed(2)} MB), demo achievement under ${flags.qa} review, workflow ${flags.workflow}; ${machine.cores} cores, load ${machine.loadAverage}`,
  );

  const once = async (label: string, expected: string) => {
    const out: string[] = [];
    const start = performance.now();
    const code = await main(['bulk', file, '--url', tessera.url, '--token', tessera.adminToken], {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => process.stderr.write(t) },
    });
    const seconds = (performance.now() - start) / 1000;
    const summary = out.join('').trim().split('\n')[0] ?? '';
    console.log(`${label}: ${seconds.toFixed(1)} s, ${(rows / seconds).toFixed(0)} rows/s (exit ${code}): ${summary}`);
    if (code !== 0 || !summary.includes(expected)) throw new Error(`${label}: expected "${expected}"`);
    return seconds;
  };
  const first = await once('first upload', `${rows} accepted, 0 duplicate, 0 invalid`);
  const again = await once('same file again', `0 accepted, ${rows} duplicate, 0 invalid`);
  console.log(`target (issue 9): ${rows} rows in under 60 s: ${first < 60 ? 'met' : 'MISSED'} (${first.toFixed(1)} s); again ${again.toFixed(1)} s`);
} finally {
  await tessera.stop();
  await dynamo.stop();
  await rm(dataDir, { recursive: true, force: true });
}
