// GET /admin/openapi.json: the admin API as an OpenAPI 3.1 document, generated from what serves it:
// the paths from the function catalogue (what the gateway and API Gateway route), the roles from the
// permission table, request bodies and query parameters from the zod schemas the routes parse with
// (z.toJSONSchema). Nothing in it is written by hand apart from the error shape and the security scheme.
import { PERMISSIONS } from '@tessera/catalogue';
import * as z from 'zod';
import { API_ROUTES, type ApiRoute } from '../catalog.ts';
import type { AdminRoute, AdminRoutes } from '../shared/admin-router.ts';
import { json } from '../shared/http.ts';

/** Every route the gateway and API Gateway serve under /admin, whichever of the two admin functions runs it. */
export const ADMIN_API_ROUTES = API_ROUTES.filter((route) => route.path.startsWith('/admin/'));

/** What every 4xx answer of the admin API carries (functions/shared/http.ts errorResponse). */
export const ErrorBody = z
  .object({
    error: z.string().describe('a stable code: invalid_request, unauthorized, forbidden, not_found, conflict, unprocessable...'),
    message: z.string().describe('what is wrong, for people'),
    details: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('each bad field (400, 422)'),
    role: z.string().optional().describe('403: the first role that would be allowed'),
    roles: z.array(z.string()).optional().describe('403: every role that would be allowed'),
  })
  .describe('An error');

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

/** A request schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as a client sends it: input types,
 *  transforms left out; what JSON Schema cannot say (refinements) is checked by the route and said in its 400. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ERROR_RESPONSES = {
  '400': 'The request is malformed: `details` names each bad field',
  '401': 'No bearer token, or one Tessera does not know',
  '403': 'The caller’s roles do not allow this: `roles` names the ones that would (or the four-eyes rule refused)',
  '404': 'No such entity',
  '409': 'The request conflicts with the current state',
  '422': 'Well-formed but refers to something that cannot be acted on: `details` names it',
} as const;
type ErrorStatus = keyof typeof ERROR_RESPONSES;

/** The errors a route can answer with, from its shape: anyone can be refused (401, 403); a route
 *  that reads input can get it wrong (400); one with a path id can miss (404); a write can conflict. */
function errorStatuses(method: string, path: string, route: AdminRoute): ErrorStatus[] {
  const statuses: ErrorStatus[] = ['401', '403'];
  if (route.request?.body || route.request?.query || method !== 'GET') statuses.unshift('400');
  if (path.includes('{')) statuses.push('404');
  if (method !== 'GET') statuses.push('409', '422');
  return statuses;
}

const pathParameters = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));

/** Each property of the query schema as one `in: query` parameter. */
function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const object = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return { name, in: 'query', required: (object.required ?? []).includes(name), ...(description ? { description } : {}), schema: propertySchema };
  });
}

function requestBody(route: AdminRoute) {
  if (!route.request?.body) return undefined;
  const schema = jsonSchemaOf(route.request.body);
  const types = route.request.bodyTypes ?? ['application/json'];
  return {
    required: true,
    content: Object.fromEntries(types.map((type) => [type, { schema: type === 'application/json' ? schema : { type: 'string' } }])),
  };
}

/** `GET /admin/reports/{id}` → `getAdminReportsById`: stable, unique, readable. */
function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith('{') ? `by-${segment.slice(1, -1)}` : segment))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

function operation(method: string, path: string, route: AdminRoute): Operation {
  const roles = PERMISSIONS[route.action];
  const body = requestBody(route);
  return {
    operationId: operationId(method, path),
    summary: route.summary ?? route.action,
    description: `Action \`${route.action}\`: needs the role ${roles.join(' or ')}.`,
    tags: [path.split('/')[2] ?? 'admin'],
    'x-tessera-action': route.action,
    'x-tessera-roles': [...roles],
    parameters: [...pathParameters(path), ...queryParameters(route.request?.query)],
    ...(body ? { requestBody: body } : {}),
    responses: {
      '2XX': { description: 'Done: the entity or list asked for (JSON; a report may also be text/csv)' },
      ...Object.fromEntries(errorStatuses(method, path, route).map((status) => [status, { $ref: `#/components/responses/${status}` }])),
    },
  };
}

/**
 * The document for the admin routes the gateway serves (`catalogued`), each described by its entry
 * in `routes`. A catalogued route without an entry is an error: the two lists must agree.
 */
export function openApiDocument(routes: AdminRoutes, catalogued: readonly Pick<ApiRoute, 'method' | 'path'>[], options: { serverUrl?: string } = {}) {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const { method, path } of catalogued) {
    const route = routes[`${method} ${path}`];
    if (!route) throw new Error(`the gateway serves ${method} ${path} but the admin route table has no entry for it`);
    (paths[path] ??= {})[method.toLowerCase()] = operation(method, path, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tessera admin API',
      version: '1',
      description:
        'The catalogue (frameworks, achievements, stacks), users and roles, sources, the audit log, reports and credential status. Every request carries `Authorization: Bearer <token>`; each operation names the roles it needs.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A user token from POST /admin/users, TESSERA_ADMIN_TOKEN locally, or a Cognito ID token on AWS (its groups are the roles)',
        },
      },
      schemas: { Error: jsonSchemaOf(ErrorBody) },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, description]) => [
          status,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  };
}

/** The route, given the tables it describes (a thunk: they include this route). */
export const openApiRoutes = (routes: () => AdminRoutes): AdminRoutes => ({
  'GET /admin/openapi.json': {
    action: 'catalogue.read',
    summary: 'This document: the admin API as OpenAPI 3.1, generated from the route table and its zod schemas',
    async handle({ deps }) {
      // The admin API is served on the public origin (CloudFront's /admin/* behaviour; locally the same process).
      return json(200, openApiDocument(routes(), ADMIN_API_ROUTES, { serverUrl: deps.config.publicBaseUrl.replace(/\/+$/, '') }));
    },
  },
});
