import { readFileSync } from 'node:fs';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { protectedAdminRoutes } from './admin/admin-routes.ts';
import { loginRoutes } from './admin/login-routes.tsx';
import { ssoRoutes } from './admin/sso-routes.tsx';
import { createServerContext, type ServerContext, type ServerOptions } from './api/context.ts';
import { errorResponse } from './api/errors.ts';
import { stylesheetPath } from './api/page.tsx';
import { createRouter } from './api/router.ts';
import { siteOriginCors } from './api/site-origin-cors.ts';
import { subscribeRoutes } from './api/subscribe-routes.tsx';
import { apiV1UploadLimit } from './api-v1/integration-routes.ts';
import { apiV1Routes } from './api-v1/v1-routes.ts';
import { gatedRoutes } from './gated/gated-routes.tsx';
import {
  auditSlackRefusal,
  slackInteractionRoutes,
  slackInteractionsPath,
} from './gated/slack-interactions.ts';
import { publicationHistoryRoutes } from './publication-history.ts';
import { reportRoutes } from './reports/report-routes.tsx';

const stylesheet = readFileSync(new URL('./admin/admin.css', import.meta.url));

/** Largest questionnaire workbook an admin or sales user may upload. */
export const questionnaireUploadLimit = 5 * 1024 * 1024;

/** Largest accepted body of a public form or API call. */
export const apiBodyLimit = 32 * 1024;

/**
 * Redirects a GET or HEAD that found nothing at `/path/` to `/path`. The Location is
 * relative: it is built from the path alone, never from the Host header a client chose.
 */
const redirectTrailingSlash: MiddlewareHandler = async (context, next) => {
  await next();
  const { method, path } = context.req;
  if (context.res.status !== 404 || (method !== 'GET' && method !== 'HEAD')) return;
  if (path === '/' || !path.endsWith('/')) return;
  const url = new URL(context.req.url);
  // One leading slash at most, so the browser cannot read the Location as `//other-host`.
  const target = url.pathname.replace(/\/{2,}/g, '/').replace(/\/$/, '');
  context.res = context.redirect(`${target}${url.search}`, 301);
};

/** Builds the OpenAPI 3.1 document from the routes' zod schemas. */
function openApiDocument(api: ReturnType<typeof createRouter>, server: ServerContext) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Attest trust-center API',
      version: '1.0.0',
      description:
        'Public forms (subscriptions, gated-document requests, vulnerability reports) as JSON or form posts, and under `/api/v1` the API for integrators, authorised by an API token with scopes. Errors are always `{ error: { code, message, fields? } }`.',
      // The description is the organisation's, published with its trust center.
      license: { name: 'Proprietary', url: server.publicUrl },
    },
    servers: [{ url: server.publicUrl }],
  });
}

/**
 * The dynamic part of the trust center: `/api` (validated by zod, described at
 * `/api/openapi.json`), signed gated-document links and the admin area. Every
 * state-changing public route checks Origin / Sec-Fetch-Site; bodies are capped. Errors
 * thrown here reach the one `onError` of the app that mounts it (`createApp`).
 */
export function createServerApp(options: ServerOptions): Hono {
  const server = createServerContext(options);
  const app = new Hono();
  app.get(stylesheetPath, (context) =>
    context.body(stylesheet, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    }),
  );
  const refuse = async (context: Parameters<typeof errorResponse>[0]) => {
    const message = `The body is larger than ${apiBodyLimit / 1024} KiB.`;
    if (context.req.path === slackInteractionsPath)
      await auditSlackRefusal(server, context, `oversized payload: ${message}`);
    return errorResponse(context, 413, message);
  };
  app.use('/api/*', async (_context, next) => {
    server.mailer.busy();
    await next();
  });
  // What a request changed may have queued webhook deliveries: send them soon.
  app.use('*', async (context, next) => {
    await next();
    const { method, path } = context.req;
    if (method === 'POST' || path.startsWith('/documents/access/')) server.webhooks.kick();
  });
  const apiLimit = bodyLimit({ maxSize: apiBodyLimit, onError: refuse });
  // The integrators' API takes a questionnaire or a check report; everything else is small.
  const apiUploadLimit = bodyLimit({
    maxSize: apiV1UploadLimit,
    onError: (context) =>
      errorResponse(context, 413, `The body is larger than ${apiV1UploadLimit / 1024 / 1024} MiB.`),
  });
  const uploadPaths = new Set(['/api/v1/questionnaires/answer', '/api/v1/check-results']);
  app.use('/api/*', (context, next) =>
    uploadPaths.has(context.req.path) ? apiUploadLimit(context, next) : apiLimit(context, next),
  );
  const uploadLimit = bodyLimit({
    maxSize: questionnaireUploadLimit,
    onError: (context) =>
      errorResponse(
        context,
        413,
        `The file is larger than ${questionnaireUploadLimit / 1024 / 1024} MiB.`,
      ),
  });
  const formLimit = bodyLimit({ maxSize: apiBodyLimit, onError: refuse });
  app.use('/admin/*', (context, next) =>
    context.req.path === '/admin/questionnaires'
      ? uploadLimit(context, next)
      : formLimit(context, next),
  );
  // Same origin as the request, or the public origin (behind a TLS-terminating proxy the
  // request URL is the proxy's http one, while browsers send the public https origin).
  const publicOrigin = new URL(server.publicUrl).origin;
  const originCheck = csrf({
    origin: (origin, context) =>
      origin === new URL(context.req.url).origin || origin === publicOrigin,
  });
  app.use('/admin/*', originCheck);
  // /api alone also accepts the static export's origin (ATTEST_SITE_ORIGIN), never /admin.
  const apiOriginCheck = server.siteOrigin
    ? csrf({
        origin: (origin, context) =>
          origin === new URL(context.req.url).origin ||
          origin === publicOrigin ||
          origin === server.siteOrigin,
      })
    : originCheck;
  // `/admin/` and `/admin/requests/` are what people type; they redirect to the real pages.
  app.use('/admin/*', redirectTrailingSlash);
  app.use('/admin/*', async (context, next) => {
    await next();
    context.header('Cache-Control', 'no-store');
  });
  if (server.siteOrigin) app.use('/api/*', siteOriginCors(server.siteOrigin));
  app.use('/api/*', async (context, next) =>
    // RFC 8058: mail providers post one-click unsubscribes cross-site; the token authorises
    // it. /api/v1 takes only a bearer token, never a cookie: nothing ambient to forge. Slack
    // posts button clicks from its servers; its signature authorises them.
    context.req.path === '/api/unsubscribe' ||
    context.req.path.startsWith('/api/v1/') ||
    context.req.path === slackInteractionsPath
      ? next()
      : apiOriginCheck(context, next),
  );

  const api = createRouter();
  api.route('/', subscribeRoutes(server));
  api.route('/', gatedRoutes(server));
  api.route('/', reportRoutes(server));
  api.route('/', apiV1Routes(server));
  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get('/api/openapi.json', (context) => {
    document ??= openApiDocument(api, server);
    return context.json(document);
  });
  publicationHistoryRoutes(app, server);
  app.route('/', api);
  app.route('/', slackInteractionRoutes(server));
  app.all('/api/*', (context) => errorResponse(context, 404, 'There is nothing at this address.'));
  app.route('/', loginRoutes(server));
  app.route('/', ssoRoutes(server));
  app.route('/', protectedAdminRoutes(server));
  app.all('/admin/*', (context) =>
    errorResponse(context, 404, 'There is nothing at this address.'),
  );
  return app;
}
