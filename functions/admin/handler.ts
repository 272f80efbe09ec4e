// The admin function: GET /admin/submissions/{id}, GET /admin/reports/stuck and
// POST /admin/credentials/{id}/{revoke|suspend|unsuspend}, through the shared admin router.
import { createAdminHandler } from '../shared/admin-router.ts';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { ADMIN_ROUTES } from './routes.ts';

export const createHandler = (deps: () => Dependencies) => createAdminHandler(deps, ADMIN_ROUTES);

export const handler = createHandler(dependencies);
