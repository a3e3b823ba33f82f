import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ServerContext } from '../api/context.ts';
import { errorResponse } from '../api/errors.ts';
import { cameOverTls } from '../api/http.ts';
import { type ActiveSession, absoluteTimeoutMs, readSession } from '../auth/sessions.ts';
import type { Role } from '../auth/users.ts';

/** The session cookie; scoped to /admin so the public site never sees it. */
export const sessionCookie = 'attest_session';

/** Hono environment of admin routes: the signed-in session. */
export type AdminEnv = { Variables: { admin: ActiveSession; organisation: string | undefined } };

/**
 * Sets the session cookie: HttpOnly, SameSite=Lax, Path=/admin, and Secure when the request
 * came over TLS (directly, or through a trusted proxy that says so in X-Forwarded-Proto).
 */
export function setSessionCookie(
  context: Context,
  token: string,
  trustProxy: boolean | number,
): void {
  setCookie(context, sessionCookie, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: cameOverTls(context, trustProxy),
    path: '/admin',
    maxAge: absoluteTimeoutMs / 1000,
  });
}

export function clearSessionCookie(context: Context): void {
  deleteCookie(context, sessionCookie, { path: '/admin' });
}

/**
 * The organisation's name for the brand header of admin pages; a snapshot that cannot load
 * (before the first build) leaves it out.
 */
export async function organisationName(server: ServerContext): Promise<string | undefined> {
  const snapshot = await server.getSnapshot().catch(() => undefined);
  return snapshot?.organisation.name;
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Lets a request through only with a live, fully verified session whose role is listed.
 * No session → the sign-in page; second factor pending → its page; wrong role → 403.
 * POSTs must also carry the session's form token.
 */
export function requireRole(
  server: ServerContext,
  roles: readonly Role[],
): MiddlewareHandler<AdminEnv> {
  return async (context, next) => {
    const token = getCookie(context, sessionCookie);
    const active = token ? await readSession(server.store, token, server.now()) : undefined;
    if (!active) {
      if (token) clearSessionCookie(context);
      return context.redirect('/admin/login', 303);
    }
    if (!active.session.verifiedAt) return context.redirect('/admin/login/totp', 303);
    if (!roles.includes(active.user.role)) {
      return errorResponse(
        context,
        403,
        'Your role does not allow this. Ask an admin if you need it.',
      );
    }
    if (context.req.method === 'POST') {
      const body = await context.req.parseBody();
      const given = typeof body._csrf === 'string' ? body._csrf : '';
      if (!sameToken(given, active.session.csrfToken)) {
        return errorResponse(context, 403, 'This form has expired. Reload the page and try again.');
      }
    }
    context.set('admin', active);
    context.set('organisation', await organisationName(server));
    await next();
    return undefined;
  };
}
