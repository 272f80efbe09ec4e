// The local stand-in for the delivery queue (SQS + process-deliveries on AWS): an in-process queue
// that runs one message at a time after the webhook has answered. It survives a crash through the
// table: a kept delivery stays pending until processed, and start-up re-queues every pending one.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryMessage, DeliveryQueue, PendingDelivery } from '@tessera/core';

export type LocalDeliveryQueueOptions = {
  /** The processing step (functions/process-deliveries/pipeline.ts), bound to the dependencies. */
  process(message: DeliveryMessage): Promise<unknown>;
  listPending(): Promise<PendingDelivery[]>;
  /** Attempts per message before it is left for the next start (as SQS would redrive it). @default 3 */
  attempts?: number;
  /** Pause between attempts in ms. @default 1000 */
  retryIntervalMs?: number;
  log?: (line: string) => void;
};

export type LocalDeliveryQueue = DeliveryQueue & {
  /** Re-queues the deliveries a previous run kept but did not process; answers how many. */
  resumePending(): Promise<number>;
  /** Resolves once every message sent so far has run. */
  idle(): Promise<void>;
  /** Takes no more messages and waits for the one running. */
  stop(): Promise<void>;
};

export function createLocalDeliveryQueue(options: LocalDeliveryQueueOptions): LocalDeliveryQueue {
  const attempts = options.attempts ?? 3;
  const log = options.log ?? (() => {});
  let tail: Promise<void> = Promise.resolve();
  let stopped = false;

  async function run(message: DeliveryMessage): Promise<void> {
    for (let attempt = 1; attempt <= attempts && !stopped; attempt++) {
      try {
        await options.process(message);
        return;
      } catch (error) {
        log(`delivery queue: ${message.type} for source ${message.sourceId} failed (attempt ${attempt} of ${attempts}): ${(error as Error).message}`);
        if (attempt < attempts) await sleep(options.retryIntervalMs ?? 1000);
      }
    }
    // A delivery stays pending in the table: the next start runs it again.
  }

  const queue: LocalDeliveryQueue = {
    async send(message) {
      if (stopped) return;
      tail = tail.then(() => run(message));
    },
    async resumePending() {
      const pending = await options.listPending();
      for (const p of pending) await queue.send({ type: 'delivery', sourceId: p.sourceId, deliveryId: p.deliveryId, receivedAt: p.receivedAt });
      return pending.length;
    },
    async idle() {
      // Messages sent while waiting extend the tail: wait until it stops moving.
      for (let seen = tail; ; seen = tail) {
        await seen;
        if (seen === tail) return;
      }
    },
    async stop() {
      stopped = true;
      await tail;
    },
  };
  return queue;
}
