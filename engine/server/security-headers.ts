import type { MiddlewareHandler } from 'hono';
import { securityHeaderTable, strictTransportSecurity } from '../render/security-headers.ts';
import { cameOverTls } from './api/http.ts';

/**
 * Sets strict security headers on every response (the one table in
 * engine/render/security-headers.ts, which the static export's header files share); HSTS
 * only when the request came over TLS, directly or (with `trustProxy`) through the
 * operator's proxy that says so in `X-Forwarded-Proto`.
 */
export function securityHeaders({
  trustProxy,
}: {
  trustProxy: boolean | number;
}): MiddlewareHandler {
  const table = securityHeaderTable();
  return async (context, next) => {
    await next();
    const headers = context.res.headers;
    for (const [name, value] of table) headers.set(name, value);
    if (cameOverTls(context, trustProxy)) {
      headers.set('Strict-Transport-Security', strictTransportSecurity);
    }
  };
}
