import { type Context, Hono } from 'hono';
import type { ServerOptions } from './api/context.ts';
import { handleError } from './api/errors.ts';
import { ViewCounter } from './api/view-counter.ts';
import { createServerApp } from './create-server-app.ts';
import { DistFiles } from './dist-files.ts';
import { securityHeaders } from './security-headers.ts';
import type { ServedFile } from './served-file.ts';
import type { SitePages } from './site-pages.ts';

export interface AppOptions {
  /** The published DIST directory (a link that `attest build` swaps atomically). */
  distDir: string;
  /** Pages rendered on request from the current snapshot; without it DIST's HTML is served. */
  pages?: Pick<SitePages, 'get'>;
  /** Browser assets of the server-rendered site (stylesheets, scripts). */
  assetsDir?: string;
  /** The store, mailer and secret behind /api, signed document links and /admin. */
  server?: ServerOptions;
}

/**
 * A path with empty segments (`//host/controls/x`, `/controls//x`) as its single-slash
 * form, so that each page has one address: the redirect is relative and always starts with
 * exactly one slash, so it never leads to another host.
 */
export function collapseSlashes(path: string): string {
  return path.replace(/\/{2,}/g, '/');
}

/** User agents that declare themselves crawlers, monitors or link previews: not counted as views. */
const selfDeclaredBot =
  /bot\b|bot\/|crawl|spider|slurp|facebookexternalhit|embedly|preview|monitor|uptime|lighthouse/i;

/** Sends a prepared body with its validator, compressed as the client accepts. */
function send(context: Context, file: ServedFile): Response {
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    ETag: file.etag,
    Vary: 'Accept-Encoding',
    'Cache-Control': file.contentType.startsWith('text/html') ? 'no-cache' : 'public, max-age=300',
  };
  if (context.req.header('if-none-match') === file.etag) return context.body(null, 304, headers);
  const accepts = context.req.header('accept-encoding') ?? '';
  let body = file.body;
  if (file.brotli && /\bbr\b/.test(accepts)) {
    body = file.brotli;
    headers['Content-Encoding'] = 'br';
  } else if (file.gzip && /\bgzip\b/.test(accepts)) {
    body = file.gzip;
    headers['Content-Encoding'] = 'gzip';
  }
  return context.body(body as Uint8Array<ArrayBuffer>, 200, headers);
}

/**
 * The trust-center HTTP app behind strict security headers: pages rendered by Astro from the
 * current snapshot (cached until the snapshot changes), then the published DIST (feeds,
 * security.txt, documents) and the site's assets, all from memory with ETags and
 * precompressed (brotli, gzip) bodies. A new publication is served as soon as it exists.
 * Every error ends in one handler: JSON for /api, an error page for pages, logged once.
 */
export function createApp({ distDir, pages, assetsDir, server: options }: AppOptions): Hono {
  // One counter for the pages served here and the admin's insight page that reads it.
  const server = options && {
    ...options,
    viewCounter:
      options.viewCounter ??
      new ViewCounter(options.store.viewCounts, options.now ? { now: options.now } : {}),
  };
  const dist = new DistFiles(distDir);
  const assets = assetsDir ? new DistFiles(assetsDir) : undefined;
  const app = new Hono();
  app.use('*', securityHeaders({ trustProxy: server?.trustProxy ?? false }));
  app.use('*', async (context, next) => {
    const url = new URL(context.req.url);
    if (!url.pathname.includes('//')) return next();
    return context.redirect(`${collapseSlashes(url.pathname)}${url.search}`, 301);
  });
  if (server) app.route('/', createServerApp(server));
  app.on(['GET', 'HEAD'], '*', async (context, next) => {
    const page = await pages?.get(new URL(context.req.url));
    if (page?.ok) return counted(context, send(context, page.file), page.file);
    // A published file wins over a page's 404: `/documents/dpa.pdf` also fits `/documents/[id]`.
    const published = await dist.get(context.req.path);
    if (published) return counted(context, send(context, published), published);
    const file = await assets?.get(context.req.path);
    if (file) return send(context, file);
    return page ? page.response : next();
  });
  /**
   * Counts a page view (HTML) or a public document download (under /documents/) that was
   * sent in full to a GET: never a HEAD, a 304 revalidation or an error, never an asset.
   */
  const counted = (context: Context, response: Response, file: ServedFile) => {
    if (!server || context.req.method !== 'GET' || response.status < 200 || response.status > 299)
      return response;
    // Crawlers and link previews say who they are; they are not readers. (Only looked at.)
    if (selfDeclaredBot.test(context.req.header('user-agent') ?? '')) return response;
    const path = context.req.path;
    if (file.contentType.startsWith('text/html')) server.viewCounter.count(path, 'page');
    else if (path.startsWith('/documents/')) server.viewCounter.count(path, 'file');
    return response;
  };
  app.notFound((context) => context.text('Not found\n', 404));
  // The one error handler, for pages and /api alike (the server's routes throw up to it).
  app.onError(handleError);
  return app;
}
