// The admin API's route table: each route (method and path as in functions/catalog.ts) names the
// governed action it performs, which the handler authorizes before the route runs, and the thin
// function that runs it. Each area keeps its routes in its own file; this file only gathers them.
import type { Action, Actor } from '@tessera/catalogue';
import type { z } from 'zod';
import type { Dependencies } from '../shared/dependencies.ts';
import type { HttpRequest, HttpResponse } from '../shared/http.ts';
import { auditRoutes } from './audit.ts';
import { credentialRoutes } from './credential-status.ts';
import { openApiRoutes } from './openapi.ts';
import { reportRoutes } from './reports.ts';
import { sourceRoutes } from './sources.ts';
import { submissionRoutes } from './submissions.ts';
import { userRoutes } from './users.ts';

/** One admin request, authenticated and authorized for its route's action. */
export type AdminCall = {
  deps: Dependencies;
  actor: Actor;
  request: HttpRequest;
  /** Path parameters, URI-decoded. */
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

export const ADMIN_ROUTES: AdminRoutes = {
  ...submissionRoutes,
  ...credentialRoutes,
  ...userRoutes,
  ...sourceRoutes,
  ...auditRoutes,
  ...reportRoutes,
  ...openApiRoutes(() => ADMIN_ROUTES),
};
