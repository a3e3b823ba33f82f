import type { MiddlewareHandler } from 'hono';
import { cameOverTls } from './api/http.ts';

/**
 * The Content-Security-Policy of every response: nothing inline, nothing from elsewhere,
 * no framing.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Sets strict security headers on every response; HSTS only when the request came over TLS,
 * directly or (with `trustProxy`) through the operator's proxy that says so in
 * `X-Forwarded-Proto`.
 */
export function securityHeaders({
  trustProxy,
}: {
  trustProxy: boolean | number;
}): MiddlewareHandler {
  return async (context, next) => {
    await next();
    const headers = context.res.headers;
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (cameOverTls(context, trustProxy)) {
      headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
  };
}
