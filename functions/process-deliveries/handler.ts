// The delivery queue's consumer (SQS on AWS): processes kept LMS deliveries and replays, and, where
// the stage has a Canvas queue, the Canvas Live Events on it (canvas-queue.ts). A record that fails
// is reported back alone (partial batch response): SQS retries it, then moves it to its queue's
// dead-letter queue, whose alarm tells an operator.
import middy from '@middy/core';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { logger, METRIC, MetricUnit, metrics, observability } from '../shared/observability.ts';
import { receiveCanvasQueueMessage } from './canvas-queue.ts';
import { processDeliveryMessage } from './pipeline.ts';
import { parseQueueRecord } from './queue-message.ts';

export const createHandler = (deps: () => Dependencies) =>
  middy<SQSEvent, SQSBatchResponse>()
    .use(observability())
    .handler(async (event) => {
      const batchItemFailures: SQSBatchItemFailure[] = [];
      for (const record of event.Records) {
        try {
          const work = parseQueueRecord(record, deps().config.canvasQueue);
          const counts = work.kind === 'canvas-sqs' ? await receiveCanvasQueueMessage(deps(), work.message) : await processDeliveryMessage(deps(), work.message);
          logger.info('delivery processed', { type: work.kind === 'canvas-sqs' ? 'canvas-sqs' : work.message.type, sourceId: work.message.sourceId, counts });
          for (const [outcome, n] of Object.entries(counts)) {
            const single = metrics.singleMetric();
            single.addDimension('outcome', outcome);
            single.addMetric(METRIC.deliveryEvents, MetricUnit.Count, n);
          }
        } catch (error) {
          logger.error('delivery processing failed', { messageId: record.messageId, error: error as Error });
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures };
    });

export const handler = createHandler(dependencies);
