// Counts DynamoDB calls by command, to say how many round trips an intake or a badge costs.
// Wraps the SDK client's `send` for this process (bench only); the calls themselves are unchanged.
// The local workflow's journal (its executions' records, sort key EXECUTION) is counted apart: it
// stands in for Step Functions' own history and makes no DynamoDB call on AWS.
// Workflow steps may run on worker threads (packages/local/src/step-threads.ts): each thread imports
// this module first (bench/db-calls-thread.ts) and reports its calls to the main thread's count.
import { BroadcastChannel, isMainThread } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Command = { constructor: { name: string }; input?: { Key?: { sk?: unknown }; Item?: { sk?: unknown } } };
type Sendable = { send: (command: Command, ...rest: unknown[]) => Promise<unknown> };

/** Label prefix of the local journal's calls. */
export const JOURNAL = 'journal ';
const CHANNEL = 'tessera-bench-dynamodb-calls';
const REPORT_EVERY_MS = 100;

const counts = new Map<string, number>();
let installed = false;

function label(command: Command): string {
  const name = command.constructor.name.replace(/Command$/, '');
  const sk = command.input?.Key?.sk ?? command.input?.Item?.sk;
  return sk === 'EXECUTION' ? `${JOURNAL}${name}` : name;
}

export function countDynamoDbCalls(): void {
  if (installed) return;
  installed = true;
  const channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  const count = (name: string, n = 1) => counts.set(name, (counts.get(name) ?? 0) + n);
  if (isMainThread) {
    channel.onmessage = (event) => {
      for (const [name, n] of (event as MessageEvent).data as [string, number][]) count(name, n);
    };
  } else {
    // A thread sends its counts a few times a second, not a message per call: the counting must not
    // weigh on what it counts.
    setInterval(() => {
      if (counts.size === 0) return;
      channel.postMessage([...counts]);
      counts.clear();
    }, REPORT_EVERY_MS).unref();
  }
  // The smithy Client class both the DynamoDB client and the document client extend.
  const base = Object.getPrototypeOf(DynamoDBDocumentClient.prototype) as Sendable;
  const send = base.send;
  base.send = function (this: Sendable, command, ...rest) {
    count(label(command));
    return send.call(this, command, ...rest);
  };
}

/** Calls by command since the last snapshot (after a moment for the step threads' reports to arrive). */
export function dynamoDbCallsSnapshot(): () => Promise<Record<string, number>> {
  const before = new Map(counts);
  return async () => {
    await sleep(3 * REPORT_EVERY_MS);
    return Object.fromEntries([...counts].map(([name, n]) => [name, n - (before.get(name) ?? 0)]).filter(([, n]) => (n as number) > 0));
  };
}
