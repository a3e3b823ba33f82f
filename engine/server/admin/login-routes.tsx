/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { appendAudit } from '../../audit/audit-log.ts';
import type { ServerContext } from '../api/context.ts';
import { clientIp, enforceLimit, userAgent } from '../api/http.ts';
import { hashPassword, passwordProblem, passwordRule, verifyPassword } from '../auth/password.ts';
import {
  createSession,
  endSession,
  endUserSessions,
  readSession,
  sweepSessions,
  verifySession,
} from '../auth/sessions.ts';
import { totpStep, useBackupCode } from '../auth/totp.ts';
import { claimTotpStep, updateCredentials, userByEmail, userBySetupToken } from '../auth/users.ts';
import { renderAdminPage, type SignedOut } from './layout.tsx';
import { clearSessionCookie, organisationName, sessionCookie, setSessionCookie } from './session-middleware.ts';
import { ssoStartPath } from './sso-routes.tsx';

const field = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');

/** How people sign in: with a password, through the identity provider, or both. */
interface SignInMethods {
  password: boolean;
  sso: boolean;
}

function loginForm(visitor: SignedOut, methods: SignInMethods, message?: string) {
  return renderAdminPage(
    'Sign in',
    visitor,
    <>
      {methods.sso ? (
        <p>
          <a class="button" href={ssoStartPath}>
            Sign in with SSO
          </a>
        </p>
      ) : null}
      {methods.password ? (
        <form method="post" action="/admin/login">
          <label>
            Email <input type="email" name="email" required autocomplete="username" />
          </label>
          <label>
            Password <input type="password" name="password" required autocomplete="current-password" />
          </label>
          <button type="submit">Sign in</button>
        </form>
      ) : null}
    </>,
    message ? { message, error: true } : undefined,
  );
}

const ssoOnlyMessage = 'Password sign-in is turned off here: sign in with SSO through your identity provider.';

function totpForm(visitor: SignedOut, message?: string) {
  return renderAdminPage(
    'Second factor',
    visitor,
    <form method="post" action="/admin/login/totp">
      <label>
        Code from your authenticator app, or a backup code{' '}
        <input name="code" required autocomplete="one-time-code" inputmode="numeric" />
      </label>
      <button type="submit">Continue</button>
    </form>,
    message ? { message, error: true } : undefined,
  );
}

function linkNotValid(visitor: SignedOut) {
  return renderAdminPage('Link not valid', visitor, <p>This setup link was used already or has expired. Ask an admin for a new one.</p>);
}

function setupForm(visitor: SignedOut, token: string, message?: string) {
  return renderAdminPage(
    'Choose your password',
    visitor,
    <form method="post" action={`/admin/setup/${token}`}>
      <label>
        New password ({passwordRule}) <input type="password" name="password" required minlength={12} autocomplete="new-password" />
      </label>
      <label>
        Again <input type="password" name="confirm" required autocomplete="new-password" />
      </label>
      <button type="submit">Set password</button>
    </form>,
    message ? { message, error: true } : undefined,
  );
}

/**
 * Sign-in (password, then TOTP or a backup code when enrolled), the one-time password
 * setup link and sign-out. Attempts are rate-limited per IP and per account; a wrong
 * address and a wrong password get the same answer in the same time.
 */
export function loginRoutes(server: ServerContext): Hono {
  const app = new Hono();
  let decoy: Promise<string> | undefined;
  const methods: SignInMethods = { sso: server.sso !== undefined, password: !server.sso?.settings.ssoOnly };
  // The brand header of the signed-out pages names the organisation, as inside the admin area.
  const visitor = async (): Promise<SignedOut> => ({ organisation: await organisationName(server) });

  app.get('/admin/login', async (context) => context.html(loginForm(await visitor(), methods)));

  // SSO only: every password and second-factor route refuses, audited, before reading anything.
  if (!methods.password) {
    app.post('/admin/login', async (context) => {
      await appendAudit(server.store, {
        actor: 'unknown',
        action: 'login.failed',
        target: 'password sign-in while SSO only',
        ip: clientIp(context, server.trustProxy),
        userAgent: userAgent(context),
      });
      return context.html(loginForm(await visitor(), methods, ssoOnlyMessage), 403);
    });
    app.on(['GET', 'POST'], ['/admin/login/totp', '/admin/setup/:token'], async (context) =>
      context.html(loginForm(await visitor(), methods, ssoOnlyMessage), 403),
    );
  }

  app.post('/admin/login', async (context) => {
    const now = server.now();
    const ip = clientIp(context, server.trustProxy);
    const body = await context.req.parseBody();
    const email = field(body, 'email').trim().toLowerCase().slice(0, 254);
    const password = field(body, 'password').slice(0, 200);
    await enforceLimit(server.limiters.loginPerIp, ip, now);
    await enforceLimit(server.limiters.loginPerAccount, email, now);
    const user = email ? await userByEmail(server.store, email) : undefined;
    decoy ??= hashPassword('decoy password, never matches');
    const hash = user?.passwordHash && !user.disabledAt ? user.passwordHash : await decoy;
    const ok = (await verifyPassword(password, hash)) && user?.passwordHash === hash;
    if (!ok || !user) {
      await appendAudit(server.store, { actor: email || 'unknown', action: 'login.failed', target: 'admin', ip, userAgent: userAgent(context) });
      return context.html(loginForm(await visitor(), methods, 'Email or password is wrong.'), 401);
    }
    await server.limiters.loginPerAccount.reset(email);
    await sweepSessions(server.store, now);
    const { token } = await createSession(server.store, { userId: user.id, verified: !user.totpSecret, ip, userAgent: userAgent(context), now });
    setSessionCookie(context, token, server.trustProxy);
    await appendAudit(server.store, { actor: user.email, action: 'login', target: 'admin', ip, userAgent: userAgent(context) });
    return context.redirect(user.totpSecret ? '/admin/login/totp' : '/admin', 303);
  });

  const pending = async (token: string | undefined) => {
    const active = token ? await readSession(server.store, token, server.now()) : undefined;
    return active && !active.session.verifiedAt && active.user.totpSecret ? active : undefined;
  };

  app.get('/admin/login/totp', async (context) => {
    if (!(await pending(getCookie(context, sessionCookie)))) return context.redirect('/admin/login', 303);
    return context.html(totpForm(await visitor()));
  });

  app.post('/admin/login/totp', async (context) => {
    const now = server.now();
    const active = await pending(getCookie(context, sessionCookie));
    if (!active?.user.totpSecret) return context.redirect('/admin/login', 303);
    const ip = clientIp(context, server.trustProxy);
    await enforceLimit(server.limiters.loginPerIp, ip, now);
    await enforceLimit(server.limiters.loginPerAccount, `totp:${active.user.id}`, now);
    const code = field(await context.req.parseBody(), 'code').trim().slice(0, 40);
    let method = 'totp';
    // A code counts once: its time step must be later than the last one accepted.
    const step = totpStep(active.user.totpSecret, code, now, active.user.totpLastStep);
    let ok = step !== undefined && (await claimTotpStep(server.store, active.user.id, step));
    if (!ok) {
      const left = useBackupCode(active.user.backupCodes ?? [], code);
      if (left) {
        await server.store.users.setBackupCodes(active.user.id, left);
        ok = true;
        method = `backup code (${left.length} left)`;
      }
    }
    if (!ok) {
      await appendAudit(server.store, { actor: active.user.email, action: 'login.totp-failed', target: 'admin', ip, userAgent: userAgent(context) });
      return context.html(totpForm(await visitor(), 'That code is not valid.'), 401);
    }
    await server.limiters.loginPerAccount.reset(`totp:${active.user.id}`);
    await verifySession(server.store, active.session.id, now);
    await appendAudit(server.store, { actor: active.user.email, action: 'login.second-factor', target: method, ip, userAgent: userAgent(context) });
    return context.redirect('/admin', 303);
  });

  app.get('/admin/setup/:token', async (context) => {
    await enforceLimit(server.limiters.tokensPerIp, clientIp(context, server.trustProxy), server.now());
    const token = context.req.param('token');
    if (!(await userBySetupToken(server.store, token, server.now()))) {
      return context.html(linkNotValid(await visitor()), 404);
    }
    return context.html(setupForm(await visitor(), token));
  });

  app.post('/admin/setup/:token', async (context) => {
    const now = server.now();
    const ip = clientIp(context, server.trustProxy);
    await enforceLimit(server.limiters.tokensPerIp, ip, now);
    const token = context.req.param('token');
    const user = await userBySetupToken(server.store, token, now);
    if (!user) {
      return context.html(linkNotValid(await visitor()), 404);
    }
    const body = await context.req.parseBody();
    const password = field(body, 'password');
    const problem = passwordProblem(password) ?? (password === field(body, 'confirm') ? undefined : 'The two passwords differ.');
    if (problem) return context.html(setupForm(await visitor(), token, problem), 400);
    const passwordHash = await hashPassword(password);
    await updateCredentials(server.store, user.id, { passwordHash, setupTokenHash: null, setupExpiresAt: null });
    await endUserSessions(server.store, user.id);
    await appendAudit(server.store, { actor: user.email, action: 'user.password-set', target: `user:${user.id}`, ip, userAgent: userAgent(context) });
    return context.redirect('/admin/login', 303);
  });

  app.post('/admin/logout', async (context) => {
    const token = getCookie(context, sessionCookie);
    const active = token ? await readSession(server.store, token, server.now()) : undefined;
    if (active) {
      await endSession(server.store, active.session.id);
      await appendAudit(server.store, { actor: active.user.email, action: 'logout', target: 'admin', ip: clientIp(context, server.trustProxy), userAgent: userAgent(context) });
    }
    clearSessionCookie(context);
    return context.redirect('/admin/login', 303);
  });

  return app;
}
