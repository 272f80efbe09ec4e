// The local API Gateway: one HTTP server on PORT that turns requests into API Gateway (REST, v1)
// proxy events for the same handler modules Lambda runs, serves the public folder as CloudFront
// would, and adds the local-only pages (health, mail outbox). It answers only requests addressed
// to its own origin: a web page elsewhere cannot rebind a name to 127.0.0.1 and read the outbox.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { renderOutboxPage, type FolderPublicSite, type OutboxMailer } from '@tessera/adapters';
import { API_ROUTES, type ApiRoute } from '@tessera/functions/catalog';
import { BADGE_PAGE_CSP, PUBLIC_PREFIX } from '@tessera/core';
import { lambdaContext, type LambdaHandler } from './workflow-runner.ts';

/** API Gateway's own cap on a request body (10 MB); each handler holds its body to its own, smaller cap. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Public files share the origin of the review pages: a badge SVG must not run script there. */
const PUBLIC_FILE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'X-Content-Type-Options': 'nosniff',
};

/** Badge pages (badges/{id}) run their own origin's script and POST to /verify, as on CloudFront. */
function publicFileHeaders(path: string): Record<string, string> {
  return path.startsWith(PUBLIC_PREFIX.badges) ? { ...PUBLIC_FILE_HEADERS, 'Content-Security-Policy': BADGE_PAGE_CSP } : PUBLIC_FILE_HEADERS;
}

/** A path parameter whose percent-encoding does not decode: the caller's mistake, a 400. */
export class MalformedPathError extends Error {
  constructor(path: string, cause: unknown) {
    super(`the path ${path} has broken percent-encoding`, { cause });
    this.name = 'MalformedPathError';
  }
}

export type GatewayOptions = {
  handlers: Record<string, LambdaHandler>;
  publicSite: FolderPublicSite;
  outbox: OutboxMailer;
  /** False until every route can be served (handlers loaded, catalogue seeded, did.json published,
   *  unfinished executions resumed): until then /health and the API routes answer 503. */
  ready: () => boolean;
};

type Matched = { route: ApiRoute; pathParameters: Record<string, string> };

/** Each route's path template as a pattern, compiled once. */
const COMPILED_ROUTES = API_ROUTES.map((route) => {
  const names: string[] = [];
  // {name} is one segment; {name+} (API Gateway's greedy proxy) is the rest of the path.
  const pattern = new RegExp(`^${route.path.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => (names.push(name), greedy ? '(.+)' : '([^/]+)'))}$`);
  return { route, names, pattern };
});

/** Throws MalformedPathError when a matched parameter's percent-encoding is broken. */
export function matchRoute(method: string, path: string): Matched | undefined {
  for (const { route, names, pattern } of COMPILED_ROUTES) {
    if (route.method !== method) continue;
    const m = pattern.exec(path);
    if (m) return { route, pathParameters: Object.fromEntries(names.map((n, i) => [n, decodePathParameter(path, m[i + 1]!)])) };
  }
  return undefined;
}

function decodePathParameter(path: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch (cause) {
    throw new MalformedPathError(path, cause);
  }
}

/** The Host values of our own origin: the gateway listens on 127.0.0.1 and calls itself localhost. */
function isOwnHost(req: IncomingMessage): boolean {
  const port = req.socket.localPort;
  return req.headers.host === `localhost:${port}` || req.headers.host === `127.0.0.1:${port}`;
}

const jsonError = (statusCode: number, error: string, message: string): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff' },
  body: JSON.stringify({ error, message }),
});

const STARTING: APIGatewayProxyResult = {
  statusCode: 503,
  headers: { 'Content-Type': 'application/json', 'Retry-After': '1' },
  body: '{"status":"starting","message":"Tessera is starting; try again in a moment"}',
};

export function createGateway(options: GatewayOptions): Server {
  return createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      console.error('gateway error', error);
      if (!res.headersSent) send(res, { statusCode: 500, headers: { 'Content-Type': 'text/plain' }, body: 'internal error' });
    });
  });
}

async function handle(options: GatewayOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isOwnHost(req)) {
    const message = `this server answers only for localhost:${req.socket.localPort}, not for Host ${JSON.stringify(req.headers.host ?? '')}; open http://localhost:${req.socket.localPort}/`;
    return send(res, jsonError(421, 'misdirected_request', message));
  }
  const url = new URL(req.url ?? '/', 'http://local');
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/health') {
    if (!options.ready()) return send(res, STARTING);
    return send(res, { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"status":"ok"}' });
  }
  if (method === 'GET' && url.pathname === '/_local/outbox') return serveOutbox(options.outbox, req, url, res);

  let matched: Matched | undefined;
  try {
    matched = matchRoute(method, url.pathname);
  } catch (error) {
    if (error instanceof MalformedPathError) return send(res, jsonError(400, 'bad_request', error.message));
    throw error;
  }
  if (matched) {
    if (!options.ready()) return send(res, STARTING);
    const body = await readBody(req);
    if (body === undefined) return send(res, jsonError(413, 'payload_too_large', `a request body may be at most ${MAX_BODY_BYTES} bytes (10 MiB, as API Gateway)`));
    const event = toApiGatewayEvent(req, url, matched, body, isTextual(req.headers['content-type']));
    const handler = options.handlers[matched.route.function]!;
    const result = (await handler(event, lambdaContext(matched.route.function))) as APIGatewayProxyResult;
    return send(res, result);
  }
  if (method === 'GET' || method === 'HEAD') {
    const path = url.pathname.replace(/^\/+/, '');
    const file = await options.publicSite.read(path);
    if (file) {
      return send(res, {
        statusCode: 200,
        headers: { 'Content-Type': file.contentType, 'Cache-Control': file.cacheControl, 'Access-Control-Allow-Origin': '*', ...publicFileHeaders(path) },
        body: method === 'HEAD' ? '' : file.body.toString('base64'),
        isBase64Encoded: true,
      });
    }
  }
  return send(res, jsonError(404, 'not_found', `no route for ${method} ${url.pathname}`));
}

async function serveOutbox(outbox: OutboxMailer, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
  const mails = await outbox.list();
  const wantsHtml = url.searchParams.get('format') === 'html' || (url.searchParams.get('format') !== 'json' && (req.headers.accept ?? '').includes('text/html'));
  // Review links are capabilities: not cached, not framed, not leaked through Referer.
  const headers = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' };
  if (wantsHtml) {
    const csp = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
    return send(res, { statusCode: 200, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp }, body: renderOutboxPage(mails) });
  }
  return send(res, { statusCode: 200, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(mails) });
}

/** As API Gateway does with binary media types: text stays text, anything else arrives base64-encoded. */
function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return true;
  return /^(text\/|application\/(json|ld\+json|x-www-form-urlencoded|xml)|image\/svg\+xml)/i.test(contentType);
}

function toApiGatewayEvent(req: IncomingMessage, url: URL, matched: Matched, body: Buffer, textual: boolean): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  const query = Object.fromEntries(url.searchParams);
  const requestId = randomBytes(16).toString('hex');
  return {
    resource: matched.route.path,
    path: url.pathname,
    httpMethod: matched.route.method,
    headers,
    multiValueHeaders: {},
    queryStringParameters: Object.keys(query).length ? query : null,
    multiValueQueryStringParameters: null,
    pathParameters: Object.keys(matched.pathParameters).length ? matched.pathParameters : null,
    stageVariables: null,
    body: body.length ? body.toString(textual ? 'utf8' : 'base64') : null,
    isBase64Encoded: body.length > 0 && !textual,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: matched.route.method,
      identity: { sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? null } as APIGatewayProxyEvent['requestContext']['identity'],
      path: url.pathname,
      stage: 'local',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: matched.route.path,
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, result: APIGatewayProxyResult): void {
  // As API Gateway does: multiValueHeaders (several Set-Cookie) join the single-valued ones.
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  res.writeHead(result.statusCode, headers);
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}
