// The answer to an LMS: verify the delivery by its source's kind, keep the verified body, hand the
// rest to the processing step (functions/process-deliveries) and answer 202, fast: Canvas gives up
// after 15 s and Moodle's plugins hold a learner's request while they wait. A refused delivery is
// counted in the source's events log and its body is not kept.
import { randomBytes } from 'node:crypto';
import { TesseraError, type WebhookSource } from '@tessera/core';
import type { Delivery } from '@tessera/lms';
import type { Dependencies } from '../shared/dependencies.ts';
import { receiveGenericDelivery, type IntakeResult } from './intake.ts';

/** What the webhook answers: a generic award's submission, or a delivery kept for processing. */
export type WebhookReceipt = { kind: 'award'; result: IntakeResult } | { kind: 'delivery'; deliveryId: string; events: number };

/** The platform's kind has no adapter in this build. */
export class PlatformNotSupportedError extends TesseraError {
  constructor(kind: string) {
    super(501, 'not_implemented', `sources of kind ${kind} cannot receive deliveries in this build of Tessera`);
  }
}

/** Time-ordered (so a folder or a log lists deliveries in order) and unguessable; `unique` replaces
 *  the random part where a redelivery must land on the same id (an SQS message's id, hashed). */
export function newDeliveryId(receivedAt: Date, unique = randomBytes(6).toString('hex')): string {
  return `${receivedAt.toISOString().replace(/[-:.]/g, '')}-${unique}`;
}

/** A delivery its adapter refused (bad auth or body): counted in the source's events log, its body not kept. */
export async function logRefusal(deps: Dependencies, place: { sourceId: string; deliveryId: string; receivedAt: string }, error: TesseraError): Promise<void> {
  await deps.store.deliveries.putEntry({ ...place, index: 0, key: '', type: 'delivery', outcome: 'refused', reason: error.message });
}

export async function receiveWebhook(deps: Dependencies, request: { sourceId: string; delivery: Delivery }): Promise<WebhookReceipt> {
  const source = await deps.store.webhookSources.get(request.sourceId);
  // An unknown source is answered as a generic one with a bad signature: no oracle for source ids.
  if (!source || (source.kind ?? 'generic') === 'generic') return { kind: 'award', result: await receiveGenericDelivery(deps, request.sourceId, source, request.delivery) };
  return receivePlatformDelivery(deps, source, request.delivery);
}

async function receivePlatformDelivery(deps: Dependencies, source: WebhookSource, delivery: Delivery): Promise<WebhookReceipt> {
  const kind = source.kind!;
  const adapter = deps.platformAdapters[kind];
  if (!adapter) throw new PlatformNotSupportedError(kind);
  const now = deps.clock.now();
  const receivedAt = now.toISOString();
  const deliveryId = newDeliveryId(now);

  let events;
  try {
    events = await adapter.receive(delivery, { ...source, kind }, deps.platform);
  } catch (error) {
    // Bad auth or a body not in the platform's shape: counted, the body not kept, the platform told.
    if (error instanceof TesseraError && error.status < 500) await logRefusal(deps, { sourceId: source.id, deliveryId, receivedAt }, error);
    throw error;
  }

  await deps.deliveryArchive.keep({ sourceId: source.id, deliveryId, receivedAt, contentType: delivery.headers['content-type'], rawBody: delivery.rawBody, events });
  // Pending until processed: the local queue re-runs what a crash left here.
  await deps.store.deliveries.recordPending({ sourceId: source.id, deliveryId, receivedAt });
  await deps.deliveryQueue.send({ type: 'delivery', sourceId: source.id, deliveryId, receivedAt });
  return { kind: 'delivery', deliveryId, events: events.length };
}
