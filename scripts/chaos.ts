// `npm run chaos [-- --requests 1000 --rate 0.05 --seed 42]`: the fault-injection run of
// docs/RELIABILITY.md. Loopback only: its own DynamoDB Local (or TESSERA_TEST_DYNAMODB_ENDPOINT)
// and `npm start` on 127.0.0.1. Exits 1 when anything was lost or doubled.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '../packages/local/src/dynamodb-local.ts';
import { formatReport, runChaos } from './chaos-run.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '42' },
    keep: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const rate = Number(values.rate);
const seed = Number(values.seed);
if (!Number.isInteger(requests) || requests < 10 || requests > 5000) throw new Error('--requests must be an integer from 10 to 5000');
if (!(rate >= 0 && rate <= 0.5)) throw new Error('--rate must be between 0 and 0.5');
if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');

const dataDir = await mkdtemp(join(tmpdir(), 'tessera-chaos-'));
const given = process.env.TESSERA_TEST_DYNAMODB_ENDPOINT;
const dynamodb = given ? undefined : await startDynamoDbLocal({ inMemory: true, readyTimeoutMs: 180_000 });
const endpoint = given ?? dynamodb!.endpoint;
console.log(`chaos: ${requests} award requests, fault rate ${rate}, seed ${seed}, data ${dataDir}, DynamoDB ${endpoint}`);
try {
  const report = await runChaos({ requests, rate, seed, dynamodbEndpoint: endpoint, dataDir, log: (line) => console.log(`  ${line}`) });
  console.log(`\n${formatReport(report)}`);
  process.exitCode = report.lost || report.duplicates || report.inconsistent ? 1 : 0;
} finally {
  await dynamodb?.stop();
  if (!values.keep) await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
}
