// POST /webhooks/{sourceId}: an LMS (or any source) reports that a learner met the criteria.
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { header, httpHandler, json, rawBody } from '../shared/http.ts';
import { logger, METRIC, MetricUnit, metrics } from '../shared/observability.ts';
import { receiveAwardRequest } from './intake.ts';
import { SIGNATURE_HEADER } from './signature.ts';

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
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
