// Workflow steps Approve, RecordRejection, RecordExpiry and RecordFailure.
import { RecordOutcomeInput } from '@tessera/workflow';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { logger, METRIC, MetricUnit, metrics } from '../shared/observability.ts';
import { stepHandler } from '../shared/step.ts';
import { recordOutcome } from './outcome.ts';

const OUTCOME_METRICS: Partial<Record<RecordOutcomeInput['outcome'], string>> = { FAILED: METRIC.submissionsFailed, EXPIRED: METRIC.reviewsExpired };

export const createHandler = (deps: () => Dependencies) =>
  stepHandler(RecordOutcomeInput, async (input) => {
    const recorded = await recordOutcome(deps(), input);
    if (recorded.releaseUnfinished) {
      logger.warn('credential already stored: not failed, the release is finished next', { error: input.error?.Error });
      return recorded;
    }
    logger.info('outcome recorded', { outcome: input.outcome, error: input.error?.Error });
    const metric = OUTCOME_METRICS[input.outcome];
    if (metric) metrics.addMetric(metric, MetricUnit.Count, 1);
    return recorded;
  });

export const handler = createHandler(dependencies);
