// What a record of the delivery queue carries. Tessera's own messages are JSON objects with a
// `type` (DeliveryMessage). Canvas can also deliver Live Events straight to an SQS queue: such a
// record's body is the raw `{metadata, body}` event with no `type`, so the two never look alike,
// and its source is named by the queue it came from (a queue per Canvas source, `…-canvas-<sourceId>`).
import { DeliveryMessage, ValidationError } from '@tessera/core';

export type QueueRecord = { body: string; eventSourceARN?: string };

export type QueueWork = { kind: 'tessera'; message: DeliveryMessage } | { kind: 'canvas-sqs'; sourceId: string; rawBody: string };

export function parseQueueRecord(record: QueueRecord): QueueWork {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (cause) {
    throw new ValidationError('queue message is not JSON', [], cause);
  }
  if (body && typeof body === 'object' && 'type' in body) {
    const parsed = DeliveryMessage.safeParse(body);
    if (!parsed.success) throw new ValidationError(`not a delivery message: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    return { kind: 'tessera', message: parsed.data };
  }
  const canvasSource = /-canvas-([a-z0-9._-]+)$/.exec(record.eventSourceARN?.split(':').at(-1) ?? '')?.[1];
  if (body && typeof body === 'object' && 'metadata' in body && 'body' in body && canvasSource) return { kind: 'canvas-sqs', sourceId: canvasSource, rawBody: record.body };
  throw new ValidationError('queue message is neither a Tessera delivery message nor a Canvas Live Event from a Canvas source queue');
}
