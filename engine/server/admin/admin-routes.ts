import { Hono } from 'hono';
import type { ServerContext } from '../api/context.ts';
import { insightRoutes } from './insight-pages.tsx';
import { mailPageRoutes } from './mail-pages.tsx';
import { overviewRoutes } from './overview-pages.tsx';
import { questionnaireRoutes } from './questionnaire-routes.tsx';
import { reportPageRoutes } from './report-pages.tsx';
import { requestRoutes } from './request-pages.tsx';
import type { AdminRoute } from './route-helpers.ts';
import { type AdminEnv, requireRole } from './session-middleware.ts';
import { tokenRoutes } from './token-pages.tsx';
import { userRoutes } from './user-pages.tsx';
import { webhookRoutes } from './webhook-pages.tsx';

export type { AdminRoute } from './route-helpers.ts';

/** Every protected route, pages and questionnaires together (what the role test walks). */
export function adminRouteTable(): AdminRoute[] {
  return [
    ...overviewRoutes,
    ...insightRoutes,
    ...requestRoutes,
    ...reportPageRoutes,
    ...mailPageRoutes,
    ...userRoutes,
    ...tokenRoutes,
    ...webhookRoutes,
    ...questionnaireRoutes,
  ];
}

/** The protected admin area: each route behind its role check and the session's form token. */
export function protectedAdminRoutes(server: ServerContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  for (const route of adminRouteTable()) {
    app.on(route.method, route.path, requireRole(server, route.roles), (context) =>
      route.handler(context, server),
    );
  }
  return app;
}
