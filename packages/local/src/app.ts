// The local Tessera: the composition `npm start` (and the end-to-end tests) run. Same handlers,
// same ASL, DynamoDB Local, a local Ed25519 key, a mail outbox and a public folder. Everything
// lives under one data folder, so a person can look at (or delete) all of it.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createFolderPublicSite, createOutboxMailer } from '@tessera/adapters';
import { ENV, loadConfig, type Clock, type ProofFormat } from '@tessera/core';
import { createDynamoDbStore, createExecutionJournal, createTable, documentClientOf } from '@tessera/store';
import { issuanceWorkflowDefinition } from '@tessera/workflow';
import { FUNCTION_NAMES, WORKFLOW_STEP_FUNCTIONS, type FunctionName } from '@tessera/functions/catalog';
import { createDependencies, type Dependencies } from '@tessera/functions/dependencies';
import { ensureDidDocumentPublished } from '@tessera/issuance';
import { reconcile } from '@tessera/functions/reconcile';
import { runBatch } from '@tessera/functions/bulk';
import { processDeliveryMessage } from '@tessera/functions/process-deliveries';
import { createLocalBulkRunner } from './bulk-runner.ts';
import { createLocalDeliveryQueue, type LocalDeliveryQueue } from './delivery-queue.ts';
import { localDynamoDbClientConfig, startDynamoDbLocal } from './dynamodb-local.ts';
import { createGateway } from './gateway.ts';
import { resignStatusListsForOrigin } from './origin.ts';
import { DEMO_ADMIN_EMAIL, DEMO_ISSUER_ID, seedDemo, type DemoAchievementOptions } from './seed.ts';
import { assertLocalForChaos, createChaos, type Chaos, type ChaosSpec } from './chaos.ts';
import { startStepThreads, type StepThreads } from './step-threads.ts';
import { createLocalWorkflow, type LambdaHandler, type LocalWorkflow } from './workflow-runner.ts';

export type LocalOptions = {
  /** 0 picks a free port. @default 3000 */
  port?: number;
  /** Keys, outbox, public files and (unless inMemory) the database. */
  dataDir: string;
  /** Use a DynamoDB already running there instead of starting DynamoDB Local. */
  dynamodbEndpoint?: string;
  /** Start DynamoDB Local without a database file. @default false */
  inMemory?: boolean;
  tableName?: string;
  adminToken?: string;
  webhookSecret?: string;
  reviewTimeoutSeconds?: number;
  /** Credentials get a suspension status entry too (see TESSERA_STATUS_SUSPENSION). @default false */
  statusSuspension?: boolean;
  /** How the demo issuer's credentials are secured; `['data-integrity', 'vc-jwt']` adds a VC-JWT beside each. @default ['data-integrity'] */
  demoProofFormats?: ProofFormat[];
  /** Overrides for the seeded demo achievement (tests use qaPolicy 'auto', say). */
  demoAchievement?: DemoAchievementOptions;
  /** How often the reconciler looks for stuck submissions; 0 turns the timer off. @default 60 */
  reconcileEverySeconds?: number;
  /** The reconciler leaves alone a submission changed more recently than this. @default 300 */
  reconcileSettleSeconds?: number;
  /** Retry pauses of the local workflow in ms (tests: 0). */
  retryIntervalMs?: number;
  clock?: Clock;
  /** Stand-ins for outside-world adapters (tests inject a failing signer, say). */
  provide?: Partial<Pick<Dependencies, 'signer' | 'rsaSigner' | 'mailer' | 'rateLimits' | 'platformAdapters'>>;
  log?: (line: string) => void;
  /** Requests a minute per client (TESSERA_RATE_LIMIT_*; 0: off). @default as Config: 60 verify, 600 webhook */
  rateLimits?: { verifyPerMinute?: number; webhookPerMinute?: number };
  /** Run the workflow's Task steps on this many worker threads, so that the main thread answers
   *  requests while badges are issued (0: all on the main thread). Ignored (steps stay on the main
   *  thread) with `provide`, `clock` or `chaos`, which cannot cross to another thread. @default 0 */
  stepThreads?: number;
  /** Modules each step thread imports first (the bench's DynamoDB call counter). */
  stepThreadPreload?: string[];
  /** TEST ONLY (TESSERA_CHAOS): inject seeded faults into the adapters once ready; refused unless the table is local. */
  chaos?: ChaosSpec;
};

export type LocalTessera = {
  url: string;
  adminToken: string;
  webhookSecret: string;
  dependencies: Dependencies;
  workflow: LocalWorkflow;
  /** The in-process delivery queue (LMS deliveries processed after the answer). */
  deliveries: LocalDeliveryQueue;
  /** How many worker threads run the workflow's steps (0: the main thread does). */
  stepThreadCount: number;
  stop(): Promise<void>;
};

export async function startLocalTessera(options: LocalOptions): Promise<LocalTessera> {
  // Powertools reads these when the handler modules load (below): there is no CloudWatch here to
  // receive metrics, and the terminal should stay readable unless someone asks for more.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= options.log ? 'INFO' : 'ERROR';
  const log = options.log ?? (() => {});
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    // Keys, the outbox's review links and the database: for this user only.
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    await chmod(options.dataDir, 0o700);

    let endpoint = options.dynamodbEndpoint;
    if (!endpoint) {
      const dynamo = await startDynamoDbLocal({ inMemory: options.inMemory ?? false, dataDir: join(options.dataDir, 'dynamodb'), log });
      stops.push(() => dynamo.stop());
      endpoint = dynamo.endpoint;
    }

    const handlers: Record<string, LambdaHandler> = {};
    // Listening first (a free port is known only then, and it is part of the public origin), but
    // answering 503 until everything below is done: a healthy /health means every route works.
    let ready = false;
    const publicFolder = createFolderPublicSite({ dir: join(options.dataDir, 'public') });
    const gateway = createGateway({
      handlers,
      publicSite: publicFolder,
      outbox: createOutboxMailer({ file: join(options.dataDir, 'outbox.jsonl') }),
      ready: () => ready,
    });
    await new Promise<void>((resolve, reject) => {
      gateway.once('error', reject);
      gateway.listen(options.port ?? 3000, '127.0.0.1', resolve);
    });
    stops.push(() => new Promise<void>((resolve) => gateway.close(() => resolve())));
    stops.push(async () => gateway.closeAllConnections());
    const url = `http://localhost:${(gateway.address() as AddressInfo).port}`;

    const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
    const webhookSecret = options.webhookSecret ?? randomBytes(24).toString('base64url');
    const configEnv: Record<string, string> = {
      [ENV.tableName]: options.tableName ?? 'tessera',
      [ENV.dynamodbEndpoint]: endpoint,
      [ENV.publicBaseUrl]: url,
      [ENV.adminEmail]: DEMO_ADMIN_EMAIL,
      [ENV.mailFrom]: 'badges@demo-university.example',
      [ENV.signer]: 'local',
      [ENV.localKeyFile]: localKeyFile(options.dataDir),
      // Made only when an issuer with vc-jwt on first releases a credential.
      [ENV.localRsaKeyFile]: join(options.dataDir, 'keys', 'rsa-signing-key.pem'),
      [ENV.mailer]: 'outbox',
      [ENV.outboxFile]: join(options.dataDir, 'outbox.jsonl'),
      [ENV.publicSite]: 'folder',
      [ENV.publicDir]: join(options.dataDir, 'public'),
      [ENV.workflow]: 'local',
      [ENV.adminAuth]: 'token',
      [ENV.adminToken]: adminToken,
      [ENV.reviewTimeoutSeconds]: String(options.reviewTimeoutSeconds ?? 7 * 24 * 3600),
      [ENV.statusSuspension]: options.statusSuspension ? 'on' : 'off',
      // LMS deliveries: bodies kept in the data folder, processed by the in-process queue below.
      [ENV.deliveryArchive]: 'folder',
      [ENV.deliveryDir]: join(options.dataDir, 'deliveries'),
      [ENV.deliveryQueue]: 'local',
      ...(options.rateLimits?.verifyPerMinute === undefined ? {} : { [ENV.rateLimitVerifyPerMinute]: String(options.rateLimits.verifyPerMinute) }),
      ...(options.rateLimits?.webhookPerMinute === undefined ? {} : { [ENV.rateLimitWebhookPerMinute]: String(options.rateLimits.webhookPerMinute) }),
    };
    const config = loadConfig(configEnv);

    const dynamodb = new DynamoDBClient(localDynamoDbClientConfig(endpoint));
    stops.push(async () => dynamodb.destroy());
    await createTable(dynamodb, config.tableName);
    const documentClient = documentClientOf(dynamodb);
    const store = createDynamoDbStore({ client: documentClient, tableName: config.tableName });

    let chaos: Chaos | undefined;
    if (options.chaos) {
      assertLocalForChaos(endpoint);
      chaos = createChaos(options.chaos);
    }
    const journal = createExecutionJournal({ client: documentClient, tableName: config.tableName });
    // The handlers the workflow's Task states call: the main thread's, or the step threads' (below).
    const stepHandlers: Record<string, LambdaHandler> = {};
    const definition = issuanceWorkflowDefinition({ functions: WORKFLOW_STEP_FUNCTIONS, reviewTimeoutSeconds: config.reviewTimeoutSeconds });
    const workflow = createLocalWorkflow({
      definition,
      handlers: stepHandlers,
      // Faulted at its port (its writes refused or their answers lost), not through the store's client.
      journal: chaos ? chaos.journal(journal) : journal,
      retryIntervalMs: options.retryIntervalMs,
      log,
    });
    // After the workflow stopped (an abandoned step's thread may go), before the table goes away.
    let stepThreads: StepThreads | undefined;
    stops.push(async () => stepThreads?.stop());
    // Before the table goes away: running executions are abandoned unrecorded, and resumed next start.
    stops.push(async () => workflow.stop());
    let handlerStore = store;
    if (chaos) {
      // A client of its own for the handlers' store, so its faults reach neither seeding nor the journal.
      const chaosDynamodb = new DynamoDBClient(localDynamoDbClientConfig(endpoint));
      stops.push(async () => chaosDynamodb.destroy());
      const chaosClient = documentClientOf(chaosDynamodb);
      chaos.dynamoDb(chaosClient);
      handlerStore = createDynamoDbStore({ client: chaosClient, tableName: config.tableName });
      stops.push(startChaosReport(chaos, options.dataDir));
    }
    // Batches and LMS deliveries run in this process, with the dependencies they are part of (bound
    // once those exist, below).
    const bound: { deps?: Dependencies } = {};
    const bulkRunner = createLocalBulkRunner({
      run: (batchId, hasTime) => runBatch(bound.deps!, batchId, { hasTime }),
      listRunning: () => store.bulkBatches.listRunning(),
      retryIntervalMs: options.retryIntervalMs,
      // The rows' executions (started in the background) wait while a batch runs: it finishes first.
      holdBackground: () => workflow.holdBackground(),
      log,
    });
    // Before the workflow and the table go away: the chunk in flight finishes and is stored.
    stops.push(() => bulkRunner.stop());
    const deliveries = createLocalDeliveryQueue({
      process: (message) => processDeliveryMessage(bound.deps!, message),
      listPending: () => store.deliveries.listPending(),
      retryIntervalMs: options.retryIntervalMs,
      log,
    });
    stops.push(() => deliveries.stop());
    const plain = createDependencies(config, { ...options.provide, store: handlerStore, workflow, bulkRunner, clock: options.clock, deliveryQueue: deliveries });
    const deps: Dependencies = chaos
      ? {
          ...plain,
          signer: chaos.signer(plain.signer),
          rsaSigner: chaos.rsaSigner(plain.rsaSigner),
          mailer: chaos.mailer(plain.mailer),
          publicSite: chaos.publicSite(plain.publicSite),
          workflow: chaos.workflowStarter(plain.workflow),
        }
      : plain;
    bound.deps = deps;
    for (const name of FUNCTION_NAMES) handlers[name] = await loadHandler(name, deps);
    Object.assign(stepHandlers, handlers);
    // Injected stand-ins (a test's signer or clock, chaos) live in this thread only: with any of
    // them the steps stay here, where they are.
    const threadCount = options.stepThreads ?? 0;
    if (threadCount > 0 && !chaos && !options.provide && !options.clock) {
      stepThreads = await startStepThreads({
        count: threadCount,
        data: { configEnv, endpoint, functionNames: threadedStepFunctions(definition), preload: options.stepThreadPreload },
        mainThread: { workflow, bulkRunner, deliveryQueue: deliveries },
        log,
      });
      Object.assign(stepHandlers, stepThreads.handlers);
      log(`workflow steps run on ${threadCount} worker thread(s)`);
    } else if (threadCount > 0) {
      log('workflow steps run on the main thread: injected adapters, a clock or chaos cannot cross to a worker thread');
    }

    await seedDemo(
      { store, publicSite: deps.publicSite, publicBaseUrl: url, clock: deps.clock },
      { webhookSecret, achievement: options.demoAchievement, proofFormats: options.demoProofFormats },
    );
    await ensureDidDocumentPublished(deps);
    // Before anything can release a credential (a resumed execution included).
    const resigned = await resignStatusListsForOrigin(deps, publicFolder, DEMO_ISSUER_ID);
    if (resigned.length) log(`re-signed status lists ${resigned.join(', ')} under ${url}`);
    const resumed = await workflow.resumeUnfinished();
    if (resumed) log(`resumed ${resumed} unfinished execution(s)`);
    const resumedBatches = await bulkRunner.resumeRunning();
    if (resumedBatches) log(`resumed ${resumedBatches} running bulk batch(es)`);
    const requeued = await deliveries.resumePending();
    if (requeued) log(`re-queued ${requeued} LMS deliveries kept but not processed`);
    await writeConnectionFile(options.dataDir, { url, adminToken, webhookSecret });
    const everySeconds = options.reconcileEverySeconds ?? 60;
    if (everySeconds > 0) {
      const timer = startReconcileTimer(deps, { everySeconds, settleSeconds: options.reconcileSettleSeconds, log });
      stops.push(async () => timer.stop());
    }
    chaos?.arm();
    ready = true;

    return { url, adminToken, webhookSecret, dependencies: deps, workflow, deliveries, stepThreadCount: stepThreads ? threadCount : 0, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The local stand-in for the scheduled Reconcile function: one run at a time, never overlapping. */
function startReconcileTimer(deps: Dependencies, options: { everySeconds: number; settleSeconds?: number; log: (line: string) => void }): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        const { repairs } = await reconcile(deps, { settleSeconds: options.settleSeconds });
        for (const r of repairs) options.log(`reconciler: ${r.submissionId} (${r.reason}) ${r.action}: ${r.outcome}`);
      } catch (error) {
        options.log(`reconciler run failed: ${(error as Error).message}`);
      }
    });
  }, options.everySeconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** Writes what chaos injected to `chaos-<pid>.json` in the data folder every second, for `npm run chaos`
 *  to add up (a `kill -9` loses at most the last second). */
function startChaosReport(chaos: Chaos, dataDir: string): () => Promise<void> {
  const file = join(dataDir, `chaos-${process.pid}.json`);
  // Written beside and renamed: a kill -9 mid-write must not leave a truncated file.
  const write = () =>
    writeFile(`${file}.tmp`, JSON.stringify(chaos.counts))
      .then(() => rename(`${file}.tmp`, file))
      .catch(() => {});
  const timer = setInterval(() => void write(), 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await write();
  };
}

/** The functions of the ordinary Task states, which run on the step threads. A callback task's
 *  (the review request: one mail, cheap) stays on the main thread with the runner that records it:
 *  between the reviewers' mail and the journal's note of it, a crash mails them again on resume, and
 *  a hop between threads would widen that window. */
export function threadedStepFunctions(definition: ReturnType<typeof issuanceWorkflowDefinition>): string[] {
  const tasks = Object.values(definition.States).filter((state) => state.Type === 'Task');
  const callbacks = new Set(tasks.filter((state) => String(state.Resource).endsWith('.waitForTaskToken')).map(functionNameOf));
  return [...new Set(tasks.map(functionNameOf))].filter((name) => !callbacks.has(name));
}

const functionNameOf = (state: Record<string, unknown>) => String((state.Parameters as { FunctionName: string }).FunctionName);

/** The same handler module Lambda runs, bound to these dependencies. */
async function loadHandler(name: FunctionName, deps: Dependencies): Promise<LambdaHandler> {
  const module = (await import(`@tessera/functions/${name}/handler`)) as { createHandler: (d: () => Dependencies) => LambdaHandler };
  return module.createHandler(() => deps);
}

/** Where the local signing key lives (`npm run keys:rotate` retires it from there). */
export function localKeyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'signing-key.pem');
}

/** Lets `npm run demo` (another process) find the running stack and its local secrets. */
export const CONNECTION_FILE = 'local.json';

async function writeConnectionFile(dataDir: string, connection: { url: string; adminToken: string; webhookSecret: string }): Promise<void> {
  const file = join(dataDir, CONNECTION_FILE);
  await writeFile(file, JSON.stringify(connection, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
}
