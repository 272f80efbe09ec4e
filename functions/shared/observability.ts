// Logger and Metrics, built once per process (Powertools for AWS Lambda). Logs are structured
// JSON with correlation ids; metrics are CloudWatch EMF. Event bodies, task tokens and review
// secrets are never logged: handlers log the ids they chose, nothing else from the request.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';

export const SERVICE_NAME = 'tessera';

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: 'Tessera', serviceName: SERVICE_NAME });

/** The business metrics operators watch; the same names in code, alarms and docs. */
export const METRIC = {
  submissionsReceived: 'SubmissionsReceived',
  duplicateSubmissions: 'DuplicateSubmissions',
  badgesIssued: 'BadgesIssued',
  reviewDecisions: 'ReviewDecisions',
  reviewDecisionLatency: 'ReviewDecisionLatency',
  submissionsFailed: 'SubmissionsFailed',
  reviewsExpired: 'ReviewsExpired',
  /** Open submissions the reconciler found with no live workflow, or past their deadline. */
  stuckSubmissions: 'StuckSubmissions',
  /** Requests answered 429 by a rate limit (docs/SECURITY.md). */
  requestsRateLimited: 'RequestsRateLimited',
  /** LMS deliveries verified and kept for processing. */
  deliveriesReceived: 'DeliveriesReceived',
  /** Events of LMS deliveries processed, by outcome (dimension outcome). */
  deliveryEvents: 'DeliveryEvents',
} as const;

export { MetricUnit };

/** Flushes the invocation's metrics as one EMF line. Unlike Powertools' logMetrics it stays quiet
 *  when an invocation recorded none (verify and admin calls never do), instead of warning each time. */
const flushMetrics: MiddlewareObj = {
  after: async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
  onError: async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
};

/** The middlewares every handler carries: Lambda context in each log line, and the metrics flush. */
export function observability(): MiddlewareObj[] {
  return [injectLambdaContext(logger, { resetKeys: true }) as MiddlewareObj, flushMetrics];
}
