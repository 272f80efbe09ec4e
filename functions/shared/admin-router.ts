// The router of the /admin API, shared by the two functions that serve it: `admin` (submissions and
// credential status: it signs status lists) and `catalogue` (the catalogue, users, sources, the audit
// log, reports: it never signs). Each function hands in its own route table; a route names the
// governed action it performs (packages/catalogue/src/roles.ts), which is authorized here before the
// route runs. Authenticate (401), authorize (403 naming the roles that would do), run.
import { authorize, assertAllowed, type Action, type Actor } from '@tessera/catalogue';
import { NotFoundError } from '@tessera/core';
import type * as z from 'zod';
import type { Dependencies } from './dependencies.ts';
import { header, httpHandler, rawBody, type HttpRequest, type HttpResponse } from './http.ts';

/** One admin request, authenticated and authorized for its route's action. */
export type AdminCall = {
  deps: Dependencies;
  actor: Actor;
  request: HttpRequest;
  /** Path parameters, decoded. */
  params: Record<string, string>;
  query: Record<string, string>;
  /** The raw body (JSON, CSV...). */
  body: string;
  /** The request's media type, lower-cased, without parameters ('' when absent). */
  contentType: string;
};

export type AdminRoute = {
  /** What the route does, in the catalogue's permission table: the caller's roles must allow it. */
  action: Action;
  /** One line for people, shown in the OpenAPI document (GET /admin/openapi.json). */
  summary?: string;
  /** The zod schemas the handler parses its request with: the OpenAPI document is generated from
   *  them, so it cannot say something the route does not check. `bodyTypes` are the media types it
   *  takes (default application/json). */
  request?: { body?: z.ZodType; bodyTypes?: readonly string[]; query?: z.ZodType };
  handle(call: AdminCall): Promise<HttpResponse>;
};

/** Keyed `<METHOD> <path>` with the path exactly as in functions/catalog.ts. */
export type AdminRoutes = Record<string, AdminRoute>;

export const createAdminHandler = (deps: () => Dependencies, routes: AdminRoutes) =>
  httpHandler(async (event) => {
    const actor = await deps().adminAuthenticator.authenticate(event);
    const route = routes[`${event.httpMethod} ${event.resource}`];
    if (!route) throw new NotFoundError(`no admin route ${event.httpMethod} ${event.resource}`);
    assertAllowed(authorize(actor.roles, route.action));
    return route.handle({
      deps: deps(),
      actor,
      request: event,
      params: defined(event.pathParameters),
      query: defined(event.queryStringParameters),
      body: rawBody(event),
      contentType: (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase(),
    });
  });

/** Path and query parameters arrive decoded (API Gateway and the local gateway alike). */
function defined(values: Record<string, string | undefined> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
