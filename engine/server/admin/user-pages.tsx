/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { appendAudit } from '../../audit/audit-log.ts';
import { errorResponse } from '../api/errors.ts';
import { endUserSessions } from '../auth/sessions.ts';
import { signToken, verifyToken } from '../auth/signed-token.ts';
import { clientIp, enforceLimit } from '../api/http.ts';
import { verifyPassword } from '../auth/password.ts';
import { newBackupCodes, newTotpSecret, totpStep } from '../auth/totp.ts';
import { createUser, roles, updateCredentials } from '../auth/users.ts';
import { ActionButton, CsrfField, renderAdminPage, Table } from './layout.tsx';
import { plural } from './words.ts';
import {
  type AdminRoute,
  actor,
  adminOnly,
  day,
  everyone,
  idParam,
  notFound,
  who,
} from './route-helpers.ts';

/** Users (admin only) and each user's own account with the second factor. */
export const userRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/users',
    roles: adminOnly,
    handler: async (context, server) => {
      const { csrf } = who(context);
      const rows = await server.store.users.list();
      const ssoOnly = server.sso?.settings.ssoOnly === true;
      return context.html(
        renderAdminPage(
          'Users',
          who(context),
          <>
            <Table label="Users">
              <tr><th>Email</th><th>Role</th><th>Password set</th><th>Second factor</th><th>Status</th><th>Actions</th></tr>
              {rows.map((row) => (
                <tr>
                  <td>{row.email}</td><td>{row.role}</td><td>{row.passwordHash ? 'yes' : ssoOnly ? 'SSO' : 'not yet'}</td><td>{row.totpSecret ? 'TOTP' : 'none'}</td>
                  <td>{row.disabledAt ? `disabled ${day(row.disabledAt)}` : 'active'}</td>
                  <td>{row.disabledAt ? null : <ActionButton action={`/admin/users/${row.id}/disable`} csrf={csrf} label="Disable" />}</td>
                </tr>
              ))}
            </Table>
            <h2>Add a user</h2>
            <form method="post" action="/admin/users">
              <CsrfField token={csrf} />
              <label>Email <input type="email" name="email" required /></label>
              <label>
                Role{' '}
                <select name="role">
                  {roles.map((role) => <option value={role}>{role}</option>)}
                </select>
              </label>
              <button type="submit">{ssoOnly ? 'Create' : 'Create and show setup link'}</button>
            </form>
          </>,
        ),
      );
    },
  },
  {
    method: 'POST',
    path: '/admin/users',
    roles: adminOnly,
    handler: async (context, server) => {
      const body = await context.req.parseBody();
      const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
      const role = roles.find((entry) => entry === body.role);
      const fields: Record<string, string[]> = {};
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) fields.email = ['enter an email address'];
      if (!role) fields.role = ['choose admin, sales or viewer'];
      if (!role || Object.keys(fields).length > 0) return errorResponse(context, 400, 'Some fields need attention.', fields);
      const { user, setupToken } = await createUser(server.store, { email, role, now: server.now() });
      await appendAudit(server.store, { ...actor(context, server), action: 'user.create', target: `user:${user.id} ${user.email} (${user.role})` });
      if (server.sso?.settings.ssoOnly) {
        const note = `${user.email} can now sign in with SSO; the identity provider's groups set the role from then on.`;
        return context.html(renderAdminPage('User created', who(context), <p>{note}</p>));
      }
      const link = `${server.publicUrl}/admin/setup/${setupToken}`;
      return context.html(
        renderAdminPage('User created', who(context), <p>Send this one-time link to {user.email} (valid 72 hours): <code>{link}</code></p>),
      );
    },
  },
  {
    method: 'POST',
    path: '/admin/users/:id/disable',
    roles: adminOnly,
    handler: async (context, server) => {
      const id = idParam(context);
      if (!id || id === context.var.admin.user.id) return errorResponse(context, 400, 'You cannot disable your own account.');
      const row = await server.store.users.disable(id, server.now().toISOString());
      if (!row) return notFound(context);
      await endUserSessions(server.store, id);
      await appendAudit(server.store, { ...actor(context, server), action: 'user.disable', target: `user:${id} ${row.email}` });
      return context.redirect('/admin/users', 303);
    },
  },
  {
    method: 'GET',
    path: '/admin/account',
    roles: everyone,
    handler: async (context, server) => {
      const { user, csrf } = who(context);
      // Without a password (single sign-on), the identity provider's second factor applies.
      if (server.sso && (server.sso.settings.ssoOnly || !user.passwordHash)) {
        const note = 'You sign in through your identity provider: its second factor protects this account.';
        return context.html(renderAdminPage('Your account', who(context), <p>{note}</p>));
      }
      if (user.totpSecret) {
        return context.html(renderAdminPage('Your account', who(context), <p>Second factor: TOTP is on; {plural(user.backupCodes?.length ?? 0, 'backup code')} left.</p>));
      }
      const { secret, uri } = newTotpSecret(user.email);
      // The token carries the account's auth version: once 2FA is on or the password
      // changes, the version moves on and this enrolment can no longer replace anything.
      const sealed = signToken(server.secret, 'totp-enrol', { u: user.id, s: secret, v: user.authVersion, x: server.now().getTime() + 15 * 60_000 });
      return context.html(
        renderAdminPage(
          'Your account',
          who(context),
          <form method="post" action="/admin/account/totp">
            <CsrfField token={csrf} />
            <input type="hidden" name="enrolment" value={sealed} />
            <p>Add this key to an authenticator app (or open the otpauth link on your phone):</p>
            <p><code>{secret}</code></p>
            <p><code>{uri}</code></p>
            <label>Then enter the 6-digit code it shows <input name="code" required inputmode="numeric" /></label>
            <label>Your current password <input type="password" name="password" required autocomplete="current-password" /></label>
            <button type="submit">Turn on the second factor</button>
          </form>,
        ),
      );
    },
  },
  {
    method: 'POST',
    path: '/admin/account/totp',
    roles: everyone,
    handler: async (context, server) => {
      const { user } = who(context);
      const body = await context.req.parseBody();
      const payload = verifyToken(server.secret, 'totp-enrol', String(body.enrolment ?? '')) as { u?: number; s?: string; v?: number; x?: number } | undefined;
      const now = server.now();
      if (payload?.u !== user.id || typeof payload.s !== 'string' || payload.v !== user.authVersion || (payload.x ?? 0) < now.getTime()) {
        return errorResponse(context, 400, 'This enrolment expired; reload the page to get a new key.');
      }
      // Turning on the second factor needs the password again: a session left open (or
      // stolen) must not be able to tie the account to someone else's phone.
      await enforceLimit(server.limiters.loginPerAccount, `password:${user.id}`, now);
      await enforceLimit(server.limiters.loginPerIp, clientIp(context, server.trustProxy), now);
      if (!user.passwordHash || !(await verifyPassword(String(body.password ?? '').slice(0, 200), user.passwordHash))) {
        return errorResponse(context, 400, 'Some fields need attention.', { password: ['that is not your current password'] });
      }
      const step = totpStep(payload.s, String(body.code ?? '').trim(), now, null);
      if (step === undefined) {
        return errorResponse(context, 400, 'Some fields need attention.', { code: ['that code does not match; check the clock of your phone'] });
      }
      await server.limiters.loginPerAccount.reset(`password:${user.id}`);
      const { codes, hashes } = newBackupCodes();
      // The enrolment code is spent too: it cannot sign in again within its window.
      await updateCredentials(server.store, user.id, { totpSecret: payload.s, backupCodes: hashes, totpLastStep: step });
      await appendAudit(server.store, { ...actor(context, server), action: 'user.totp-enabled', target: `user:${user.id}` });
      return context.html(
        renderAdminPage(
          'Second factor on',
          who(context),
          <>
            <p>Keep these backup codes somewhere safe. Each works once, instead of a code from the app. They are not shown again.</p>
            <ul>{codes.map((code) => <li><code>{code}</code></li>)}</ul>
          </>,
        ),
      );
    },
  },
];
