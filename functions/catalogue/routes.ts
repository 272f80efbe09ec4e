// The catalogue function's routes: the system of record (frameworks, achievements, stacks), who may
// use it (users), who may post to it (sources), and its audit log. It never signs.
import type { AdminRoutes } from '../shared/admin-router.ts';
import { ADMIN_ROUTES } from '../admin/routes.ts';
import { BULK_ROUTES } from '../bulk/routes.ts';
import { achievementRoutes } from './achievements.ts';
import { auditRoutes } from './audit.ts';
import { deliveryRoutes } from './deliveries.ts';
import { earnerRoutes } from './earners.ts';
import { frameworkRoutes } from './frameworks.ts';
import { openApiRoutes } from './openapi.ts';
import { reportRoutes } from './reports.ts';
import { sourceRoutes } from './sources.ts';
import { stackRoutes } from './stacks.ts';
import { userRoutes } from './users.ts';

export const CATALOGUE_ROUTES: AdminRoutes = {
  ...userRoutes,
  ...sourceRoutes,
  ...deliveryRoutes,
  ...auditRoutes,
  ...frameworkRoutes,
  ...achievementRoutes,
  ...stackRoutes,
  ...earnerRoutes,
  ...reportRoutes,
  // The document describes every admin function's routes.
  ...openApiRoutes(() => ({ ...ADMIN_ROUTES, ...CATALOGUE_ROUTES, ...BULK_ROUTES })),
};
