// A step thread: the workflow's Task steps run here, on a core of their own, so that the main
// thread (the gateway, the webhooks, the state machine interpreter) answers requests while badges
// are signed and published. The same handler modules Lambda runs, on dependencies built from the
// same configuration, with a DynamoDB client of their own. What only the main thread holds (the
// workflow runner, the bulk runner, the delivery queue) is reached by message (step-threads.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '@tessera/core';
import { createDynamoDbStore, documentClientOf } from '@tessera/store';
import { createDependencies, type Dependencies } from '@tessera/functions/dependencies';
import { localDynamoDbClientConfig } from './dynamodb-local.ts';
import type { LambdaHandler } from './workflow-runner.ts';
import { lambdaContext } from './workflow-runner.ts';
import type { FromStepThread, StepThreadData, ToStepThread } from './step-threads.ts';

if (!parentPort) throw new Error('step-worker.ts runs only as a worker thread (see step-threads.ts)');
const port = parentPort;
const data: StepThreadData = workerData;

// Instrumentation the parent asked for (the bench's DynamoDB call counter), before any client exists.
for (const url of data.preload) await import(url);

let nextCall = 0;
const calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

/** Every method of `target` on the main thread, called by message. */
function forwarded<T>(target: 'workflow' | 'bulkRunner' | 'deliveryQueue'): T {
  return new Proxy(
    {},
    {
      get: (_, method) =>
        typeof method !== 'string' || method === 'then'
          ? undefined
          : (...args: unknown[]) =>
              new Promise((resolve, reject) => {
                const id = ++nextCall;
                calls.set(id, { resolve, reject });
                port.postMessage({ kind: 'call', id, target, method, args } satisfies FromStepThread);
              }),
    },
  ) as T;
}

const config = loadConfig(data.configEnv);
const dynamodb = new DynamoDBClient(localDynamoDbClientConfig(data.endpoint));
const deps: Dependencies = createDependencies(config, {
  store: createDynamoDbStore({ client: documentClientOf(dynamodb), tableName: config.tableName }),
  workflow: forwarded('workflow'),
  bulkRunner: forwarded('bulkRunner'),
  deliveryQueue: forwarded('deliveryQueue'),
});
const handlers: Record<string, LambdaHandler> = {};
for (const name of data.functionNames) {
  const module = (await import(`@tessera/functions/${name}/handler`)) as { createHandler: (d: () => Dependencies) => LambdaHandler };
  handlers[name] = module.createHandler(() => deps);
}

/** An error as the state machine matches it: by name (Retry, Catch) and message (the failure reason). */
const plainError = (error: unknown) => (error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { name: 'Error', message: String(error) });

port.on('message', (message: ToStepThread) => {
  if (message.kind === 'answer') {
    const waiting = calls.get(message.id);
    calls.delete(message.id);
    if (!waiting) return;
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
    return;
  }
  const handler = handlers[message.functionName];
  if (!handler) {
    port.postMessage({
      kind: 'result',
      id: message.id,
      ok: false,
      error: { name: 'Error', message: `no step handler ${message.functionName} in this thread` },
    } satisfies FromStepThread);
    return;
  }
  handler(message.payload, lambdaContext(message.functionName)).then(
    (value) => port.postMessage({ kind: 'result', id: message.id, ok: true, value } satisfies FromStepThread),
    (error: unknown) => port.postMessage({ kind: 'result', id: message.id, ok: false, error: plainError(error) } satisfies FromStepThread),
  );
});
port.postMessage({ kind: 'ready' } satisfies FromStepThread);
