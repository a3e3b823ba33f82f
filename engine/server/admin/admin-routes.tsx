/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { desc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { appendAudit, recentAudit } from '../../audit/audit-log.ts';
import { listRuns, resultsOfRun } from '../../store/check-history.ts';
import { subscribers, users } from '../../store/schema.ts';
import type { ServerContext } from '../api/context.ts';
import { errorResponse } from '../api/errors.ts';
import { clientIp, userAgent } from '../api/http.ts';
import { endUserSessions } from '../auth/sessions.ts';
import { signToken, verifyToken } from '../auth/signed-token.ts';
import { checkTotp, newBackupCodes, newTotpSecret } from '../auth/totp.ts';
import { createUser, type Role, roles } from '../auth/users.ts';
import { approveRequest, listRequests, rejectRequest, revokeRequest } from '../gated/access.ts';
import { advanceReport, listReports, reportStatuses, storedSla } from '../reports/reports.ts';
import { ActionButton, CsrfField, renderAdminPage } from './layout.tsx';
import { questionnaireRoutes } from './questionnaire-routes.tsx';
import { type AdminEnv, requireRole } from './session-middleware.ts';

type AdminContext = Context<AdminEnv>;

/** One protected admin route: who may use it, and what it does. */
export interface AdminRoute {
  method: 'GET' | 'POST';
  path: string;
  roles: readonly Role[];
  handler: (context: AdminContext, server: ServerContext) => Response | Promise<Response>;
}

const everyone: readonly Role[] = roles;
const salesAndAdmin: readonly Role[] = ['admin', 'sales'];
const adminOnly: readonly Role[] = ['admin'];

const who = (context: AdminContext) => ({
  user: context.var.admin.user,
  csrf: context.var.admin.session.csrfToken,
});
const actor = (context: AdminContext, server: ServerContext) => ({
  actor: context.var.admin.user.email,
  ip: clientIp(context, server.trustProxy),
  userAgent: userAgent(context),
});
const idParam = (context: AdminContext) => {
  const id = Number(context.req.param('id'));
  return Number.isInteger(id) && id > 0 ? id : undefined;
};
const formField = async (context: AdminContext, name: string) => {
  const value = (await context.req.parseBody())[name];
  return typeof value === 'string' ? value : '';
};
const notFound = (context: AdminContext) => errorResponse(context, 404, 'There is nothing at this address.');
const day = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

/** Every protected page and action of the admin area, with the roles allowed to use it. */
export const adminRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin',
    roles: everyone,
    handler: (context, server) => {
      const sla = storedSla(server);
      const pending = listRequests(server).filter((request) => request.status === 'pending').length;
      return context.html(
        renderAdminPage(
          'Overview',
          who(context),
          <ul>
            <li>
              <a href="/admin/requests">{pending} access requests</a> waiting for a decision
            </li>
            <li>
              {sla.reports} vulnerability reports in the last {sla.days} days; median time to acknowledge{' '}
              {sla.acknowledge.medianHours ?? '—'} h (target {sla.acknowledge.target ?? 'none declared'})
            </li>
          </ul>,
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/admin/requests',
    roles: everyone,
    handler: (context, server) => {
      const { csrf, user } = who(context);
      const canAct = salesAndAdmin.includes(user.role);
      const rows = listRequests(server);
      return context.html(
        renderAdminPage(
          'Access requests',
          who(context),
          <table>
            <tr>
              <th>#</th><th>Who</th><th>Documents</th><th>Reason</th><th>NDA</th><th>Status</th><th>Links</th>
              {canAct ? <th>Actions</th> : null}
            </tr>
            {rows.map((row) => (
              <tr>
                <td>{row.id}</td>
                <td>{row.name} &lt;{row.email}&gt;, {row.company}</td>
                <td>{row.documents.join(', ')}</td>
                <td>{row.reason}</td>
                <td>v{row.ndaVersion} at {day(row.ndaAcceptedAt)} from {row.ip ?? '?'}</td>
                <td>{row.status}{row.decidedBy ? ` by ${row.decidedBy}` : ''}</td>
                <td>
                  {row.grants.map((grant) => (
                    <div>
                      {grant.documentId}: {grant.revokedAt ? `revoked ${day(grant.revokedAt)}` : `until ${day(grant.expiresAt)}`},{' '}
                      {grant.downloads} downloads
                    </div>
                  ))}
                </td>
                {canAct ? (
                  <td>
                    {row.status === 'pending' ? (
                      <>
                        <ActionButton action={`/admin/requests/${row.id}/approve`} csrf={csrf} label="Approve">
                          <label>
                            for <input name="days" type="number" min={1} max={365} value={String(server.linkDays)} /> days
                          </label>
                        </ActionButton>
                        <ActionButton action={`/admin/requests/${row.id}/reject`} csrf={csrf} label="Reject" />
                      </>
                    ) : null}
                    {row.grants.some((grant) => !grant.revokedAt) ? (
                      <ActionButton action={`/admin/requests/${row.id}/revoke`} csrf={csrf} label="Revoke links" />
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </table>,
        ),
      );
    },
  },
  {
    method: 'POST',
    path: '/admin/requests/:id/approve',
    roles: salesAndAdmin,
    handler: async (context, server) => {
      const id = idParam(context);
      const days = Number(await formField(context, 'days'));
      if (!Number.isInteger(days) || days < 1 || days > 365) {
        return errorResponse(context, 400, 'Some fields need attention.', { days: ['enter a whole number of days from 1 to 365'] });
      }
      if (!id || !approveRequest(server, id, actor(context, server), days)) return notFound(context);
      return context.redirect('/admin/requests', 303);
    },
  },
  {
    method: 'POST',
    path: '/admin/requests/:id/reject',
    roles: salesAndAdmin,
    handler: (context, server) => {
      const id = idParam(context);
      if (!id || !rejectRequest(server, id, actor(context, server))) return notFound(context);
      return context.redirect('/admin/requests', 303);
    },
  },
  {
    method: 'POST',
    path: '/admin/requests/:id/revoke',
    roles: salesAndAdmin,
    handler: (context, server) => {
      const id = idParam(context);
      if (!id) return notFound(context);
      revokeRequest(server, id, actor(context, server));
      return context.redirect('/admin/requests', 303);
    },
  },
  {
    method: 'GET',
    path: '/admin/subscribers',
    roles: everyone,
    handler: (context, server) => {
      const rows = server.store.db.select().from(subscribers).orderBy(desc(subscribers.id)).limit(500).all();
      return context.html(
        renderAdminPage(
          'Subscribers',
          who(context),
          <table>
            <tr><th>Email</th><th>Topic</th><th>Signed up</th><th>Confirmed</th><th>Unsubscribed</th></tr>
            {rows.map((row) => (
              <tr>
                <td>{row.email}</td><td>{row.topic}</td><td>{day(row.createdAt)}</td><td>{day(row.confirmedAt)}</td><td>{day(row.unsubscribedAt)}</td>
              </tr>
            ))}
          </table>,
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/admin/reports',
    roles: everyone,
    handler: (context, server) => {
      const { csrf, user } = who(context);
      const rows = listReports(server.store);
      return context.html(
        renderAdminPage(
          'Vulnerability reports',
          who(context),
          <table>
            <tr><th>Id</th><th>Title</th><th>Severity</th><th>Contact</th><th>Received</th><th>Acknowledged</th><th>Triaged</th><th>Resolved</th><th>Status</th></tr>
            {rows.map((row) => (
              <tr>
                <td>{row.trackingId}</td>
                <td>
                  <details>
                    <summary>{row.title}</summary>
                    <p>{row.description}</p>
                    <p>{row.steps}</p>
                  </details>
                </td>
                <td>{row.severity}</td><td>{row.contact}</td><td>{day(row.receivedAt)}</td><td>{day(row.acknowledgedAt)}</td><td>{day(row.triagedAt)}</td><td>{day(row.resolvedAt)}</td>
                <td>
                  {row.status}
                  {user.role === 'admin' && row.status !== 'fixed' && row.status !== 'not-applicable' ? (
                    <ActionButton action={`/admin/reports/${row.id}/status`} csrf={csrf} label="Move">
                      <select name="status">
                        {reportStatuses.slice(reportStatuses.indexOf(row.status) + 1).map((status) => (
                          <option value={status}>{status}</option>
                        ))}
                      </select>
                    </ActionButton>
                  ) : null}
                </td>
              </tr>
            ))}
          </table>,
        ),
      );
    },
  },
  {
    method: 'POST',
    path: '/admin/reports/:id/status',
    roles: adminOnly,
    handler: async (context, server) => {
      const id = idParam(context);
      const status = await formField(context, 'status');
      const target = reportStatuses.find((entry) => entry === status && entry !== 'received');
      if (!target) return errorResponse(context, 400, 'Some fields need attention.', { status: ['choose acknowledged, triaged, fixed or not-applicable'] });
      if (!id || !advanceReport(server, id, target as Exclude<typeof target, 'received'>, actor(context, server))) {
        return errorResponse(context, 400, 'A report only moves forward: received → acknowledged → triaged → fixed or not applicable.');
      }
      return context.redirect('/admin/reports', 303);
    },
  },
  {
    method: 'GET',
    path: '/admin/checks',
    roles: everyone,
    handler: (context, server) => {
      const runs = listRuns(server.store, 20);
      const latest = runs[0] ? resultsOfRun(server.store, runs[0].id) : [];
      return context.html(
        renderAdminPage(
          'Check results',
          who(context),
          <>
            <h2>Latest run</h2>
            <table>
              <tr><th>Control</th><th>Check</th><th>Target</th><th>Status</th><th>Message</th></tr>
              {latest.map((row) => (
                <tr><td>{row.controlId}</td><td>{row.checkType}</td><td><code>{row.target}</code></td><td>{row.status}</td><td>{row.message}</td></tr>
              ))}
            </table>
            <h2>History</h2>
            <table>
              <tr><th>Run</th><th>Finished</th><th>Passed</th><th>Failed</th><th>Errored</th><th>Skipped</th></tr>
              {runs.map((run) => (
                <tr><td>{run.id}</td><td>{day(run.finishedAt)}</td><td>{run.passed}</td><td>{run.failed}</td><td>{run.errored}</td><td>{run.skipped}</td></tr>
              ))}
            </table>
          </>,
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/admin/audit',
    roles: everyone,
    handler: (context, server) =>
      context.html(
        renderAdminPage(
          'Audit log',
          who(context),
          <table>
            <tr><th>#</th><th>Time</th><th>Actor</th><th>Action</th><th>Target</th><th>IP</th><th>Hash</th></tr>
            {recentAudit(server.store).map((entry) => (
              <tr><td>{entry.id}</td><td>{day(entry.at)}</td><td>{entry.actor}</td><td>{entry.action}</td><td>{entry.target}</td><td>{entry.ip ?? ''}</td><td><code>{entry.hash.slice(0, 12)}</code></td></tr>
            ))}
          </table>,
        ),
      ),
  },
  {
    method: 'GET',
    path: '/admin/users',
    roles: adminOnly,
    handler: (context, server) => {
      const { csrf } = who(context);
      const rows = server.store.db.select().from(users).orderBy(users.id).all();
      return context.html(
        renderAdminPage(
          'Users',
          who(context),
          <>
            <table>
              <tr><th>Email</th><th>Role</th><th>Password set</th><th>Second factor</th><th>Status</th><th></th></tr>
              {rows.map((row) => (
                <tr>
                  <td>{row.email}</td><td>{row.role}</td><td>{row.passwordHash ? 'yes' : 'not yet'}</td><td>{row.totpSecret ? 'TOTP' : 'none'}</td>
                  <td>{row.disabledAt ? `disabled ${day(row.disabledAt)}` : 'active'}</td>
                  <td>{row.disabledAt ? null : <ActionButton action={`/admin/users/${row.id}/disable`} csrf={csrf} label="Disable" />}</td>
                </tr>
              ))}
            </table>
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
              <button type="submit">Create and show setup link</button>
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
      const { user, setupToken } = createUser(server.store, { email, role, now: server.now() });
      appendAudit(server.store, { ...actor(context, server), action: 'user.create', target: `user:${user.id} ${user.email} (${user.role})` });
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
    handler: (context, server) => {
      const id = idParam(context);
      if (!id || id === context.var.admin.user.id) return errorResponse(context, 400, 'You cannot disable your own account.');
      const row = server.store.db.update(users).set({ disabledAt: server.now().toISOString() }).where(eq(users.id, id)).returning().get();
      if (!row) return notFound(context);
      endUserSessions(server.store, id);
      appendAudit(server.store, { ...actor(context, server), action: 'user.disable', target: `user:${id} ${row.email}` });
      return context.redirect('/admin/users', 303);
    },
  },
  {
    method: 'GET',
    path: '/admin/account',
    roles: everyone,
    handler: (context, server) => {
      const { user, csrf } = who(context);
      if (user.totpSecret) {
        return context.html(renderAdminPage('Your account', who(context), <p>Second factor: TOTP is on; {user.backupCodes?.length ?? 0} backup codes left.</p>));
      }
      const { secret, uri } = newTotpSecret(user.email);
      const sealed = signToken(server.secret, 'totp-enrol', { u: user.id, s: secret, x: server.now().getTime() + 15 * 60_000 });
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
      const payload = verifyToken(server.secret, 'totp-enrol', String(body.enrolment ?? '')) as { u?: number; s?: string; x?: number } | undefined;
      const now = server.now();
      if (payload?.u !== user.id || typeof payload.s !== 'string' || (payload.x ?? 0) < now.getTime()) {
        return errorResponse(context, 400, 'This enrolment expired; reload the page to get a new key.');
      }
      if (!checkTotp(payload.s, String(body.code ?? '').trim(), now)) {
        return errorResponse(context, 400, 'Some fields need attention.', { code: ['that code does not match; check the clock of your phone'] });
      }
      const { codes, hashes } = newBackupCodes();
      server.store.db.update(users).set({ totpSecret: payload.s, backupCodes: hashes }).where(eq(users.id, user.id)).run();
      appendAudit(server.store, { ...actor(context, server), action: 'user.totp-enabled', target: `user:${user.id}` });
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

/** Every protected route, pages and questionnaires together (what the role test walks). */
export function adminRouteTable(): AdminRoute[] {
  return [...adminRoutes, ...questionnaireRoutes];
}

/** The protected admin area: each route behind its role check and the session's form token. */
export function protectedAdminRoutes(server: ServerContext): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  for (const route of adminRouteTable()) {
    app.on(route.method, route.path, requireRole(server, route.roles), (context) => route.handler(context, server));
  }
  return app;
}
