import type { Hono } from 'hono';
import type { ServerContext } from './api/context.ts';

/**
 * `GET /publications/<n>.json`: the exact trust.json of publication n of the public history,
 * from the store, so every past publication stays retrievable however DIST was pruned or
 * rebuilt. A number that was never published is a 404.
 */
export function publicationHistoryRoutes(app: Hono, server: ServerContext): void {
  app.get('/publications/:file{[0-9]{1,9}\\.json}', async (context) => {
    const number = Number(context.req.param('file').replace(/\.json$/, ''));
    const entry = await server.store.publications.chainEntry(number);
    if (!entry) return context.text(`No publication ${number} was published.\n`, 404);
    return context.body(entry.trustJson, 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'public, max-age=86400, immutable',
    });
  });
}
