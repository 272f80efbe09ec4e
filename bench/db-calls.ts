// Counts DynamoDB calls by command, to say how many round trips an intake or a badge costs.
// Wraps the SDK client's `send` for this process (bench only); the calls themselves are unchanged.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Sendable = { send: (command: { constructor: { name: string } }, ...rest: unknown[]) => Promise<unknown> };

const counts = new Map<string, number>();
let installed = false;

export function countDynamoDbCalls(): void {
  if (installed) return;
  installed = true;
  // The smithy Client class both the DynamoDB client and the document client extend.
  const base = Object.getPrototypeOf(DynamoDBDocumentClient.prototype) as Sendable;
  const send = base.send;
  base.send = function (this: Sendable, command, ...rest) {
    counts.set(command.constructor.name, (counts.get(command.constructor.name) ?? 0) + 1);
    return send.call(this, command, ...rest);
  };
}

/** Calls by command since the last snapshot. */
export function dynamoDbCallsSnapshot(): () => Record<string, number> {
  const before = new Map(counts);
  return () => Object.fromEntries([...counts].map(([name, n]) => [name, n - (before.get(name) ?? 0)]).filter(([, n]) => (n as number) > 0));
}
