// HTTP plumbing shared by every API function: the middy chain, the one place where errors
// become responses, and small response builders. Handlers stay thin: parse, call the core, answer.
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ForbiddenError, TesseraError } from '@tessera/core';
import { logger, METRIC, MetricUnit, metrics, observability } from './observability.ts';
import { TooManyRequestsError } from './rate-limit.ts';

export type HttpRequest = APIGatewayProxyEvent;
export type HttpResponse = APIGatewayProxyResult;
export type HttpHandler = (event: HttpRequest, context: Context) => Promise<HttpResponse>;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
/** Only over https (API Gateway always is): a browser ignores HSTS on http, and localhost must stay usable. */
const HSTS = { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' };

/** A body over what its format may be: 413, naming the cap. */
export class PayloadTooLargeError extends TesseraError {
  constructor(message: string) {
    super(413, 'payload_too_large', message);
  }
}

/** Every response leaves with the security headers, whichever builder made it; a handler's own
 *  value (a page's Referrer-Policy, say) wins. */
export function withSecurityHeaders(response: HttpResponse, event: HttpRequest): HttpResponse {
  const https = (header(event, 'x-forwarded-proto') ?? '').toLowerCase() === 'https';
  return { ...response, headers: { ...SECURITY_HEADERS, ...(https ? HSTS : {}), ...response.headers } };
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

/** HTML pages carry a CSP that allows only their own inline style and same-origin form posts. */
export function html(statusCode: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      ...SECURITY_HEADERS,
      ...headers,
    },
    body,
  };
}

/** The raw request body as the client sent it (signatures are computed over these bytes). */
export function rawBody(event: HttpRequest): string {
  if (event.body == null) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** The request body's bytes: binary media types (a PNG) arrive base64-encoded from API Gateway. */
export function bodyBytes(event: HttpRequest): Buffer {
  if (event.body == null) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/** Header lookup that ignores case, as HTTP does. */
export function header(event: HttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/** Maps any thrown error to a response. Typed errors show their own message; anything else is
 *  logged and answered with a generic 500 so no internal detail leaks to the caller. */
export function errorResponse(error: unknown, requestId: string, render?: (e: TesseraError) => HttpResponse): HttpResponse {
  if (error instanceof TesseraError && error.status < 500) {
    if (render) return render(error);
    const body: Record<string, unknown> = { error: error.code, message: error.message };
    if (error.details.length) body.details = error.details;
    if (error instanceof ForbiddenError) Object.assign(body, { role: error.role, roles: error.roles });
    const headers: Record<string, string> = {};
    if (error instanceof TooManyRequestsError) {
      headers['Retry-After'] = String(error.retryAfterSeconds);
      metrics.addMetric(METRIC.requestsRateLimited, MetricUnit.Count, 1);
    }
    return json(error.status, body, headers);
  }
  logger.error('request failed', { requestId, error: error instanceof Error ? error : String(error) });
  if (render) return render(new TesseraError(500, 'internal_error', 'Something went wrong on our side. Please try again later.'));
  return json(500, { error: 'internal_error', message: 'Something went wrong on our side.', requestId });
}

/** Wraps a core-calling function in the middy chain every API function shares. `renderError`
 *  lets HTML routes answer errors with a page instead of JSON. */
export function httpHandler(fn: HttpHandler, options: { renderError?: (e: TesseraError) => HttpResponse } = {}) {
  return middy<HttpRequest, HttpResponse>()
    .use(observability())
    .handler(async (event, context) => {
      try {
        return withSecurityHeaders(await fn(event, context), event);
      } catch (error) {
        return withSecurityHeaders(errorResponse(error, context.awsRequestId, options.renderError), event);
      }
    });
}
