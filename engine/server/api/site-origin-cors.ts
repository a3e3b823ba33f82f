import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** How long a browser may cache a preflight's answer (10 minutes). */
const preflightMaxAge = 600;

/**
 * CORS for the static export's origin (`ATTEST_SITE_ORIGIN`) on `/api`: a request whose
 * Origin is exactly `siteOrigin` gets `Access-Control-Allow-Origin: <siteOrigin>` and its
 * preflight the methods and headers the API takes; a request from any other origin gets no
 * CORS header at all (its preflight falls through to the routes, which have no OPTIONS).
 * Every response says `Vary: Origin`, so no cache hands one origin's answer to another.
 */
export function siteOriginCors(siteOrigin: string): MiddlewareHandler {
  const allow = cors({
    origin: siteOrigin,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Accept'],
    maxAge: preflightMaxAge,
  });
  return async (context, next) => {
    if (context.req.header('origin') === siteOrigin) return allow(context, next);
    await next();
    context.header('Vary', 'Origin', { append: true });
  };
}
