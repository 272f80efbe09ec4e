// What a record of a queue process-deliveries reads carries. Tessera's own delivery queue holds
// DeliveryMessages (JSON objects with a `type`). The deployment's Canvas queue (stage option
// canvasSqs) holds Canvas Live Events as Canvas sends them: which source they belong to, and that they
// may be trusted unsigned, comes from the queue the record was read from, never from the body.
import { DeliveryMessage, ValidationError, type Config } from '@tessera/core';

export type QueueRecord = { messageId: string; body: string; eventSourceARN?: string; attributes?: { SentTimestamp?: string } };

/** A Canvas Live Event from the Canvas queue: the message's id (stable across SQS's redeliveries)
 *  and when Canvas sent it. */
export type CanvasQueueMessage = { sourceId: string; messageId: string; body: string; sentAt?: Date };

export type QueueWork = { kind: 'tessera'; message: DeliveryMessage } | { kind: 'canvas-sqs'; message: CanvasQueueMessage };

export function parseQueueRecord(record: QueueRecord, canvasQueue?: Config['canvasQueue']): QueueWork {
  if (canvasQueue && record.eventSourceARN === canvasQueue.arn) {
    const sent = Number(record.attributes?.SentTimestamp);
    return {
      kind: 'canvas-sqs',
      message: { sourceId: canvasQueue.sourceId, messageId: record.messageId, body: record.body, ...(Number.isFinite(sent) && sent > 0 ? { sentAt: new Date(sent) } : {}) },
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (cause) {
    throw new ValidationError('queue message is not JSON', [], cause);
  }
  const parsed = DeliveryMessage.safeParse(body);
  if (!parsed.success) throw new ValidationError(`not a delivery message: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return { kind: 'tessera', message: parsed.data };
}
