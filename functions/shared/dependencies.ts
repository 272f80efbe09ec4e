// The composition root: the one place that turns configuration into adapters, authenticators and
// the caches that live as long as the process. Lambda builds it from the environment on first use;
// `npm start` builds its own (with the in-process workflow runner) before serving. Business code
// receives `Dependencies` and never asks where it runs.
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  createFolderPublicSite,
  createKmsRsaSigner,
  createKmsSigner,
  createLambdaBulkRunner,
  createLocalRsaSigner,
  createLocalSigner,
  createOutboxMailer,
  createS3PublicSite,
  createSesMailer,
  createSfnWorkflow,
  createFolderDeliveryArchive,
  createS3DeliveryArchive,
  createSqsDeliveryQueue,
  onFolderRewrite,
} from '@tessera/adapters';
import { createBadgePictures } from '@tessera/badges';
import {
  ENV,
  loadConfig,
  publicUrl,
  systemClock,
  type BulkRunner,
  type Config,
  type DeliveryArchive,
  type DeliveryQueue,
  type Mailer,
  type PublicSite,
  type RsaSigner,
  type Signer,
  type Workflow,
} from '@tessera/core';
import type { PlatformAdapter, PlatformContext } from '@tessera/lms';
import { platformAdapters } from '@tessera/lms/adapters';
import { guardPlatformFetch } from '@tessera/lms/fetch-guard';
import { createVerificationResources, type VerificationResources } from '@tessera/credentials';
import { createIssuerKeyCache, type IssuanceDependencies } from '@tessera/issuance';
import { createDocumentClient, createDynamoDbStore, withCatalogCache, type Store } from '@tessera/store';
import { createAdminAuthenticator, type AdminAuthenticator } from './admin-auth.ts';
import { createRateLimits, type RateLimits } from './rate-limit.ts';
import { guardedFetch, isLocalStack } from './outbound.ts';

/** What every function receives: the issuance services' dependencies and the edge's own. */
export type Dependencies = IssuanceDependencies & {
  adminAuthenticator: AdminAuthenticator;
  /** The public verifier's resolvers and caches, one set per process (docs/SECURITY.md). */
  verification: VerificationResources;
  /** Token buckets at the HTTP edge; per process (on Lambda, per container). */
  rateLimits: RateLimits;
  /** Runs CSV bulk batches after their upload is answered (functions/bulk). */
  bulkRunner: BulkRunner;
  /** Verified LMS delivery bodies, kept for processing and replay. */
  deliveryArchive: DeliveryArchive;
  /** Work handed from the webhook's answer to the processing step (process-deliveries). */
  deliveryQueue: DeliveryQueue;
  /** What LMS platform adapters may reach: a guarded fetch, the clock, a per-process cache (JWKS). */
  platform: PlatformContext;
  /** The platform adapters by source kind (@tessera/lms/adapters; a test hands in its own). */
  platformAdapters: Partial<Record<string, PlatformAdapter>>;
};

/** Everything `config` chooses, except what `provided` hands in (the local runtime's store and
 *  workflow, a test's failing signer). Each call makes fresh caches: nothing is shared between two. */
export function createDependencies(config: Config, provided: Partial<Dependencies> = {}): Dependencies {
  const store = provided.store ? withCatalogCache(provided.store) : chooseStore(config);
  return {
    config,
    clock: provided.clock ?? systemClock,
    store,
    signer: provided.signer ?? chooseSigner(config.signer),
    rsaSigner: provided.rsaSigner ?? chooseRsaSigner(config.signer),
    mailer: provided.mailer ?? chooseMailer(config),
    publicSite: provided.publicSite ?? choosePublicSite(config.publicSite),
    workflow: provided.workflow ?? chooseWorkflow(config.workflow),
    adminAuthenticator: provided.adminAuthenticator ?? createAdminAuthenticator(config.adminAuth, store),
    issuerKeys: provided.issuerKeys ?? createIssuerKeyCache(),
    badgePictures: provided.badgePictures ?? createBadgePictures(),
    verification: provided.verification ?? chooseVerification(config),
    rateLimits: provided.rateLimits ?? createRateLimits({ verifyPerMinute: config.rateLimitVerifyPerMinute, webhookPerMinute: config.rateLimitWebhookPerMinute }),
    bulkRunner: provided.bulkRunner ?? chooseBulkRunner(config),
    deliveryArchive: provided.deliveryArchive ?? chooseDeliveryArchive(config.deliveryArchive),
    deliveryQueue: provided.deliveryQueue ?? chooseDeliveryQueue(config.deliveryQueue),
    platformAdapters: provided.platformAdapters ?? choosePlatformAdapters(),
    platform: provided.platform ?? {
      fetch: guardPlatformFetch(guardedFetch(isLocalStack(config)), { allowLoopbackHttp: isLocalStack(config) }),
      clock: provided.clock ?? systemClock,
      cache: new Map(),
    },
  };
}

// Each adapter below is built inside `if (process.env.TESSERA_BUNDLE_<PORT> !== 'absent') { ... }`.
// In a Lambda bundle esbuild defines that name as "absent" for every port the function's catalogue
// record does not use (infra/lib/bundling/options.ts, functions/catalog.ts portsOf), so the branch,
// the adapter and its AWS SDK client are left out: webhook-intake carries no KMS, SES, S3 or Lambda
// client. Unbundled (npm start, tests) the names are unset and every adapter is built as before.
// The test must stay inline in each `if`: esbuild drops a branch only when its condition is the define itself.

/** The port a function's bundle left out: every method, however deep (store.credentials.get),
 *  refuses when called, like a call IAM would deny. `known` keeps what is configuration, not a call. */
function notBundled<T extends object>(port: string, known: Record<string, unknown> = {}): T {
  const refusing = (): object =>
    new Proxy(() => {}, {
      get: (_target, key) => (typeof key === 'symbol' || key === 'then' ? undefined : refusing()),
      apply: () => Promise.reject(new Error(`this function's bundle has no ${port} adapter: its record in functions/catalog.ts does not use it`)),
    });
  return new Proxy(known, {
    get: (target, key) => (key in target ? target[key as string] : typeof key === 'symbol' || key === 'then' ? undefined : refusing()),
  }) as T;
}

function chooseStore(config: Config): Store {
  if (process.env.TESSERA_BUNDLE_STORE !== 'absent') {
    return withCatalogCache(createDynamoDbStore({ client: createDocumentClient({ endpoint: config.dynamodbEndpoint }), tableName: config.tableName }));
  }
  return notBundled<Store>('store');
}

/** Unconfigured, it refuses when used (only the delivery pipeline's functions are given one). */
function chooseDeliveryArchive(archive: Config['deliveryArchive']): DeliveryArchive {
  if (process.env.TESSERA_BUNDLE_DELIVERY_ARCHIVE !== 'absent') {
    if (archive?.kind === 's3') return createS3DeliveryArchive({ client: new S3Client({}), bucket: archive.bucket });
    if (archive?.kind === 'folder') return createFolderDeliveryArchive({ dir: archive.dir });
  }
  const refuse = async (): Promise<never> => {
    throw new Error('no delivery archive configured (TESSERA_DELIVERY_ARCHIVE): this function does not keep LMS deliveries');
  };
  return { keep: refuse, read: refuse };
}

/** The LMS adapters read kept deliveries: only the functions that keep or read them carry them. */
function choosePlatformAdapters(): Dependencies['platformAdapters'] {
  if (process.env.TESSERA_BUNDLE_DELIVERY_ARCHIVE !== 'absent') return platformAdapters;
  return {};
}

function chooseDeliveryQueue(queue: Config['deliveryQueue']): DeliveryQueue {
  if (process.env.TESSERA_BUNDLE_DELIVERY_QUEUE !== 'absent') {
    if (queue?.kind === 'sqs') return createSqsDeliveryQueue({ client: new SQSClient({}), queueUrl: queue.queueUrl });
  }
  return {
    async send() {
      // The local queue is in-process; only the process that runs it can hand it in.
      throw new Error(queue ? 'TESSERA_DELIVERY_QUEUE=local needs the local runtime (npm start) to provide the queue' : 'no delivery queue configured (TESSERA_DELIVERY_QUEUE)');
    },
  };
}

/** No loopback or private address is fetched; the local stack may fetch its own origin only. */
function chooseVerification(config: Config): VerificationResources {
  if (process.env.TESSERA_BUNDLE_VERIFICATION !== 'absent') {
    const own = new URL(config.publicBaseUrl);
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(own.hostname);
    const resources = createVerificationResources({ allowOrigins: local ? [own.origin] : [] });
    // The local folder's rewrites reach this verifier at once, as an invalidation would on AWS.
    if (config.publicSite.kind === 'folder') onFolderRewrite((path) => resources.resolveStatusList.forget(publicUrl(config.publicBaseUrl, path)));
    return resources;
  }
  return notBundled<VerificationResources>('verification');
}

function chooseSigner(signer: Config['signer']): Signer {
  if (process.env.TESSERA_BUNDLE_SIGNER !== 'absent') {
    return signer.kind === 'kms' ? createKmsSigner({ client: new KMSClient({}), keyId: signer.keyId }) : createLocalSigner({ keyFile: signer.keyFile });
  }
  return notBundled<Signer>('signer', { keyRef: signer.kind === 'kms' ? signer.keyId : signer.keyFile });
}

function chooseRsaSigner(signer: Config['signer']): RsaSigner | undefined {
  if (process.env.TESSERA_BUNDLE_SIGNER !== 'absent') {
    if (signer.kind === 'kms') return signer.rsaKeyId ? createKmsRsaSigner({ client: new KMSClient({}), keyId: signer.rsaKeyId }) : undefined;
    return signer.rsaKeyFile ? createLocalRsaSigner({ keyFile: signer.rsaKeyFile }) : undefined;
  }
  // Without the signer port there is no VC-JWT key either (jwt-key:sign maps to the same port).
  return undefined;
}

function chooseMailer(config: Config): Mailer {
  if (process.env.TESSERA_BUNDLE_MAILER !== 'absent') {
    return config.mailer.kind === 'ses' ? createSesMailer({ client: new SESv2Client({}), from: config.mailFrom }) : createOutboxMailer({ file: config.mailer.file });
  }
  return notBundled<Mailer>('mailer');
}

function choosePublicSite(site: Config['publicSite']): PublicSite {
  if (process.env.TESSERA_BUNDLE_PUBLIC_SITE !== 'absent') {
    return site.kind === 's3' ? createS3PublicSite({ client: new S3Client({}), bucket: site.bucket }) : createFolderPublicSite({ dir: site.dir });
  }
  return notBundled<PublicSite>('public site');
}

function chooseWorkflow(workflow: Config['workflow']): Workflow {
  if (process.env.TESSERA_BUNDLE_WORKFLOW !== 'absent') {
    if (workflow.kind === 'sfn') return createSfnWorkflow({ client: new SFNClient({}), stateMachineArn: workflow.stateMachineArn });
    // The local workflow is an in-process interpreter; only the process that runs it can hand it in.
    throw new Error('TESSERA_WORKFLOW=local needs the local runtime (npm start) to provide the workflow runner');
  }
  return notBundled<Workflow>('workflow');
}

function chooseBulkRunner(config: Config): BulkRunner {
  if (process.env.TESSERA_BUNDLE_BULK_RUNNER !== 'absent') {
    if (config.bulkFunctionName) return createLambdaBulkRunner({ client: new LambdaClient({}), functionName: config.bulkFunctionName });
  }
  // Only the bulk function runs batches; the local runtime hands in its in-process runner.
  return {
    continue: () => Promise.reject(new Error(`no bulk runner: set ${ENV.bulkFunctionName} (AWS) or run under the local runtime (npm start)`)),
  };
}

let current: Dependencies | undefined;

/** Used by `npm start` and tests to install the dependencies every handler entry point will use. */
export function provideDependencies(dependencies: Dependencies): void {
  current = dependencies;
}

/** The process-wide dependencies, built from the environment on first use (Lambda cold start). */
export function dependencies(): Dependencies {
  current ??= createDependencies(loadConfig(process.env));
  return current;
}
