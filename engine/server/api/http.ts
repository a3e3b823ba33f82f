import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { RateLimiter } from './rate-limit.ts';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * How many proxies the operator runs in front of the server: `true` is one, `false` none.
 * Anything that reads forwarded headers trusts only what those proxies wrote.
 */
export function proxyHops(trustProxy: boolean | number): number {
  if (trustProxy === true) return 1;
  if (trustProxy === false || !Number.isInteger(trustProxy) || trustProxy < 0) return 0;
  return trustProxy;
}

/**
 * The client's IP: the socket's address or, behind `trustProxy` proxies of the operator's
 * own, the address the outermost of them saw. Each proxy appends the address it received
 * the request from to `X-Forwarded-For`, so that address is the `trustProxy`-th entry from
 * the right; entries further left were written by the client and can say anything. With
 * fewer entries than proxies (a request that bypassed one), the socket's address is used.
 */
export function clientIp(context: Context, trustProxy: boolean | number): string {
  const socket =
    (context.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
  const hops = proxyHops(trustProxy);
  if (hops === 0) return socket;
  const forwarded = (context.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim());
  if (forwarded.length < hops) return socket;
  return forwarded[forwarded.length - hops] || socket;
}

/**
 * Whether the request came over TLS: its own URL is https, or the operator's proxy (only
 * trusted with `trustProxy`) terminated TLS and says so in `X-Forwarded-Proto`. Of a list,
 * the rightmost value is the one the nearest proxy wrote.
 */
export function cameOverTls(context: Context, trustProxy: boolean | number): boolean {
  if (new URL(context.req.url).protocol === 'https:') return true;
  if (proxyHops(trustProxy) === 0) return false;
  const forwarded = context.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim();
  return forwarded?.toLowerCase() === 'https';
}

/** The User-Agent header, cut to a sane length for storage. */
export function userAgent(context: Context): string | null {
  return context.req.header('user-agent')?.slice(0, 300) ?? null;
}

/**
 * True when the answer should be JSON: anything under `/api/v1`, a JSON body, or an Accept
 * that prefers JSON. Without either, browsers (which send `Accept: text/html`) get pages and
 * other `/api` clients JSON.
 */
export function wantsJson(context: Context): boolean {
  // The integrators' API answers programs only, whatever they accept.
  if (context.req.path.startsWith('/api/v1/')) return true;
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
export async function enforceLimit(limiter: RateLimiter, key: string, now: Date): Promise<void> {
  const verdict = await limiter.hit(key, now.getTime());
  if (verdict.ok) return;
  throw new HTTPException(429, {
    message: `Too many attempts; try again in ${verdict.retryAfterSeconds} seconds.`,
    res: new Response(null, { headers: { 'Retry-After': String(verdict.retryAfterSeconds) } }),
  });
}
