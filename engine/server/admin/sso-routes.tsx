/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { appendAudit } from '../../audit/audit-log.ts';
import { type ServerContext, ssoCallbackPath } from '../api/context.ts';
import { cameOverTls, clientIp, enforceLimit, userAgent } from '../api/http.ts';
import { errorResponse } from '../api/errors.ts';
import { type SsoAttempt, SsoError } from '../auth/oidc-client.ts';
import { createSession, sweepSessions } from '../auth/sessions.ts';
import { signToken, verifyToken } from '../auth/signed-token.ts';
import { decideSsoSignIn } from '../auth/sso-identity.ts';
import { userByEmail } from '../auth/users.ts';
import { setSessionCookie } from './session-middleware.ts';

/** Where the "Sign in with SSO" button leads. */
export const ssoStartPath = '/admin/sso/start';

/** The cookie that carries one attempt's state, nonce and PKCE verifier, signed, for 10 minutes. */
const attemptCookie = 'attest_sso';
const attemptPath = '/admin/sso';
const attemptMinutes = 10;

interface StoredAttempt extends SsoAttempt {
  /** When the attempt stops being accepted (ms since epoch). */
  x: number;
}

function readAttempt(server: ServerContext, value: string | undefined): StoredAttempt | undefined {
  const payload = value ? verifyToken(server.secret, 'sso', value) : undefined;
  if (!payload || typeof payload !== 'object') return undefined;
  const { state, nonce, codeVerifier, x } = payload as Partial<StoredAttempt>;
  if (typeof state !== 'string' || typeof nonce !== 'string' || typeof codeVerifier !== 'string') return undefined;
  if (typeof x !== 'number' || x < server.now().getTime()) return undefined;
  return { state, nonce, codeVerifier, x };
}

function refuse(context: Context, status: 400 | 403 | 502, reason: string): Response {
  return errorResponse(context, status, reason);
}

/**
 * Single sign-on to the admin area (OpenID Connect, authorization code with PKCE):
 * `GET /admin/sso/start` leaves for the identity provider with a fresh state, nonce and
 * PKCE verifier (kept in a signed, HttpOnly cookie scoped to /admin/sso for ten minutes);
 * `GET /admin/sso/callback` checks them, redeems the code, maps the role from the role
 * claim, creates the account just in time for an allowed domain, and starts the same
 * session a password sign-in starts. Every outcome is audited; nothing answers 500.
 */
export function ssoRoutes(server: ServerContext): Hono {
  const app = new Hono();
  const sso = server.sso;
  if (!sso) return app;

  app.get(ssoStartPath, async (context) => {
    const now = server.now();
    await enforceLimit(server.limiters.loginPerIp, clientIp(context, server.trustProxy), now);
    let started: Awaited<ReturnType<typeof sso.client.start>>;
    try {
      started = await sso.client.start();
    } catch (error) {
      const problem = error instanceof SsoError ? error : new SsoError(502, 'The identity provider could not be reached.');
      return refuse(context, problem.status, problem.message);
    }
    const stored: StoredAttempt = { ...started.attempt, x: now.getTime() + attemptMinutes * 60_000 };
    setCookie(context, attemptCookie, signToken(server.secret, 'sso', stored), {
      httpOnly: true,
      // Lax: the provider sends the browser back with a top-level GET, which carries it.
      sameSite: 'Lax',
      secure: cameOverTls(context, server.trustProxy),
      path: attemptPath,
      maxAge: attemptMinutes * 60,
    });
    return context.redirect(started.url.href, 303);
  });

  app.get(ssoCallbackPath, async (context) => {
    const now = server.now();
    const ip = clientIp(context, server.trustProxy);
    const agent = userAgent(context);
    await enforceLimit(server.limiters.loginPerIp, ip, now);
    const attempt = readAttempt(server, getCookie(context, attemptCookie));
    // One attempt, one callback: the cookie goes whatever happens next.
    deleteCookie(context, attemptCookie, { path: attemptPath });
    const refused = async (status: 400 | 403 | 502, reason: string, actor = 'unknown') => {
      await appendAudit(server.store, { actor, action: 'login.sso-refused', target: reason.slice(0, 300), ip, userAgent: agent });
      return refuse(context, status, reason);
    };
    if (!attempt) {
      return refused(400, 'This sign-in has expired or was finished already. Start again from the sign-in page.');
    }
    const query = new URL(context.req.url).searchParams;
    if (query.get('state') !== attempt.state) {
      return refused(400, 'This answer from the identity provider belongs to another sign-in. Start again from the sign-in page.');
    }
    // The URL the provider redirected to, on the public origin (never the Host header).
    const callback = new URL(`${server.publicUrl}${ssoCallbackPath}`);
    callback.search = query.toString();
    let claims: Record<string, unknown>;
    try {
      claims = await sso.client.finish(callback, attempt);
    } catch (error) {
      const problem = error instanceof SsoError ? error : new SsoError(502, 'The identity provider could not be reached.');
      return refused(problem.status, problem.message);
    }
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined;
    const existing = email ? await userByEmail(server.store, email) : undefined;
    const decision = decideSsoSignIn(claims, existing, sso.settings);
    if (!decision.ok) return refused(403, decision.reason, decision.email);
    let user = existing;
    if (decision.create) {
      user = await server.store.users.insertExternal({ email: decision.email, role: decision.role, createdAt: now.toISOString() });
      await appendAudit(server.store, {
        actor: decision.email,
        action: 'user.create-sso',
        target: `user:${user.id} ${decision.email} as ${decision.role}`,
        ip,
        userAgent: agent,
      });
    } else if (user && decision.roleChanged) {
      await server.store.users.setRole(user.id, decision.role);
      await appendAudit(server.store, {
        actor: decision.email,
        action: 'user.role-sso',
        target: `user:${user.id} ${user.role} → ${decision.role}`,
        ip,
        userAgent: agent,
      });
    }
    if (!user) return refused(403, 'No account could be found or created for this sign-in.', decision.email);
    await sweepSessions(server.store, now);
    const { token } = await createSession(server.store, { userId: user.id, verified: true, ip, userAgent: agent, now });
    setSessionCookie(context, token, server.trustProxy);
    await appendAudit(server.store, {
      actor: decision.email,
      action: 'login.sso',
      target: `admin as ${decision.role} via ${sso.settings.issuer}`,
      ip,
      userAgent: agent,
    });
    return context.redirect('/admin', 303);
  });

  return app;
}
