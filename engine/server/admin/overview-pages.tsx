/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { recentAudit } from '../../audit/audit-log.ts';
import { deadline } from '../../evaluate/sla.ts';
import type { Duration } from '../../schema/common.ts';
import type { VulnerabilityReportRow } from '../../store/vulnerability-reports.ts';
import { listRequests } from '../gated/access.ts';
import { listReports, storedSla } from '../reports/reports.ts';
import { Badge, Empty, Pager, pageOf, renderAdminPage, Table, type Tone } from './layout.tsx';
import { type AdminRoute, day, everyone, who } from './route-helpers.ts';
import { duration, hours, plural } from './words.ts';

const dayMs = 86_400_000;

/** The step an open report waits for, and when it is due under the declared SLA. */
interface OpenReport {
  row: VulnerabilityReportRow;
  step: 'acknowledge' | 'triage' | 'fix';
  due: Date | undefined;
}

type DeclaredSla = {
  acknowledge?: Duration | undefined;
  triage?: Duration | undefined;
  fix?: Partial<Record<string, Duration | undefined>> | undefined;
};

function openReport(row: VulnerabilityReportRow, sla: DeclaredSla | undefined): OpenReport {
  const received = new Date(row.receivedAt);
  if (!row.acknowledgedAt)
    return { row, step: 'acknowledge', due: sla?.acknowledge && deadline(received, sla.acknowledge) };
  if (!row.triagedAt) return { row, step: 'triage', due: sla?.triage && deadline(received, sla.triage) };
  const fix = sla?.fix?.[row.severity];
  return { row, step: 'fix', due: fix && deadline(received, fix) };
}

/** Overdue, due soon or on time, as a badge with the time left or past. */
function DueBadge(props: { due: Date | undefined; now: Date }) {
  if (!props.due) return <Badge tone="neutral">no target declared</Badge>;
  const left = props.due.getTime() - props.now.getTime();
  const tone: Tone = left < 0 ? 'bad' : left < dayMs ? 'warn' : 'ok';
  return <Badge tone={tone}>{left < 0 ? `overdue by ${duration(left)}` : `due in ${duration(left)}`}</Badge>;
}

/** The dashboard, subscribers, check results and the audit log (read-only, every role). */
export const overviewRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin',
    roles: everyone,
    handler: async (context, server) => {
      const now = server.now();
      const snapshot = await server.getSnapshot().catch(() => undefined);
      const sla = await storedSla(server);
      const pending = (await listRequests(server)).filter((request) => request.status === 'pending');
      const alerts = await server.store.alerts.open();
      // A storage failure can keep its alert from being written: show it from the mailer.
      const mailProblem = server.mailer.problem();
      if (mailProblem && !alerts.some((alert) => alert.key === 'mail:storage'))
        alerts.push({ id: 0, key: 'mail:storage', severity: 'critical', message: `Mail: ${mailProblem.message}.`, raisedAt: mailProblem.since, updatedAt: mailProblem.since, clearedAt: null });
      const open = (await listReports(server.store))
        .filter((row) => !row.spamAt && (row.status === 'received' || row.status === 'acknowledged' || row.status === 'triaged'))
        .map((row) => openReport(row, snapshot?.disclosure?.sla));
      const overdue = open.filter((report) => report.due && report.due < now).length;
      const downloads = await server.store.accessRequests.downloadsSince(new Date(now.getTime() - 30 * dayMs).toISOString(), 1_000);
      await server.viewCounter.flush().catch(() => {});
      const weekViews = (await server.store.viewCounts.since(new Date(now.getTime() - 6 * dayMs).toISOString().slice(0, 10)))
        .filter((row) => row.kind === 'page')
        .reduce((sum, row) => sum + row.count, 0);
      return context.html(
        renderAdminPage(
          'Dashboard',
          who(context),
          <>
            <div class="cards">
              <div class="card">
                <h2>Waiting for a decision</h2>
                <a class="figure" href="/admin/requests">{plural(pending.length, 'access request')}</a>
              </div>
              <div class="card">
                <h2>Open alerts</h2>
                <span class="figure">{plural(alerts.length, 'alert')}</span>
                <span class="muted">failing or stale claims, mail and webhook problems</span>
              </div>
              <div class="card">
                <h2>Reports to handle</h2>
                <a class="figure" href="/admin/reports">{plural(open.length, 'report')}</a>
                {overdue > 0 ? <Badge tone="bad">{overdue} past the SLA</Badge> : <span class="muted">none past the SLA</span>}
              </div>
              <div class="card">
                <h2>Last 30 days</h2>
                <a class="figure" href="/admin/insight">{plural(downloads.length, 'gated download')}</a>
                <span class="muted">{plural(weekViews, 'page view')} in the last 7 days</span>
              </div>
            </div>

            <h2 id="alerts">Alerts</h2>
            {alerts.length === 0 ? (
              <Empty>No open alerts: every claim is passing and fresh.</Empty>
            ) : (
              <Table label="Open alerts">
                <tr><th>Severity</th><th>Since</th><th>What</th></tr>
                {alerts.map((alert) => (
                  <tr>
                    <td><Badge tone={alert.severity === 'critical' ? 'bad' : 'warn'}>{alert.severity}</Badge></td>
                    <td>{day(alert.raisedAt)}</td>
                    <td>{alert.message}</td>
                  </tr>
                ))}
              </Table>
            )}

            <h2 id="pending">Pending access requests</h2>
            {pending.length === 0 ? (
              <Empty>No access request is waiting for a decision.</Empty>
            ) : (
              <>
                <Table label="Pending access requests">
                  <tr><th>#</th><th>Who</th><th>Documents</th><th>Asked</th></tr>
                  {pending.slice(0, 5).map((row) => (
                    <tr>
                      <td>{row.id}</td>
                      <td>{row.name}, {row.company} ({row.email})</td>
                      <td>{row.documents.join(', ')}</td>
                      <td>{day(row.createdAt)}</td>
                    </tr>
                  ))}
                </Table>
                <p><a href="/admin/requests">Decide on {plural(pending.length, 'access request')}</a></p>
              </>
            )}

            <h2 id="reports">Open vulnerability reports</h2>
            <p>
              In the last {sla.days} days: {plural(sla.reports, 'report')} measured; median time to acknowledge:{' '}
              {sla.acknowledge.medianHours === null ? 'no reports yet' : hours(sla.acknowledge.medianHours)}
              {sla.acknowledge.target ? ` (target ${sla.acknowledge.target})` : ' (no target declared)'}.
            </p>
            {open.length === 0 ? (
              <Empty>No open vulnerability report.</Empty>
            ) : (
              <Table label="Open vulnerability reports">
                <tr><th>Id</th><th>Title</th><th>Severity</th><th>Received</th><th>Next step</th><th>SLA</th></tr>
                {open.map((report) => (
                  <tr>
                    <td>{report.row.trackingId}</td>
                    <td>{report.row.title}</td>
                    <td>{report.row.severity}</td>
                    <td>{day(report.row.receivedAt)}</td>
                    <td>{report.step}</td>
                    <td><DueBadge due={report.due} now={now} /></td>
                  </tr>
                ))}
              </Table>
            )}

            <h2 id="downloads">Recent gated downloads</h2>
            {downloads.length === 0 ? (
              <Empty>No gated document was downloaded in the last 30 days.</Empty>
            ) : (
              <Table label="Recent gated downloads">
                <tr><th>When</th><th>Document</th><th>Company</th><th>Who</th></tr>
                {downloads.slice(0, 10).map((row) => (
                  <tr>
                    <td>{day(row.at)}</td>
                    <td>{row.documentId}</td>
                    <td>{row.company}</td>
                    <td>{row.name} ({row.email})</td>
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
    method: 'GET',
    path: '/admin/subscribers',
    roles: everyone,
    handler: async (context, server) => {
      const all = await server.store.subscribers.list(5_000);
      const shown = pageOf(all, context.req.query('page'));
      return context.html(
        renderAdminPage(
          'Subscribers',
          who(context),
          all.length === 0 ? (
            <Empty>Nobody has subscribed yet. Visitors subscribe from the trust center's pages.</Empty>
          ) : (
            <>
              <p>{plural(all.length, 'subscriber')}, {all.filter((row) => row.confirmedAt && !row.unsubscribedAt).length} confirmed and still subscribed.</p>
              <Table label="Subscribers">
                <tr><th>Email</th><th>Topic</th><th>Signed up</th><th>Confirmed</th><th>Unsubscribed</th></tr>
                {shown.rows.map((row) => (
                  <tr>
                    <td>{row.email}</td><td>{row.topic}</td><td>{day(row.createdAt)}</td><td>{day(row.confirmedAt)}</td><td>{day(row.unsubscribedAt)}</td>
                  </tr>
                ))}
              </Table>
              <Pager path="/admin/subscribers" of={shown} label="Subscribers" />
            </>
          ),
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
      const tone = (status: string): Tone => (status === 'pass' ? 'ok' : status === 'fail' || status === 'error' ? 'bad' : 'neutral');
      return context.html(
        renderAdminPage(
          'Check results',
          who(context),
          runs.length === 0 ? (
            <Empty>No check has run yet. Run <code>attest check</code>, or let the server's schedule run them.</Empty>
          ) : (
            <>
              <h2>Latest run</h2>
              <Table label="Latest run">
                <tr><th>Control</th><th>Check</th><th>Target</th><th>Status</th><th>Message</th></tr>
                {latest.map((row) => (
                  <tr><td>{row.controlId}</td><td>{row.checkType}</td><td><code>{row.target}</code></td><td><Badge tone={tone(row.status)}>{row.status}</Badge></td><td>{row.message}</td></tr>
                ))}
              </Table>
              <h2>History</h2>
              <Table label="Check history">
                <tr><th>Run</th><th>Finished</th><th class="number">Passed</th><th class="number">Failed</th><th class="number">Errored</th><th class="number">Skipped</th></tr>
                {runs.map((run) => (
                  <tr><td>{run.id}</td><td>{day(run.finishedAt)}</td><td class="number">{run.passed}</td><td class="number">{run.failed}</td><td class="number">{run.errored}</td><td class="number">{run.skipped}</td></tr>
                ))}
              </Table>
            </>
          ),
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/admin/audit',
    roles: everyone,
    handler: async (context, server) => {
      const entries = await recentAudit(server.store, 2_000);
      const shown = pageOf(entries, context.req.query('page'));
      return context.html(
        renderAdminPage(
          'Audit log',
          who(context),
          entries.length === 0 ? (
            <Empty>Nothing recorded yet: sign-ins, decisions and gated downloads appear here.</Empty>
          ) : (
            <>
              <Table label="Audit log">
                <tr><th>#</th><th>Time</th><th>Actor</th><th>Action</th><th>Target</th><th>IP</th><th>Hash</th></tr>
                {shown.rows.map((entry) => (
                  <tr><td>{entry.id}</td><td>{day(entry.at)}</td><td>{entry.actor}</td><td>{entry.action}</td><td>{entry.target}</td><td>{entry.ip ?? ''}</td><td><code>{entry.hash.slice(0, 12)}</code></td></tr>
                ))}
              </Table>
              <Pager path="/admin/audit" of={shown} label="Audit log" />
            </>
          ),
        ),
      );
    },
  },
];
