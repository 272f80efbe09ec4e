// Canvas Live Events from the deployment's Canvas SQS queue (stage option canvasSqs): the events the
// webhook verifies, sent unsigned. Only Instructure's account may send to that queue, so its policy
// stands where the webhook's signature check does. Each message becomes a kept delivery of the
// queue's source and runs through the very processing a webhook delivery gets: events log, dedup, awards.
import { createHash } from 'node:crypto';
import { TesseraError } from '@tessera/core';
import { readCanvasQueueMessage } from '@tessera/lms/canvas';
import type { Dependencies } from '../shared/dependencies.ts';
import { logRefusal, newDeliveryId } from '../webhook-intake/delivery.ts';
import { processDeliveryMessage, type ProcessedCounts } from './pipeline.ts';
import type { CanvasQueueMessage } from './queue-message.ts';

/** The stage's canvasSqs.sourceId names no Canvas source: a deployment to fix, not a message to drop. */
export class CanvasQueueSourceError extends Error {
  override name = 'CanvasQueueSourceError';
}

export async function receiveCanvasQueueMessage(deps: Dependencies, message: CanvasQueueMessage): Promise<ProcessedCounts> {
  const source = await deps.store.webhookSources.get(message.sourceId);
  // Thrown, so the message is retried and then waits in the dead-letter queue (which alarms) until the source exists.
  if (!source || source.kind !== 'canvas') {
    const what = source ? `is a ${source.kind ?? 'generic'} source` : 'does not exist';
    throw new CanvasQueueSourceError(`the Canvas queue feeds source '${message.sourceId}', which ${what}: create it as a canvas source, or fix the stage's canvasSqs.sourceId`);
  }
  // SQS delivers at least once: the id comes from the message (and the time from when Canvas sent
  // it), so a redelivery lands on the same log entries and the pipeline skips what is logged.
  const received = message.sentAt ?? deps.clock.now();
  const receivedAt = received.toISOString();
  const deliveryId = newDeliveryId(received, createHash('sha256').update(message.messageId).digest('hex').slice(0, 12));
  let events;
  try {
    events = readCanvasQueueMessage(message.body, { ...source, kind: 'canvas' });
  } catch (error) {
    // Not a Canvas event, or another root account's: logged refused and dropped (a retry cannot make it right).
    if (error instanceof TesseraError && error.status < 500) {
      await logRefusal(deps, { sourceId: source.id, deliveryId, receivedAt }, error);
      return { refused: 1 };
    }
    throw error;
  }
  await deps.deliveryArchive.keep({ sourceId: source.id, deliveryId, receivedAt, contentType: 'application/json', rawBody: message.body, events });
  return processDeliveryMessage(deps, { type: 'delivery', sourceId: source.id, deliveryId, receivedAt });
}
