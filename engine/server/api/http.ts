import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { RateLimiter } from './rate-limit.ts';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The client's IP: the socket's address, or the first X-Forwarded-For hop when trusted. */
export function clientIp(context: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = context.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return (context.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** The User-Agent header, cut to a sane length for storage. */
export function userAgent(context: Context): string | null {
  return context.req.header('user-agent')?.slice(0, 300) ?? null;
}

/**
 * True when the answer should be JSON: a JSON body, or an Accept that prefers JSON. Without
 * either, browsers (which send `Accept: text/html`) get pages and other `/api` clients JSON.
 */
export function wantsJson(context: Context): boolean {
  if (/^application\/([a-z.-]+\+)?json/i.test(context.req.header('content-type') ?? ''))
    return true;
  const accept = context.req.header('accept') ?? '';
  if (accept.includes('text/html')) return false;
  return accept.includes('application/json') || context.req.path.startsWith('/api/');
}

/** The uniform error body of every API response. */
export interface ApiError {
  error: { code: string; message: string; fields?: Record<string, string[]> };
}

/** Throws a 429 with Retry-After when `key` is over the limiter's allowance. */
export function enforceLimit(limiter: RateLimiter, key: string, now: Date): void {
  const verdict = limiter.hit(key, now.getTime());
  if (verdict.ok) return;
  throw new HTTPException(429, {
    message: `Too many attempts; try again in ${verdict.retryAfterSeconds} seconds.`,
    res: new Response(null, { headers: { 'Retry-After': String(verdict.retryAfterSeconds) } }),
  });
}
