// The admin API: every /admin route. Authenticate the caller (401), authorize the route's action
// for their roles (403 naming the roles that would do), then run the route (functions/admin/routes.ts).
import { authorize, assertAllowed } from '@tessera/catalogue';
import { NotFoundError } from '@tessera/core';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { header, httpHandler, rawBody } from '../shared/http.ts';
import { ADMIN_ROUTES, type AdminRoutes } from './routes.ts';

export const createHandler = (deps: () => Dependencies, routes: AdminRoutes = ADMIN_ROUTES) =>
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

export const handler = createHandler(dependencies);
