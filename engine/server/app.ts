import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { securityHeaders } from './security-headers.ts';

export interface AppOptions {
  /** Directory holding the built static site. */
  siteDir: string;
  /** Body of /.well-known/security.txt, or undefined when there is no disclosure policy. */
  securityTxt: string | undefined;
}

/** The trust-center HTTP app: the static site plus security.txt, behind strict headers. */
export function createApp({ siteDir, securityTxt }: AppOptions): Hono {
  const app = new Hono();
  app.use('*', securityHeaders());
  app.get('/.well-known/security.txt', (context) =>
    securityTxt === undefined
      ? context.text('This organisation has not published a disclosure policy.\n', 404)
      : context.text(securityTxt, 200, { 'Cache-Control': 'public, max-age=3600' }),
  );
  app.use('*', serveStatic({ root: siteDir }));
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
