// `npm start`: Tessera on this machine. Reads a few environment variables, starts everything
// and prints where to look.
import { resolve } from 'node:path';
import { publicPaths, publicUrl } from '@tessera/core';
import { startLocalTessera } from './app.ts';
import { parseChaosSpec } from './chaos.ts';
import { DEMO_ACHIEVEMENT_ID, DEMO_REVIEWER_EMAIL, DEMO_SOURCE_ID } from './seed.ts';

const dataDir = resolve(process.env.TESSERA_DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);
const verbose = process.env.TESSERA_LOG === 'debug';

const tessera = await startLocalTessera({
  port,
  dataDir,
  dynamodbEndpoint: process.env.TESSERA_DYNAMODB_ENDPOINT || undefined,
  tableName: process.env.TESSERA_TABLE_NAME || undefined,
  adminToken: process.env.TESSERA_ADMIN_TOKEN || undefined,
  webhookSecret: process.env.TESSERA_DEMO_WEBHOOK_SECRET || undefined,
  reviewTimeoutSeconds: process.env.TESSERA_REVIEW_TIMEOUT_SECONDS ? Number(process.env.TESSERA_REVIEW_TIMEOUT_SECONDS) : undefined,
  statusSuspension: process.env.TESSERA_STATUS_SUSPENSION === 'on',
  demoProofFormats: process.env.TESSERA_DEMO_VC_JWT === 'on' ? ['data-integrity', 'vc-jwt'] : undefined,
  // TEST ONLY: faults injected into the adapters (npm run chaos); refused unless DynamoDB is local.
  chaos: process.env.TESSERA_CHAOS ? parseChaosSpec(process.env.TESSERA_CHAOS) : undefined,
  // The workflow's steps on a second core, so webhooks are answered while badges are issued.
  rateLimits: {
    verifyPerMinute: process.env.TESSERA_RATE_LIMIT_VERIFY_PER_MINUTE ? Number(process.env.TESSERA_RATE_LIMIT_VERIFY_PER_MINUTE) : undefined,
    webhookPerMinute: process.env.TESSERA_RATE_LIMIT_WEBHOOK_PER_MINUTE ? Number(process.env.TESSERA_RATE_LIMIT_WEBHOOK_PER_MINUTE) : undefined,
  },
  stepThreads: process.env.TESSERA_STEP_THREADS ? Number(process.env.TESSERA_STEP_THREADS) : 1,
  log: verbose ? (line) => console.log(`  ${line}`) : undefined,
});

const generated = (name: string) => (process.env[name] ? `(from ${name})` : `(generated; set ${name} to fix it)`);
console.log(`
Tessera is running locally at ${tessera.url}

  Webhook         POST ${tessera.url}/webhooks/${DEMO_SOURCE_ID}   (sample body: events/generic/award-request.json)
  Webhook secret  ${tessera.webhookSecret}  ${generated('TESSERA_DEMO_WEBHOOK_SECRET')}
  Admin token     ${tessera.adminToken}  ${generated('TESSERA_ADMIN_TOKEN')}
  Achievement     ${DEMO_ACHIEVEMENT_ID} (manual QA review by ${DEMO_REVIEWER_EMAIL})
  Console         ${tessera.url}/console   (sign in with the admin token: review queue, catalogue, sources, reports)
  Earner's page   ${tessera.url}/me        (sign in by mailed link; badge pages are ${tessera.url}/badges/{id})
  Mail outbox     ${tessera.url}/_local/outbox?format=html
  Issuer DID      ${publicUrl(tessera.url, publicPaths.didDocument())}
  Verify          ${tessera.url}/verify (page) · POST a credential, baked PNG or SVG, VC-JWT · npx tessera verify FILE
  Data            ${dataDir}

Walk the whole journey with:  npm run demo      Stop with Ctrl-C.
`);
if (process.env.TESSERA_CHAOS) console.log(`FAULT INJECTION ON (TESSERA_CHAOS=${process.env.TESSERA_CHAOS}): test use only.`);
if (!verbose) console.log('(set TESSERA_LOG=debug to see each workflow step)');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nStopping…');
    void tessera.stop().then(() => process.exit(0));
  });
}
