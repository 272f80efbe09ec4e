// The catalogue function: the /admin routes of the catalogue, users, sources and the audit log
// (functions/catalogue/routes.ts), through the shared admin router.
import { createAdminHandler } from '../shared/admin-router.ts';
import { dependencies, type Dependencies } from '../shared/dependencies.ts';
import { CATALOGUE_ROUTES } from './routes.ts';

export const createHandler = (deps: () => Dependencies) => createAdminHandler(deps, CATALOGUE_ROUTES);

export const handler = createHandler(dependencies);
