// Every console page, in one table: the router matches them in order.
import { authRoutes } from './auth.ts';
import { reviewRoutes } from './reviews.ts';
import { submissionRoutes } from './submissions.ts';
import { catalogueRoutes } from './catalogue.ts';
import { reportRoutes } from './reports.ts';
import { sourceRoutes } from './sources.ts';
import type { ConsoleRoute } from './router.ts';

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [...authRoutes, ...reviewRoutes, ...submissionRoutes, ...catalogueRoutes, ...sourceRoutes, ...reportRoutes];
