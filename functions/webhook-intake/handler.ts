// POST /webhooks/{sourceId}: an LMS (or any source) reports that a learner met the criteria.
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { clientOf } from '../shared/client-address.ts';
import { header, httpHandler, json, rawBody } from '../shared/http.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { logger, METRIC, MetricUnit, metrics } from '../shared/observability.ts';
import { receiveAwardRequest } from './intake.ts';
import { SIGNATURE_HEADER } from './signature.ts';

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
    // Before the signature is checked: a flood of forged requests costs a token each, not an HMAC.
    const keys = [`source:${event.pathParameters?.sourceId ?? ''}`, `client:${clientOf(event, deps().config.clientAddress)}`];
    enforceRateLimit(deps().rateLimits.webhooks, keys, deps().clock.now());
    const result = await receiveAwardRequest(deps(), {
      sourceId: event.pathParameters?.sourceId ?? '',
      rawBody: rawBody(event),
      signature: header(event, SIGNATURE_HEADER),
    });
    logger.info('award request accepted', { submissionId: result.submissionId, sourceId: event.pathParameters?.sourceId, duplicate: !result.created });
    metrics.addMetric(result.created ? METRIC.submissionsReceived : METRIC.duplicateSubmissions, MetricUnit.Count, 1);
    return json(202, { submissionId: result.submissionId });
  });

export const handler = createHandler(dependencies);
