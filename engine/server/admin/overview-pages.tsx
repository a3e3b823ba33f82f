/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { recentAudit } from '../../audit/audit-log.ts';
import { listRequests } from '../gated/access.ts';
import { storedSla } from '../reports/reports.ts';
import { renderAdminPage } from './layout.tsx';
import { type AdminRoute, day, everyone, who } from './route-helpers.ts';

/** Overview, subscribers, check results and the audit log (read-only, every role). */
export const overviewRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin',
    roles: everyone,
    handler: async (context, server) => {
      const sla = await storedSla(server);
      const pending = (await listRequests(server)).filter((request) => request.status === 'pending').length;
      const alerts = await server.store.alerts.open();
      // A storage failure can keep its alert from being written: show it from the mailer.
      const mailProblem = server.mailer.problem();
      if (mailProblem && !alerts.some((alert) => alert.key === 'mail:storage'))
        alerts.push({ id: 0, key: 'mail:storage', severity: 'critical', message: `Mail: ${mailProblem.message}.`, raisedAt: mailProblem.since, updatedAt: mailProblem.since, clearedAt: null });
      return context.html(
        renderAdminPage(
          'Overview',
          who(context),
          <>
          {alerts.length > 0 && (
            <section aria-labelledby="alerts">
              <h2 id="alerts">Alerts</h2>
              <ul>
                {alerts.map((alert) => (
                  <li>
                    <strong>{alert.severity}</strong> since {day(alert.raisedAt)}: {alert.message}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <ul>
            <li>
              <a href="/admin/requests">{pending} access requests</a> waiting for a decision
            </li>
            <li>
              {sla.reports} vulnerability reports in the last {sla.days} days; median time to acknowledge{' '}
              {sla.acknowledge.medianHours ?? '—'} h (target {sla.acknowledge.target ?? 'none declared'})
            </li>
          </ul>
          </>,
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/admin/subscribers',
    roles: everyone,
    handler: async (context, server) => {
      const rows = await server.store.subscribers.list(500);
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
    path: '/admin/checks',
    roles: everyone,
    handler: async (context, server) => {
      const runs = await server.store.checkHistory.listRuns(20);
      const latest = runs[0] ? await server.store.checkHistory.resultsOfRun(runs[0].id) : [];
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
    handler: async (context, server) => {
      const entries = await recentAudit(server.store);
      return context.html(
        renderAdminPage(
          'Audit log',
          who(context),
          <table>
            <tr><th>#</th><th>Time</th><th>Actor</th><th>Action</th><th>Target</th><th>IP</th><th>Hash</th></tr>
            {entries.map((entry) => (
              <tr><td>{entry.id}</td><td>{day(entry.at)}</td><td>{entry.actor}</td><td>{entry.action}</td><td>{entry.target}</td><td>{entry.ip ?? ''}</td><td><code>{entry.hash.slice(0, 12)}</code></td></tr>
            ))}
          </table>,
        ),
      );
    },
  },
];
