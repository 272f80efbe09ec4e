// The composition root: the one place that turns configuration into adapters. Lambda builds it
// from the environment on first use; `npm start` provides its own (with the in-process workflow
// runner) before serving. Business code receives `Dependencies` and never asks where it runs.
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import {
  createFolderPublicSite,
  createKmsRsaSigner,
  createKmsSigner,
  createLocalRsaSigner,
  createLocalSigner,
  createOutboxMailer,
  createS3PublicSite,
  createSesMailer,
  createSfnWorkflow,
} from '@tessera/adapters';
import {
  loadConfig,
  systemClock,
  type Clock,
  type Config,
  type Mailer,
  type PublicSite,
  type RsaSigner,
  type Signer,
  type WorkflowCallback,
  type WorkflowInspector,
  type WorkflowStarter,
} from '@tessera/core';
import { createVerificationResources, type VerificationResources } from '@tessera/credentials';
import { createRateLimits, type RateLimits } from './rate-limit.ts';
import { createDocumentClient, createDynamoDbStore, withCatalogCache, type Store } from '@tessera/store';

export type Workflow = WorkflowStarter & WorkflowCallback & WorkflowInspector;

export type Dependencies = {
  config: Config;
  clock: Clock;
  store: Store;
  signer: Signer;
  /** Signs VC-JWTs (RS256) for issuers with `vc-jwt` on; absent when no RSA key is configured. */
  rsaSigner?: RsaSigner;
  mailer: Mailer;
  publicSite: PublicSite;
  workflow: Workflow;
  /** The public verifier's resolvers and caches, one set per process (docs/SECURITY.md). */
  verification: VerificationResources;
  /** Token buckets at the HTTP edge; per process (on Lambda, per container). */
  rateLimits: RateLimits;
};

export function createDependencies(config: Config, provided: Partial<Dependencies> = {}): Dependencies {
  return {
    config,
    clock: provided.clock ?? systemClock,
    store: withCatalogCache(
      provided.store ?? createDynamoDbStore({ client: createDocumentClient({ endpoint: config.dynamodbEndpoint }), tableName: config.tableName }),
    ),
    signer: provided.signer ?? chooseSigner(config),
    rsaSigner: provided.rsaSigner ?? chooseRsaSigner(config),
    mailer: provided.mailer ?? chooseMailer(config),
    publicSite: provided.publicSite ?? choosePublicSite(config),
    workflow: provided.workflow ?? chooseWorkflow(config),
    verification: provided.verification ?? chooseVerification(config),
    rateLimits:
      provided.rateLimits ?? createRateLimits({ verifyPerMinute: config.rateLimitVerifyPerMinute, webhookPerMinute: config.rateLimitWebhookPerMinute }),
  };
}

/** No loopback or private address is fetched; the local stack may fetch its own origin only. */
function chooseVerification(config: Config): VerificationResources {
  const own = new URL(config.publicBaseUrl);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(own.hostname);
  return createVerificationResources({ allowOrigins: local ? [own.origin] : [] });
}

function chooseSigner(config: Config): Signer {
  return config.signer === 'kms'
    ? createKmsSigner({ client: new KMSClient({}), keyId: config.kmsKeyId! })
    : createLocalSigner({ keyFile: config.localKeyFile! });
}

function chooseRsaSigner(config: Config): RsaSigner | undefined {
  if (config.signer === 'kms') return config.kmsRsaKeyId ? createKmsRsaSigner({ client: new KMSClient({}), keyId: config.kmsRsaKeyId }) : undefined;
  return config.localRsaKeyFile ? createLocalRsaSigner({ keyFile: config.localRsaKeyFile }) : undefined;
}

function chooseMailer(config: Config): Mailer {
  return config.mailer === 'ses'
    ? createSesMailer({ client: new SESv2Client({}), from: config.mailFrom })
    : createOutboxMailer({ file: config.outboxFile! });
}

function choosePublicSite(config: Config): PublicSite {
  return config.publicSite === 's3'
    ? createS3PublicSite({ client: new S3Client({}), bucket: config.publicBucket! })
    : createFolderPublicSite({ dir: config.publicDir! });
}

function chooseWorkflow(config: Config): Workflow {
  if (config.workflow === 'sfn') {
    return createSfnWorkflow({ client: new SFNClient({}), stateMachineArn: config.stateMachineArn! });
  }
  // The local workflow is an in-process interpreter; only the process that runs it can hand it in.
  throw new Error('TESSERA_WORKFLOW=local needs the local runtime (npm start) to provide the workflow runner');
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

