// The generated OpenAPI document against what the gateway serves and against the OpenAPI 3.1
// schema itself (an independent validator, offline), and its parts against the zod schemas they
// are generated from.
import { Validator } from '@seriousme/openapi-schema-validator';
import { CreateUserRequest, PERMISSIONS } from '@tessera/catalogue';
import { describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../admin/routes.ts';
import { BULK_ROUTES } from '../bulk/routes.ts';
import { API_ROUTES } from '../catalog.ts';
import { ADMIN_API_ROUTES, jsonSchemaOf, openApiDocument } from './openapi.ts';
import { CATALOGUE_ROUTES } from './routes.ts';

/** Both admin functions' routes, as the catalogue function's route describes them. */
const ROUTES = { ...ADMIN_ROUTES, ...CATALOGUE_ROUTES, ...BULK_ROUTES };
const document = openApiDocument(ROUTES, ADMIN_API_ROUTES, { serverUrl: 'https://api.example.edu/prod' });
type Operation = {
  operationId: string;
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, unknown>;
  'x-tessera-roles': string[];
};
const operation = (method: string, path: string) => (document.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

describe('the OpenAPI document', () => {
  it('describes every route the gateway serves under /admin (of the three admin functions), and nothing else', () => {
    // Prepare
    const served = API_ROUTES.filter((route) => route.path.startsWith('/admin')).map((route) => `${route.method} ${route.path}`);

    // Act
    const described = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));

    // Assess
    expect(new Set(API_ROUTES.filter((route) => route.path.startsWith('/admin')).map((route) => route.function))).toEqual(new Set(['admin', 'catalogue', 'bulk']));
    expect(served.length).toBeGreaterThan(10);
    expect(described.sort()).toEqual(served.sort());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    // Act
    const result = await new Validator().validate(structuredClone(document));

    // Assess
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is refused by the same validator when broken, so the check above can fail', async () => {
    const broken = structuredClone(document) as Record<string, unknown>;
    (broken.paths as Record<string, Record<string, Record<string, unknown>>>)['/admin/audit']!.get!.responses = 'none';
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('takes request bodies and query parameters from the zod schemas the routes parse with', () => {
    // Act
    const createUser = operation('POST', '/admin/users')!;
    const audit = operation('GET', '/admin/audit')!;
    const summary = operation('GET', '/admin/reports/summary')!;

    // Assess
    expect(createUser.requestBody!.content['application/json']!.schema).toEqual(jsonSchemaOf(CreateUserRequest));
    expect(createUser.requestBody!.content['application/json']!.schema).toMatchObject({ required: ['email', 'name', 'roles'], additionalProperties: false });
    expect(audit.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ['entity', 'query', false],
      ['entityId', 'query', false],
      ['since', 'query', false],
      ['after', 'query', false],
      ['limit', 'query', false],
    ]);
    expect(summary.parameters.find((p) => p.name === 'format')!.schema).toEqual({ type: 'string', enum: ['json', 'csv'] });
  });

  it('names path parameters, the roles of each operation, bearer security and the error shape', () => {
    // Act
    const rotate = operation('POST', '/admin/sources/{id}/rotate')!;

    // Assess
    expect(rotate.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(rotate['x-tessera-roles']).toEqual([...PERMISSIONS['source.manage']]);
    expect(rotate.responses['403']).toEqual({ $ref: '#/components/responses/403' });
    expect(rotate.responses['404']).toEqual({ $ref: '#/components/responses/404' });
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.schemas.Error).toMatchObject({ required: ['error', 'message'], properties: { roles: { type: 'array' } } });
  });

  it('gives each operation its own id', () => {
    const ids = Object.values(document.paths).flatMap((methods) => Object.values(methods as Record<string, Operation>).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(operation('POST', '/admin/sources/{id}/rotate')!.operationId).toBe('postAdminSourcesByIdRotate');
  });

  it('refuses to describe a served route the route table has no entry for', () => {
    expect(() => openApiDocument(ROUTES, [...ADMIN_API_ROUTES, { method: 'GET', path: '/admin/nothing' }])).toThrow(/GET \/admin\/nothing/);
  });
});
