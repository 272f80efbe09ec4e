// The admin functions' route tables against the function catalogue (what the gateway and API Gateway
// serve) and against the roles: each route performs the action written here by hand, and the
// router lets a role through exactly when the catalogue's permission table allows that action.
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { authorize, ROLES, type Action } from '@tessera/catalogue';
import { loadConfig } from '@tessera/core';
import { FUNCTIONS } from '../catalog.ts';
import { ADMIN_ROUTES } from '../admin/routes.ts';
import { BULK_ROUTES } from '../bulk/routes.ts';
import { CATALOGUE_ROUTES } from '../catalogue/routes.ts';
import { createAdminHandler, type AdminRoutes } from './admin-router.ts';
import { createDependencies } from './dependencies.ts';
import type { HttpRequest } from './http.ts';

/** Written out from the issue, apart from the code, so a slip in either shows. */
const EXPECTED_ACTIONS: Record<string, Action> = {
  'GET /admin/submissions/{id}': 'submission.read',
  'GET /admin/reports/stuck': 'report.read',
  'GET /admin/reports/summary': 'report.read',
  'GET /admin/openapi.json': 'catalogue.read',
  'POST /admin/credentials/{id}/revoke': 'credential.revoke',
  'POST /admin/credentials/{id}/suspend': 'credential.suspend',
  'POST /admin/credentials/{id}/unsuspend': 'credential.suspend',
  'POST /admin/users': 'user.create',
  'GET /admin/users': 'user.read',
  'GET /admin/users/{id}': 'user.read',
  'POST /admin/sources': 'source.manage',
  'GET /admin/sources': 'source.read',
  'GET /admin/sources/{id}': 'source.read',
  'PATCH /admin/sources/{id}': 'source.manage',
  'POST /admin/sources/{id}/rotate': 'source.manage',
  'GET /admin/sources/{id}/events': 'source.read',
  'POST /admin/sources/{id}/learners': 'source.manage',
  'POST /admin/sources/{id}/replay': 'source.manage',
  'GET /admin/audit': 'audit.read',
  'POST /admin/frameworks': 'framework.import',
  'GET /admin/frameworks': 'catalogue.read',
  'GET /admin/frameworks/{id}': 'catalogue.read',
  'POST /admin/achievements': 'achievement.draft',
  'GET /admin/achievements': 'catalogue.read',
  'GET /admin/achievements/{id}': 'catalogue.read',
  'PATCH /admin/achievements/{id}': 'achievement.draft',
  'POST /admin/achievements/{id}/publish': 'achievement.publish',
  'POST /admin/achievements/{id}/retire': 'achievement.retire',
  'POST /admin/stacks': 'stack.draft',
  'GET /admin/stacks': 'catalogue.read',
  'GET /admin/stacks/{id}': 'catalogue.read',
  'PATCH /admin/stacks/{id}': 'stack.draft',
  'POST /admin/stacks/{id}/publish': 'stack.publish',
  'POST /admin/stacks/{id}/retire': 'stack.retire',
  'GET /admin/earners/{email}/credentials': 'earner.read',
  'POST /admin/bulk': 'bulk.submit',
  'GET /admin/bulk/{batchId}': 'bulk.read',
};

const SERVED: Record<'admin' | 'catalogue' | 'bulk', AdminRoutes> = { admin: ADMIN_ROUTES, catalogue: CATALOGUE_ROUTES, bulk: BULK_ROUTES };
const ALL_ROUTES: AdminRoutes = { ...ADMIN_ROUTES, ...CATALOGUE_ROUTES, ...BULK_ROUTES };

describe('the admin route tables', () => {
  it.each(Object.keys(SERVED) as Array<keyof typeof SERVED>)('%s serves exactly the routes of its record in the function catalogue', (name) => {
    const catalogued = FUNCTIONS[name].routes.map((route) => `${route.method} ${route.path}`).sort();
    expect(Object.keys(SERVED[name]).sort()).toEqual(catalogued);
  });

  it('leaves no /admin route of the catalogue to another function', () => {
    const elsewhere = Object.entries(FUNCTIONS).flatMap(([name, record]) =>
      name in SERVED ? [] : record.routes.filter((route) => route.path.startsWith('/admin')).map((route) => `${name}: ${route.path}`),
    );
    expect(elsewhere).toEqual([]);
  });

  it.each(Object.entries(EXPECTED_ACTIONS))('%s performs %s', (route, action) => {
    expect(ALL_ROUTES[route]?.action).toBe(action);
  });

  it('has an expected action for every route', () => {
    expect(Object.keys(ALL_ROUTES).sort()).toEqual(Object.keys(EXPECTED_ACTIONS).sort());
  });
});

const context = { awsRequestId: 'test', functionName: 'admin' } as Context;
const deps = createDependencies(
  loadConfig({
    TESSERA_TABLE_NAME: 'tessera',
    TESSERA_PUBLIC_BASE_URL: 'https://badges.example.edu',
    TESSERA_ADMIN_EMAIL: 'admin@example.edu',
    TESSERA_MAIL_FROM: 'badges@example.edu',
    TESSERA_SIGNER: 'kms',
    TESSERA_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:111122223333:key/1',
    TESSERA_MAILER: 'ses',
    TESSERA_PUBLIC_SITE: 's3',
    TESSERA_PUBLIC_BUCKET: 'public',
    TESSERA_WORKFLOW: 'sfn',
    TESSERA_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:111122223333:stateMachine:issuance',
  }),
);

describe('the router', () => {
  // One route per action, answering 200 when it runs: the router alone decides 403.
  const probe: AdminRoutes = Object.fromEntries(
    Object.entries(EXPECTED_ACTIONS).map(([route, action]) => [route, { action, handle: async () => ({ statusCode: 200, body: '{}' }) }]),
  );
  const handler = createAdminHandler(() => deps, probe);
  const request = (route: string, groups: string) => {
    const [httpMethod, resource] = route.split(' ') as [string, string];
    return { httpMethod, resource, path: resource, headers: {}, requestContext: { authorizer: { claims: { sub: 'u', 'cognito:groups': groups } } } } as unknown as HttpRequest;
  };
  const pairs = Object.entries(EXPECTED_ACTIONS).flatMap(([route, action]) => ROLES.map((role) => ({ route, action, role, allowed: authorize([role], action).ok })));

  it.each(pairs)('$role on $route: allowed $allowed', async ({ route, role, allowed }) => {
    const response = await handler(request(route, role), context);
    expect(response.statusCode).toBe(allowed ? 200 : 403);
  });

  it('answers 404 for an admin path it has no route for', async () => {
    const response = await handler(request('DELETE /admin/users/{id}', 'admin'), context);
    expect(response.statusCode).toBe(404);
  });
});
