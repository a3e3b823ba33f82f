/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { appendAudit } from '../../audit/audit-log.ts';
import { errorResponse } from '../api/errors.ts';
import { unsentMail } from '../api/mail-retry.ts';
import { ActionButton, renderAdminPage, Table } from './layout.tsx';
import { type AdminRoute, actor, adminOnly, day, idParam, who } from './route-helpers.ts';

/**
 * Mail the server could not deliver yet: what is still being retried (and when next), what
 * was given up on after days of failures (with a Resend button), and any storage failure
 * the mailer is retrying through. Admins only: it shows recipients' addresses.
 */
export const mailPageRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/mail',
    roles: adminOnly,
    handler: async (context, server) => {
      const { csrf } = who(context);
      const { pending, abandoned } = await unsentMail(server.store);
      const problem = server.mailer.problem();
      return context.html(
        renderAdminPage(
          'Mail',
          who(context),
          <>
            {problem ? (
              <p class="notice error">Since {day(problem.since)}: {problem.message}.</p>
            ) : null}
            <h2>Waiting to be sent ({pending.length})</h2>
            {pending.length === 0 ? (
              <p>Nothing is waiting: every queued message went out.</p>
            ) : (
              <Table label="Mail waiting to be sent">
                <tr><th>To</th><th>Subject</th><th>Queued</th><th>Attempts</th><th>Last attempt</th><th>Last error</th><th>Next attempt</th></tr>
                {pending.map((row) => (
                  <tr>
                    <td>{row.to}</td><td>{row.subject}</td><td>{day(row.createdAt)}</td><td>{row.attempts}</td><td>{day(row.lastAttemptAt)}</td><td>{row.error ?? '—'}</td><td>{day(row.nextAttemptAt)}</td>
                  </tr>
                ))}
              </Table>
            )}
            <h2>Given up ({abandoned.length})</h2>
            {abandoned.length === 0 ? (
              <p>No message was given up on.</p>
            ) : (
              <Table label="Mail given up on">
                <tr><th>To</th><th>Subject</th><th>Queued</th><th>Attempts</th><th>Given up</th><th>Last error</th><th></th></tr>
                {abandoned.map((row) => (
                  <tr>
                    <td>{row.to}</td><td>{row.subject}</td><td>{day(row.createdAt)}</td><td>{row.attempts}</td><td>{day(row.abandonedAt)}</td><td>{row.error ?? '—'}</td>
                    <td><ActionButton action={`/admin/mail/${row.id}/resend`} csrf={csrf} label="Resend" /></td>
                  </tr>
                ))}
              </Table>
            )}
          </>,
        ),
      );
    },
  },
  {
    method: 'POST',
    path: '/admin/mail/:id/resend',
    roles: adminOnly,
    handler: async (context, server) => {
      const id = idParam(context);
      if (!id || !(await server.mailer.resend(id))) {
        return errorResponse(context, 400, 'Only a message that was given up on can be resent; reload Admin → Mail.');
      }
      await appendAudit(server.store, { ...actor(context, server), at: server.now().toISOString(), action: 'mail.resend', target: `mail:${id}` });
      return context.redirect('/admin/mail', 303);
    },
  },
];
