// POST /webhooks/{sourceId} (and /webhooks/{sourceId}/{secret} for platforms that cannot sign): an
// LMS reports what a learner did. Generic award requests are submitted at once; a platform's events
// are kept and processed after the answer (functions/webhook-intake/delivery.ts).
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { clientOf } from '../shared/client-address.ts';
import { header, httpHandler, json, rawBody, type HttpRequest } from '../shared/http.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { logger, METRIC, MetricUnit, metrics } from '../shared/observability.ts';
import { receiveWebhook } from './delivery.ts';
import { SIGNATURE_HEADER } from './signature.ts';

/** The headers an adapter may read, lower-cased. Only these: on AWS CloudFront forwards no other
 *  header to the API (infra PublicSite's origin request policy; Authorization through the cache policy). */
function headersOf(event: HttpRequest): Record<string, string | undefined> {
  return {
    'content-type': header(event, 'content-type'),
    authorization: header(event, 'authorization'),
    [SIGNATURE_HEADER.toLowerCase()]: header(event, SIGNATURE_HEADER),
  };
}

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(async (event) => {
    const sourceId = event.pathParameters?.sourceId ?? '';
    // Before the signature is checked: a flood of forged requests costs a token each, not an HMAC.
    const keys = [`source:${sourceId}`, `client:${clientOf(event, deps().config.clientAddress)}`];
    enforceRateLimit(deps().rateLimits.webhooks, keys, deps().clock.now());
    // The path secret is a credential: it is handed to the adapter and never logged.
    const receipt = await receiveWebhook(deps(), { sourceId, delivery: { rawBody: rawBody(event), headers: headersOf(event), pathSecret: event.pathParameters?.secret } });
    if (receipt.kind === 'delivery') {
      logger.info('delivery kept for processing', { sourceId, deliveryId: receipt.deliveryId, events: receipt.events });
      metrics.addMetric(METRIC.deliveriesReceived, MetricUnit.Count, 1);
      return json(202, { deliveryId: receipt.deliveryId, events: receipt.events });
    }
    const { result } = receipt;
    logger.info('award request accepted', { submissionId: result.submissionId, sourceId, duplicate: result.duplicate ?? false });
    metrics.addMetric(result.created ? METRIC.submissionsReceived : METRIC.duplicateSubmissions, MetricUnit.Count, 1);
    // A repeat of the same event gets the very same answer; another event for a learner who already
    // has (or awaits) this achievement is told so.
    return json(202, result.duplicate === 'learner' ? { submissionId: result.submissionId, duplicate: true } : { submissionId: result.submissionId });
  });

export const handler = createHandler(dependencies);
