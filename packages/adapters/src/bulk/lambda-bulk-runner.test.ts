// The bulk runner on AWS hands the batch to the bulk function as an asynchronous invocation (the
// Lambda client is the one AWS client mocked here, as the SFN client is in the workflow adapter's tests).
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLambdaBulkRunner, isBulkContinueEvent } from './lambda-bulk-runner.ts';

const lambda = mockClient(LambdaClient);
beforeEach(() => lambda.reset());

describe('createLambdaBulkRunner', () => {
  it('invokes the bulk function asynchronously (Event) with the batch id, once', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const runner = createLambdaBulkRunner({ client: new LambdaClient({ region: 'eu-west-1' }), functionName: 'Tessera-prod-Bulk' });

    // Act
    await runner.continue('bulk_abc');

    // Assess
    const calls = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ FunctionName: 'Tessera-prod-Bulk', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(calls[0]!.Payload as Uint8Array))).toEqual({ bulkBatchId: 'bulk_abc' });
  });

  it('lets a refused invocation through to the caller (the upload then fails rather than leaving a batch unrun unnoticed)', async () => {
    lambda.on(InvokeCommand).rejects(new Error('AccessDeniedException'));
    const runner = createLambdaBulkRunner({ client: new LambdaClient({ region: 'eu-west-1' }), functionName: 'f' });
    await expect(runner.continue('bulk_abc')).rejects.toThrow('AccessDeniedException');
  });

  it('tells its own event from an API Gateway request', () => {
    expect(isBulkContinueEvent({ bulkBatchId: 'bulk_abc' })).toBe(true);
    expect(isBulkContinueEvent({ httpMethod: 'GET', resource: '/admin/bulk/{batchId}' })).toBe(false);
    expect(isBulkContinueEvent(null)).toBe(false);
  });
});
