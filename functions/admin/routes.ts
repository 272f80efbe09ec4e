// The admin function's routes: where a submission stands, what the reconciler would repair, and a
// credential's status (revoke, suspend, reinstate: the status list is re-signed, so this function
// may sign). The catalogue's routes are the catalogue function's (functions/catalogue/routes.ts).
import type { AdminRoutes } from '../shared/admin-router.ts';
import { credentialRoutes } from './credential-status.ts';
import { submissionRoutes } from './submissions.ts';

export const ADMIN_ROUTES: AdminRoutes = {
  ...submissionRoutes,
  ...credentialRoutes,
};
