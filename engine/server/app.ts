import { Hono } from 'hono';
import type { ServerOptions } from './api/context.ts';
import { createServerApp } from './api/create-server-app.ts';
import { DistFiles } from './dist-files.ts';
import { securityHeaders } from './security-headers.ts';

export interface AppOptions {
  /** The published DIST directory (a link that `attest build` swaps atomically). */
  distDir: string;
  /** The store, mailer and secret behind /api, signed document links and /admin. */
  server?: ServerOptions;
}

/**
 * The trust-center HTTP app: the published DIST behind strict security headers, served
 * from memory with ETags and precompressed (brotli, gzip) bodies. A new publication is
 * served as soon as DIST is swapped.
 */
export function createApp({ distDir, server }: AppOptions): Hono {
  const files = new DistFiles(distDir);
  const app = new Hono();
  app.use('*', securityHeaders());
  if (server) app.route('/', createServerApp(server));
  app.on(['GET', 'HEAD'], '*', async (context, next) => {
    const file = await files.get(context.req.path);
    if (!file) return next();
    const headers: Record<string, string> = {
      'Content-Type': file.contentType,
      ETag: file.etag,
      Vary: 'Accept-Encoding',
      'Cache-Control': file.contentType.startsWith('text/html')
        ? 'no-cache'
        : 'public, max-age=300',
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
  });
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
