import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';
import { securityHeaders } from './security-headers.ts';

export interface AppOptions {
  /** The published DIST directory (a link that `attest build` swaps atomically). */
  distDir: string;
}


/**
 * The trust-center HTTP app: the published DIST behind strict security headers, with
 * ETags and compression. Files are looked up per request, so a new publication is served
 * as soon as DIST is swapped.
 */
export function createApp({ distDir }: AppOptions): Hono {
  const app = new Hono();
  app.use('*', securityHeaders());
  app.use('*', compress());
  app.use('*', etag());
  app.use('*', async (context, next) => {
    await next();
    // The static handler does not know Atom; feeds readers expect its own media type.
    if (context.req.path.endsWith('.atom') && context.res.status === 200) {
      context.res.headers.set('Content-Type', 'application/atom+xml; charset=utf-8');
    }
  });
  app.use(
    '*',
    serveStatic({
      root: distDir,
      onFound: (path, context) => {
        context.header(
          'Cache-Control',
          path.endsWith('.html') ? 'no-cache' : 'public, max-age=300',
        );
      },
    }),
  );
  app.notFound((context) => context.text('Not found\n', 404));
  app.onError((error, context) => {
    console.error(error);
    return context.json(
      { error: { code: 'internal', message: 'Something went wrong on our side.' } },
      500,
    );
  });
  return app;
}
