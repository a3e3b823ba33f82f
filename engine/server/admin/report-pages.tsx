/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { errorResponse } from '../api/errors.ts';
import { advanceReport, listReports, markReportSpam, reportStatuses } from '../reports/reports.ts';
import { ActionButton, Badge, Empty, Pager, pageOf, renderAdminPage, Table } from './layout.tsx';
import { type AdminRoute, actor, adminOnly, day, everyone, formField, idParam, who } from './route-helpers.ts';

/** Vulnerability reports: everyone reads them; admins move them forward. */
export const reportPageRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/reports',
    roles: everyone,
    handler: async (context, server) => {
      const { csrf, user } = who(context);
      const all = await listReports(server.store, 2_000);
      const shown = pageOf(all, context.req.query('page'), 25);
      const rows = shown.rows;
      if (all.length === 0)
        return context.html(
          renderAdminPage(
            'Vulnerability reports',
            who(context),
            <Empty>No vulnerability reports yet. Researchers report from the Security page's form.</Empty>,
          ),
        );
      return context.html(
        renderAdminPage(
          'Vulnerability reports',
          who(context),
          <>
          <Table label="Vulnerability reports">
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
                  {row.spamAt ? <Badge tone="neutral">spam (marked {day(row.spamAt)})</Badge> : <Badge tone={row.status === 'fixed' || row.status === 'not-applicable' ? 'ok' : row.status === 'received' ? 'warn' : 'neutral'}>{row.status}</Badge>}
                  {user.role === 'admin' && !row.spamAt ? (
                    <ActionButton action={`/admin/reports/${row.id}/spam`} csrf={csrf} label="Mark as spam" secondary />
                  ) : null}
                  {user.role === 'admin' && !row.spamAt && row.status !== 'fixed' && row.status !== 'not-applicable' ? (
                    <ActionButton action={`/admin/reports/${row.id}/status`} csrf={csrf} label="Move">
                      <select name="status" aria-label={`New status of ${row.trackingId}`}>
                        {reportStatuses.slice(reportStatuses.indexOf(row.status) + 1).map((status) => (
                          <option value={status}>{status}</option>
                        ))}
                      </select>
                    </ActionButton>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
          <Pager path="/admin/reports" of={shown} label="Vulnerability reports" />
          </>,
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
      if (!id || !(await advanceReport(server, id, target as Exclude<typeof target, 'received'>, actor(context, server)))) {
        return errorResponse(context, 400, 'A report only moves forward: received → acknowledged → triaged → fixed or not applicable.');
      }
      return context.redirect('/admin/reports', 303);
    },
  },
  {
    method: 'POST',
    path: '/admin/reports/:id/spam',
    roles: adminOnly,
    handler: async (context, server) => {
      const id = idParam(context);
      if (!id || !(await markReportSpam(server, id, actor(context, server)))) {
        return errorResponse(context, 400, 'That report does not exist or is marked as spam already.');
      }
      return context.redirect('/admin/reports', 303);
    },
  },
];
