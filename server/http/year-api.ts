import { Router } from 'express';
import type { ApiDeps } from './api-deps';
import { yearDelegateRoutes } from './year-delegate-routes';
import { yearRoutes } from './year-routes';

/** The body registry's endpoints (issue 12), when the app has a registry (app.ts always makes one). */
export function yearApi(deps: ApiDeps): Router {
  const router = Router();
  if (!deps.bodies) return router;
  router.use(yearRoutes(deps, deps.bodies));
  router.use(yearDelegateRoutes(deps, deps.bodies));
  return router;
}
