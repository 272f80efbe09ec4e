// The bulk runner on AWS: the bulk function invokes itself asynchronously (InvocationType Event) with
// the batch id. The API request that stored the batch has answered by then; each invocation runs
// chunks while it has time, then hands the rest to the next invocation the same way.
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { BulkRunner } from '@tessera/core';

export type LambdaBulkRunnerOptions = { client: LambdaClient; functionName: string };

/** The event the bulk function receives when it is told to carry a batch on. */
export type BulkContinueEvent = { bulkBatchId: string };

export function isBulkContinueEvent(event: unknown): event is BulkContinueEvent {
  return typeof event === 'object' && event !== null && typeof (event as BulkContinueEvent).bulkBatchId === 'string';
}

export function createLambdaBulkRunner({ client, functionName }: LambdaBulkRunnerOptions): BulkRunner {
  return {
    async continue(batchId) {
      const payload: BulkContinueEvent = { bulkBatchId: batchId };
      // Lambda queues the event and answers 202; on a failed run it retries the event twice itself.
      await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(payload)) }));
    },
  };
}
