// Worker threads for the local workflow's Task steps. Node runs JavaScript on one thread per
// isolate, so under `npm start` the webhooks, the gateway and every badge's signing and publishing
// took turns on one core: an LMS delivering one webhook after another waited behind badges being
// issued. Here the steps' handlers run on their own threads (step-worker.ts), the state machine
// interpreter and its journal stay on the main thread, and a step's call becomes a message. On AWS
// each step is its own Lambda, so this changes nothing there.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BulkRunner, DeliveryQueue, Workflow } from '@tessera/core';
import type { LambdaHandler } from './workflow-runner.ts';

export type StepThreadData = {
  /** The environment loadConfig reads (the same as the main thread's dependencies were built from). */
  configEnv: Record<string, string>;
  endpoint: string;
  functionNames: readonly string[];
  /** Modules imported in each thread before anything else (instrumentation: the bench's call counter). */
  preload: readonly string[];
};

type PlainError = { name: string; message: string; stack?: string };
export type ToStepThread =
  { kind: 'invoke'; id: number; functionName: string; payload: unknown } | ({ kind: 'answer'; id: number } & ({ ok: true; value: unknown } | { ok: false; error: PlainError }));
export type FromStepThread =
  | { kind: 'ready' }
  | ({ kind: 'result'; id: number } & ({ ok: true; value: unknown } | { ok: false; error: PlainError }))
  | { kind: 'call'; id: number; target: 'workflow' | 'bulkRunner' | 'deliveryQueue'; method: string; args: unknown[] };

export type StepThreads = {
  /** A handler per step function, each running in a step thread. */
  handlers: Record<string, LambdaHandler>;
  stop(): Promise<void>;
};

/** A thread starts in plain JavaScript whatever runs this one (tsx, vitest): it registers tsx in
 *  itself, then loads the TypeScript worker. */
const BOOT = `import(${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href)})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./step-worker.ts', import.meta.url).href)}); })`;

/** The thread name (what /proc shows, at most 15 characters): the bench counts their CPU by it. */
export const STEP_THREAD_NAME = 'tessera-steps';

/** Steps in flight per thread: more only lengthen DynamoDB Local's queue, which the webhooks share. */
export const DEFAULT_STEPS_IN_FLIGHT = 4;

export async function startStepThreads(options: {
  count: number;
  /** Steps one thread runs at once; the rest wait their turn in order. @default DEFAULT_STEPS_IN_FLIGHT */
  stepsInFlight?: number;
  data: Omit<StepThreadData, 'preload'> & { preload?: readonly string[] };
  /** What the steps may call on the main thread. */
  mainThread: { workflow: Workflow; bulkRunner: BulkRunner; deliveryQueue: DeliveryQueue };
  log?: (line: string) => void;
}): Promise<StepThreads> {
  const data: StepThreadData = { ...options.data, preload: options.data.preload ?? [] };
  const threads: { worker: Worker; inFlight: number }[] = [];
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; thread: (typeof threads)[number] }>();
  let nextId = 0;
  let stopping = false;
  const limit = options.stepsInFlight ?? DEFAULT_STEPS_IN_FLIGHT;
  /** Steps waiting for a thread with room, oldest first. */
  const waiting: (() => void)[] = [];
  const next = () => {
    // With no thread left (all crashed), each waiting step is sent to fail at once.
    while (waiting.length && (threads.length === 0 || threads.some((t) => t.inFlight < limit))) waiting.shift()!();
  };

  const start = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(BOOT, { eval: true, workerData: data, name: STEP_THREAD_NAME });
      const thread = { worker, inFlight: 0 };
      worker.on('message', (message: FromStepThread) => {
        if (message.kind === 'ready') {
          threads.push(thread);
          resolve();
        } else if (message.kind === 'result') {
          const caller = pending.get(message.id);
          pending.delete(message.id);
          if (!caller) return;
          thread.inFlight--;
          if (message.ok) caller.resolve(message.value);
          else caller.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
          next();
        } else {
          const target = options.mainThread[message.target] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
          const answer = (reply: ToStepThread) => worker.postMessage(reply);
          Promise.resolve()
            .then(() => target[message.method]!(...message.args))
            .then(
              (value) => answer({ kind: 'answer', id: message.id, ok: true, value }),
              (error: Error) => answer({ kind: 'answer', id: message.id, ok: false, error: { name: error.name, message: error.message } }),
            );
        }
      });
      worker.once('error', (error) => {
        reject(error);
        if (threads.includes(thread)) threads.splice(threads.indexOf(thread), 1);
        // A step in flight on a thread that died fails as a Lambda whose runtime crashed would.
        for (const [id, caller] of pending) {
          if (caller.thread !== thread) continue;
          pending.delete(id);
          caller.reject(Object.assign(new Error(`step thread crashed: ${error.message}`), { name: 'Lambda.Unknown' }));
        }
        if (!stopping) options.log?.(`step thread ${index} crashed: ${error.message}`);
        next();
      });
    });
  await Promise.all(Array.from({ length: options.count }, (_, i) => start(i)));

  const invoke =
    (functionName: string): LambdaHandler =>
    (payload) =>
      new Promise((resolve, reject) => {
        const send = () => {
          if (threads.length === 0) {
            reject(Object.assign(new Error('no step thread is running'), { name: 'Lambda.Unknown' }));
            return;
          }
          // The least busy thread: a long step (a first render) does not hold up the others.
          const thread = threads.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
          const id = ++nextId;
          pending.set(id, { resolve, reject, thread });
          thread.inFlight++;
          thread.worker.postMessage({ kind: 'invoke', id, functionName, payload } satisfies ToStepThread);
        };
        waiting.push(send);
        next();
      });

  return {
    handlers: Object.fromEntries(data.functionNames.map((name) => [name, invoke(name)])),
    async stop() {
      stopping = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
