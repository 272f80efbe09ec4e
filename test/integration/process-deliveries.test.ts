// The delivery queue's consumer as Lambda runs it (SQS event, partial batch response), against
// DynamoDB Local: a record that cannot be processed is reported alone, the others are done.
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFolderDeliveryArchive } from '@tessera/adapters';
import { createHandler } from '../../functions/process-deliveries/handler.ts';
import { coreDependencies, testClock } from '../support/core-dependencies.ts';

let env: Awaited<ReturnType<typeof coreDependencies>>;
beforeAll(async () => {
  env = await coreDependencies(testClock('2026-12-03T10:00:00Z'));
  // An empty archive: a message naming a body it does not hold must fail (and be retried), not pass.
  env.deps = { ...env.deps, deliveryArchive: createFolderDeliveryArchive({ dir: await mkdtemp(join(tmpdir(), 'tessera-deliveries-')) }) };
  await env.deps.store.webhookSources.put({ id: 'quiet-lms', kind: 'caliper', secret: 's', rules: [] });
});

const record = (messageId: string, body: string, queue = 'Tessera-test-DeliveryQueue'): SQSRecord =>
  ({ messageId, body, eventSourceARN: `arn:aws:sqs:eu-west-1:111122223333:${queue}` }) as SQSRecord;

describe('process-deliveries', () => {
  it('processes good records and reports only the bad ones back to SQS', async () => {
    // Prepare
    const handler = createHandler(() => env.deps);
    const event: SQSEvent = {
      Records: [
        record('replay-ok', JSON.stringify({ type: 'replay', sourceId: 'quiet-lms', outcome: 'unresolved' })),
        record('not-json', '{"type":'),
        record('bad-shape', JSON.stringify({ type: 'delivery', sourceId: 'quiet-lms' })),
        record('missing-body', JSON.stringify({ type: 'delivery', sourceId: 'quiet-lms', deliveryId: 'gone', receivedAt: '2026-12-03T09:00:00Z' })),
      ],
    };

    // Act
    const result = await handler(event, { awsRequestId: 'r', functionName: 'process-deliveries' } as Context);

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'not-json' }, { itemIdentifier: 'bad-shape' }, { itemIdentifier: 'missing-body' }] });
  });
});
