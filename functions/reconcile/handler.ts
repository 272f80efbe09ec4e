// Scheduled function Reconcile (EventBridge, every few minutes on AWS; a timer under npm start):
// repairs stuck submissions and counts what it found, for the StuckSubmissions alarm.
import middy from '@middy/core';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { logger, METRIC, MetricUnit, metrics, observability } from '../shared/observability.ts';
import { reconcile } from './reconcile.ts';

export const createHandler = (deps: () => Dependencies) =>
  middy()
    .use(observability())
    .handler(async () => {
      const { examined, repairs } = await reconcile(deps());
      metrics.addMetric(METRIC.stuckSubmissions, MetricUnit.Count, repairs.length);
      for (const r of repairs) logger.warn('stuck submission repaired', { submissionId: r.submissionId, reason: r.reason, action: r.action, outcome: r.outcome });
      return { examined, repaired: repairs.length };
    });

export const handler = createHandler(dependencies);
