import type { DeliveryMessage, KeptLmsEvent } from './deliveries.ts';

// The small ports through which the core reaches the outside world. Each has an AWS and a
// local implementation in @tessera/adapters; which one runs is chosen once, in the composition root.

/** Signs exactly as AWS KMS `Sign` does for an ECC_NIST_EDWARDS25519 key with
 *  `SigningAlgorithm: ED25519_SHA_512` and `MessageType: RAW`: a plain RFC 8032 Ed25519
 *  signature (64 bytes) over the message bytes (at most 4096 of them). */
export interface Signer {
  /** A stable name of the key (KMS key ARN/alias, or the local key's fingerprint). */
  readonly keyRef: string;
  /** The raw 32-byte Ed25519 public key. */
  publicKey(): Promise<Uint8Array>;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** Signs exactly as AWS KMS `Sign` does for an RSA_2048 key with `SigningAlgorithm:
 *  RSASSA_PKCS1_V1_5_SHA_256`: RSASSA-PKCS1-v1_5 over SHA-256 of the message, i.e. a JWS `RS256`
 *  signature (RFC 7518 §3.3). The message may be of any length (adapters hash it themselves). */
export interface RsaSigner {
  /** A stable name of the key (KMS key ARN/alias, or the local key's fingerprint). */
  readonly keyRef: string;
  /** The public key as DER SubjectPublicKeyInfo, as KMS GetPublicKey returns it. */
  publicKey(): Promise<Uint8Array>;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export type Mail = { to: string; subject: string; text: string; html: string };

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export type PublicObject = {
  /** Path below the public origin, without a leading slash: `credentials/abc.json`. */
  path: string;
  body: string | Uint8Array;
  contentType: string;
  /** Immutable artefacts (credentials) cache for a year; the rest briefly. */
  immutable: boolean;
};

/** The public origin's files (S3 behind CloudFront, or a local folder served by the gateway). */
export interface PublicSite {
  publish(object: PublicObject): Promise<void>;
}

export type StartOptions = {
  /** The execution may run behind live traffic (CSV bulk: thousands started at once). Step Functions
   *  runs every execution at once and ignores it; the local interpreter, one process on one machine,
   *  runs such executions a few at a time, so that they do not starve the requests and the batch that
   *  started them. The start itself is recorded at once either way. */
  background?: boolean;
};

/** Starts one workflow execution per submission; the name makes a duplicate start a no-op. */
export interface WorkflowStarter {
  start(executionName: string, input: unknown, options?: StartOptions): Promise<{ alreadyStarted: boolean }>;
}

/** Completes a `.waitForTaskToken` task. */
export interface WorkflowCallback {
  succeed(taskToken: string, output: unknown): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

/** Whether a submission's execution is alive, for the reconciler: `NONE` never started (or is
 *  forgotten), `ENDED` finished one way or another. */
export type ExecutionState = 'RUNNING' | 'ENDED' | 'NONE';

export interface WorkflowInspector {
  executionState(executionName: string): Promise<ExecutionState>;
}

/** The workflow as the composition root hands it over: Step Functions on AWS, the local interpreter under `npm start`. */
export type Workflow = WorkflowStarter & WorkflowCallback & WorkflowInspector;

/** Runs a CSV bulk batch from its stored progress after the upload has been answered: on AWS the
 *  bulk function invoked again, asynchronously; under `npm start`, this process. `continue` only
 *  hands the batch over; it never waits for the batch to finish. */
export interface BulkRunner {
  continue(batchId: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A verified delivery as kept for processing and replay: the raw body exactly as it arrived and the
 *  events its platform's adapter read from it. Never a secret (no Authorization header, no path secret). */
export type KeptDelivery = {
  sourceId: string;
  deliveryId: string;
  receivedAt: string;
  contentType?: string;
  rawBody: string;
  events: KeptLmsEvent[];
};

/** Where verified delivery bodies are kept (S3 on AWS, the data folder locally). */
export interface DeliveryArchive {
  keep(delivery: KeptDelivery): Promise<void>;
  read(sourceId: string, deliveryId: string): Promise<KeptDelivery | undefined>;
}

/** Hands work to the processing step after the platform has had its answer (SQS on AWS, an
 *  in-process queue locally). At least once: the processing step is idempotent. */
export interface DeliveryQueue {
  send(message: DeliveryMessage): Promise<void>;
}
