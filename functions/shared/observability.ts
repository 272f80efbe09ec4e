// Logger and Metrics, built once per process (Powertools for AWS Lambda). Logs are structured
// JSON with correlation ids; metrics are CloudWatch EMF. Event bodies, task tokens and review
// secrets are never logged: handlers log the ids they chose, nothing else from the request.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
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
} as const;

export { MetricUnit };

/** The middlewares every handler carries: Lambda context in each log line, and one EMF flush per invocation. */
export function observability(): MiddlewareObj[] {
  return [injectLambdaContext(logger, { resetKeys: true }) as MiddlewareObj, logMetrics(metrics) as MiddlewareObj];
}
