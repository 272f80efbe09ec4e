// The delivery queue's consumer (SQS on AWS): processes kept LMS deliveries and replays. A record
// that fails is reported back alone (partial batch response): SQS retries it, then moves it to the
// dead-letter queue, whose alarm tells an operator.
import middy from '@middy/core';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { logger, METRIC, MetricUnit, metrics, observability } from '../shared/observability.ts';
import { processDeliveryMessage } from './pipeline.ts';
import { parseQueueRecord } from './queue-message.ts';

export const createHandler = (deps: () => Dependencies) =>
  middy<SQSEvent, SQSBatchResponse>()
    .use(observability())
    .handler(async (event) => {
      const batchItemFailures: SQSBatchItemFailure[] = [];
      for (const record of event.Records) {
        try {
          const work = parseQueueRecord(record);
          // Canvas's own SQS format: recognised, not processed yet (docs/LMS.md); left for the dead-letter queue.
          if (work.kind === 'canvas-sqs') throw new Error(`Canvas SQS delivery for source ${work.sourceId}: not processed by this build`);
          const counts = await processDeliveryMessage(deps(), work.message);
          logger.info('delivery processed', { type: work.message.type, sourceId: work.message.sourceId, counts });
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
