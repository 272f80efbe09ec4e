// Fault injection for the local runtime (TEST ONLY): wraps the adapters `npm start` gives the
// handlers so a seeded fraction of their calls fails the way AWS fails, to prove that faults a
// retry can cure end ISSUED and the others end FAILED with a reason, never lost or doubled.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Mailer, PublicSite, RsaSigner, Signer, WorkflowStarter } from '@tessera/core';
import type { ExecutionJournal } from '@tessera/store';

/** `TESSERA_CHAOS=<seed>:<rate>`: the PRNG seed (an integer) and the share of calls that fail (0..1). */
export type ChaosSpec = { seed: number; rate: number };

export class ChaosSpecError extends Error {
  override name = 'ChaosSpecError';
}

export function parseChaosSpec(value: string): ChaosSpec {
  const match = /^(\d{1,10}):(0(?:\.\d+)?|1(?:\.0+)?)$/.exec(value.trim());
  if (!match) throw new ChaosSpecError(`TESSERA_CHAOS must be <seed>:<rate>, an integer and a share between 0 and 1 (e.g. 42:0.05), not "${value}"`);
  return { seed: Number(match[1]), rate: Number(match[2]) };
}

/** Chaos is refused unless the table is on this machine: it must never throttle a real table. */
export function assertLocalForChaos(dynamodbEndpoint: string): void {
  const host = new URL(dynamodbEndpoint).hostname;
  if (!['localhost', '127.0.0.1', '[::1]', '::1'].includes(host)) {
    throw new ChaosSpecError(`TESSERA_CHAOS is for tests on DynamoDB Local only; refused with the endpoint ${dynamodbEndpoint}`);
  }
}

/** What was injected, by kind, for the report (printed on stop and on demand). */
export type ChaosCounts = Record<string, number>;

export type Chaos = {
  /** Faults start only once armed: the stack must come up (seed, did.json) before it is shaken. */
  arm(): void;
  readonly counts: ChaosCounts;
  signer(signer: Signer): Signer;
  rsaSigner(signer: RsaSigner | undefined): RsaSigner | undefined;
  mailer(mailer: Mailer): Mailer;
  publicSite(site: PublicSite): PublicSite;
  /** Adds throttling and conditional-write races to every command this document client sends. */
  dynamoDb(client: DynamoDBDocumentClient): void;
  /** StartExecution as intake and the reconciler call it: refused, or started with the answer lost. */
  workflowStarter<W extends WorkflowStarter>(workflow: W): W;
  /** The local runner's journal writes (start, checkpoint, review mailed, end): refused, or written with the answer lost. */
  journal(journal: ExecutionJournal): ExecutionJournal;
};

/** An error shaped like the AWS SDK's: the step wrapper tells transient from permanent by its name. */
function awsError(name: string, message: string, retryable: boolean): Error {
  const error = new Error(`${message} (injected by TESSERA_CHAOS)`);
  error.name = name;
  if (retryable) Object.assign(error, { $retryable: { throttling: true } });
  return error;
}

/** mulberry32: small, fast and reproducible from one seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Single-item conditional writes (the document client's names and the low-level ones it sends). */
const CONDITIONAL_WRITES = new Set(['PutCommand', 'UpdateCommand', 'PutItemCommand', 'UpdateItemCommand']);

/** How long an injected signer time-out hangs before it fails (a KMS call timing out). */
const SIGNER_TIMEOUT_MS = 300;

export function createChaos(spec: ChaosSpec): Chaos {
  const random = prng(spec.seed);
  const counts: ChaosCounts = {};
  let armed = false;
  /** One draw per call: undefined (no fault) or which of the given faults to inject. */
  const draw = <K extends string>(kinds: readonly K[]): K | undefined => {
    if (!armed || random() >= spec.rate) return undefined;
    const kind = kinds[Math.floor(random() * kinds.length)]!;
    counts[kind] = (counts[kind] ?? 0) + 1;
    return kind;
  };

  // Most signer faults are what KMS does under load (cured by a retry); one kind in ten is a key
  // that can no longer sign, which no retry cures: that submission must end FAILED, saying so.
  const signWithFaults = async (sign: () => Promise<Uint8Array>): Promise<Uint8Array> => {
    const fault = draw([
      'signer-throttled',
      'signer-throttled',
      'signer-internal',
      'signer-internal',
      'signer-timeout',
      'signer-timeout',
      'signer-timeout',
      'signer-internal',
      'signer-throttled',
      'signer-key-disabled',
    ] as const);
    if (fault === 'signer-throttled') throw awsError('ThrottlingException', 'KMS rate exceeded', true);
    if (fault === 'signer-internal') throw awsError('KMSInternalException', 'KMS internal error', true);
    if (fault === 'signer-timeout') {
      await new Promise((resolve) => setTimeout(resolve, SIGNER_TIMEOUT_MS));
      throw awsError('TimeoutError', `KMS did not answer in ${SIGNER_TIMEOUT_MS} ms`, true);
    }
    if (fault === 'signer-key-disabled') throw awsError('KMSInvalidStateException', 'the signing key is disabled', false);
    return sign();
  };

  /** A write that fails before it lands (throttled), or lands and then fails (the answer lost on the way back). */
  const writeWithFaults = async <T>(what: string, write: () => Promise<T>): Promise<T> => {
    const fault = draw(['journal-throttled', 'journal-answer-lost'] as const);
    if (fault === 'journal-throttled') throw awsError('ThrottlingException', `DynamoDB journal ${what} throttled`, true);
    const result = await write();
    if (fault === 'journal-answer-lost') throw awsError('TimeoutError', `DynamoDB journal ${what}: no answer (written)`, true);
    return result;
  };

  return {
    arm() {
      armed = true;
    },
    counts,
    signer: (signer) => ({ keyRef: signer.keyRef, publicKey: () => signer.publicKey(), sign: (message) => signWithFaults(() => signer.sign(message)) }),
    rsaSigner: (signer) => signer && { keyRef: signer.keyRef, publicKey: () => signer.publicKey(), sign: (message) => signWithFaults(() => signer.sign(message)) },
    mailer: (mailer) => ({
      async send(mail) {
        if (draw(['mail-throttled'] as const)) throw awsError('TooManyRequestsException', 'SES sending rate exceeded', true);
        return mailer.send(mail);
      },
    }),
    publicSite: (site) => ({
      ...site,
      async publish(object) {
        if (draw(['public-site-unavailable'] as const)) throw awsError('ServiceUnavailable', `S3 PutObject ${object.path}: service unavailable`, true);
        return site.publish(object);
      },
    }),
    workflowStarter(workflow) {
      return {
        ...workflow,
        async start(name: string, input: unknown) {
          const fault = draw(['workflow-start-throttled', 'workflow-start-answer-lost'] as const);
          if (fault === 'workflow-start-throttled') throw awsError('ThrottlingException', `StartExecution ${name}: rate exceeded`, true);
          const started = await workflow.start(name, input);
          if (fault === 'workflow-start-answer-lost') throw awsError('TimeoutError', `StartExecution ${name}: no answer (started)`, true);
          return started;
        },
      };
    },
    journal: (journal) => ({
      start: (record) => writeWithFaults('start', () => journal.start(record)),
      get: (name) => journal.get(name),
      checkpoint: (name, checkpoint) => writeWithFaults('checkpoint', () => journal.checkpoint(name, checkpoint)),
      callbackInvoked: (name, state, at) => writeWithFaults('review-mailed', () => journal.callbackInvoked(name, state, at)),
      finish: (name, outcome) => writeWithFaults('finish', () => journal.finish(name, outcome)),
      listUnfinished: () => journal.listUnfinished(),
    }),
    dynamoDb(client) {
      // At 'initialize', before the SDK's own retries, so the fault reaches the step as it would
      // once the SDK gave up. A race sends the same conditional write twice: the first copy is the
      // other writer that won, the second meets its ConditionalCheckFailedException as a loser does.
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const fault = draw(['dynamodb-throttled', 'dynamodb-throughput-exceeded', 'dynamodb-conditional-race'] as const);
          if (fault === 'dynamodb-throttled') throw awsError('ThrottlingException', `DynamoDB ${context.commandName} throttled`, true);
          if (fault === 'dynamodb-throughput-exceeded')
            throw awsError('ProvisionedThroughputExceededException', `DynamoDB ${context.commandName}: provisioned throughput exceeded`, true);
          const input = args.input as { ConditionExpression?: string };
          if (fault === 'dynamodb-conditional-race') {
            if (input.ConditionExpression && CONDITIONAL_WRITES.has(context.commandName ?? '')) await next(args).catch(() => {});
            else counts[fault]! -= 1; // only a conditional write can lose a race
          }
          return next(args);
        },
        { step: 'initialize', name: 'tesseraChaos', priority: 'high' },
      );
    },
  };
}
