// GET /review/{secret} shows the confirmation page (and changes nothing); POST decides.
import { ValidationError } from '@tessera/core';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { header, html, httpHandler, rawBody, type HttpRequest } from '../shared/http.ts';
import { logger, METRIC, MetricUnit, metrics } from '../shared/observability.ts';
import { decidedPage, errorPage, reviewPage } from './page.ts';
import { decideReview, findPendingReview, parseDecisionForm } from './review.ts';

export const createHandler = (deps: () => Dependencies) =>
  httpHandler(
    async (event) => {
      const secret = event.pathParameters?.secret ?? '';
      if (event.httpMethod === 'GET') return html(200, reviewPage(await findPendingReview(deps(), secret)));
      const form = parseDecisionForm(readForm(event));
      const result = await decideReview(deps(), secret, form);
      // The submission id, never the secret: the secret is the capability itself.
      logger.info('review decided', { submissionId: result.submission.id, decision: result.decision.decision });
      metrics.addMetric(METRIC.reviewDecisions, MetricUnit.Count, 1);
      const latency = (Date.parse(result.decision.decidedAt) - Date.parse(result.review.createdAt)) / 1000;
      metrics.addMetric(METRIC.reviewDecisionLatency, MetricUnit.Seconds, Math.max(0, latency));
      return html(200, decidedPage(result.decision.decision, result.achievement.name, result.submission.recipient.name));
    },
    { renderError: (error) => html(error.status, errorPage(error)) },
  );

function readForm(event: HttpRequest): Record<string, string> {
  const type = header(event, 'content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new ValidationError('the decision must be posted as a form (application/x-www-form-urlencoded)');
  }
  return Object.fromEntries(new URLSearchParams(rawBody(event)));
}

export const handler = createHandler(dependencies);
