/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { stringify } from 'csv-stringify/sync';
import type { DownloadByViewer } from '../../store/access-requests.ts';
import type { ViewCountRow } from '../../store/view-counts.ts';
import type { ServerContext } from '../api/context.ts';
import { Empty, renderAdminPage, Table } from './layout.tsx';
import { type AdminContext, type AdminRoute, day, everyone, who } from './route-helpers.ts';
import { plural } from './words.ts';

/** The periods the insight page offers, in days. */
export const insightPeriods = [7, 30, 90] as const;

const dayMs = 86_400_000;

/** What the insight page and its CSV show for one period. */
interface Insight {
  days: string[];
  views: ViewCountRow[];
  gated: DownloadByViewer[];
}

/** The period asked for (`?days=`), 30 days unless it is one of {@link insightPeriods}. */
function period(context: AdminContext): number {
  const asked = Number(context.req.query('days'));
  return insightPeriods.find((days) => days === asked) ?? 30;
}

async function loadInsight(server: ServerContext, period: number): Promise<Insight> {
  // What this server counted in the last minute is written first, so the page is current.
  await server.viewCounter.flush().catch(() => {});
  const today = server.now();
  const days = Array.from({ length: period }, (_, index) =>
    new Date(today.getTime() - (period - 1 - index) * dayMs).toISOString().slice(0, 10),
  );
  const first = days[0] ?? '';
  const views = await server.store.viewCounts.since(first);
  const gated = await server.store.accessRequests.downloadsSince(`${first}T00:00:00.000Z`, 100_000);
  return { days, views, gated };
}

/** Sums `count` by `key`, largest first (ties by key). */
function totals<T>(rows: readonly T[], key: (row: T) => string, count: (row: T) => number = () => 1) {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + count(row));
  return [...sums].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
}

/**
 * Page views and document downloads per day as a bar chart, drawn on the server as SVG:
 * no script, and colours only through classes (the CSP forbids style attributes).
 */
function DailyChart(props: { insight: Insight }) {
  const { days, views, gated } = props.insight;
  const pages = new Map<string, number>();
  const files = new Map<string, number>();
  for (const row of views) {
    const target = row.kind === 'page' ? pages : files;
    target.set(row.day, (target.get(row.day) ?? 0) + row.count);
  }
  for (const row of gated) files.set(row.at.slice(0, 10), (files.get(row.at.slice(0, 10)) ?? 0) + 1);
  const max = Math.max(1, ...days.map((date) => Math.max(pages.get(date) ?? 0, files.get(date) ?? 0)));
  const width = 720;
  const height = 220;
  const left = 40;
  const bottom = 24;
  const plot = height - bottom - 10;
  const slot = (width - left) / days.length;
  const bar = Math.max(1, slot / 2 - 1);
  const y = (value: number) => 10 + plot - (plot * value) / max;
  const totalPages = [...pages.values()].reduce((sum, value) => sum + value, 0);
  const totalFiles = [...files.values()].reduce((sum, value) => sum + value, 0);
  const labelEvery = Math.ceil(days.length / 8);
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">Page views and document downloads per day</title>
        <desc id="chart-desc">
          {`${plural(totalPages, 'page view')} and ${plural(totalFiles, 'document download')} from ${days[0]} to ${days.at(-1)}; the busiest day had ${max}.`}
        </desc>
        <line class="axis" x1={left} y1={10 + plot} x2={width} y2={10 + plot} />
        <line class="axis" x1={left} y1={10} x2={left} y2={10 + plot} />
        <text x={left - 6} y={14} text-anchor="end">{String(max)}</text>
        <text x={left - 6} y={10 + plot} text-anchor="end">0</text>
        {days.map((date, index) => {
          const x = left + index * slot + 1;
          const viewed = pages.get(date) ?? 0;
          const downloaded = files.get(date) ?? 0;
          return (
            <g>
              <rect class="bar-page" x={x.toFixed(1)} y={y(viewed).toFixed(1)} width={bar.toFixed(1)} height={(10 + plot - y(viewed)).toFixed(1)}>
                <title>{`${date}: ${plural(viewed, 'page view')}`}</title>
              </rect>
              <rect class="bar-file" x={(x + bar).toFixed(1)} y={y(downloaded).toFixed(1)} width={bar.toFixed(1)} height={(10 + plot - y(downloaded)).toFixed(1)}>
                <title>{`${date}: ${plural(downloaded, 'document download')}`}</title>
              </rect>
              {index % labelEvery === 0 ? (
                <text x={(x + bar).toFixed(1)} y={height - 6} text-anchor="middle">{date.slice(5)}</text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          <li><span class="swatch swatch-page" />{plural(totalPages, 'page view')}</li>
          <li><span class="swatch swatch-file" />{plural(totalFiles, 'document download')} (public and gated)</li>
        </ul>
      </figcaption>
    </figure>
  );
}

/** The CSV of a period: one row per day, kind, page or document, and company for gated ones. */
export function insightCsv(insight: Insight): string {
  const rows: (string | number)[][] = insight.views.map((row) => [row.day, row.kind === 'page' ? 'page view' : 'public download', row.path, '', row.count]);
  const gated = totals(insight.gated, (row) => `${row.at.slice(0, 10)}\u0000${row.documentId}\u0000${row.company}`);
  for (const [key, count] of gated) {
    const [date = '', document = '', company = ''] = key.split('\u0000');
    rows.push([date, 'gated download', document, company, count]);
  }
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])) || String(a[2]).localeCompare(String(b[2])));
  return stringify(rows, { header: true, columns: ['day', 'kind', 'path or document', 'company', 'count'] });
}

/** Viewer insight: anonymous page views and downloads, gated downloads per company. */
export const insightRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/insight',
    roles: everyone,
    handler: async (context, server) => {
      const days = period(context);
      const insight = await loadInsight(server, days);
      const pageRows = totals(insight.views.filter((row) => row.kind === 'page'), (row) => row.path, (row) => row.count);
      const publicFiles = totals(insight.views.filter((row) => row.kind === 'file'), (row) => row.path, (row) => row.count);
      const companies = totals(insight.gated, (row) => row.company);
      const nothing = insight.views.length === 0 && insight.gated.length === 0;
      return context.html(
        renderAdminPage(
          'Insight',
          who(context),
          <>
            <p>
              Page views and downloads are counted without cookies, third parties or anything
              about the visitor. Gated downloads show who downloaded, from the access requests.
            </p>
            <div class="toolbar">
              <span>Period:</span>
              {insightPeriods.map((option) => (
                <a href={`/admin/insight?days=${option}`} aria-current={option === days ? 'true' : undefined}>
                  last {option} days
                </a>
              ))}
              <a class="button secondary" href={`/admin/insight.csv?days=${days}`} download>
                Download CSV
              </a>
            </div>
            {nothing ? (
              <Empty>No page views or downloads in the last {days} days yet.</Empty>
            ) : (
              <DailyChart insight={insight} />
            )}
            <h2>Pages</h2>
            {pageRows.length === 0 ? (
              <Empty>No page views in this period.</Empty>
            ) : (
              <Table label="Page views by page">
                <tr><th>Page</th><th class="number">Views</th></tr>
                {pageRows.slice(0, 50).map(([path, count]) => (
                  <tr><td><a href={path}>{path}</a></td><td class="number">{count}</td></tr>
                ))}
              </Table>
            )}
            <h2>Public documents</h2>
            {publicFiles.length === 0 ? (
              <Empty>No public document was downloaded in this period.</Empty>
            ) : (
              <Table label="Public document downloads">
                <tr><th>Document</th><th class="number">Downloads</th></tr>
                {publicFiles.slice(0, 50).map(([path, count]) => (
                  <tr><td>{path}</td><td class="number">{count}</td></tr>
                ))}
              </Table>
            )}
            <h2>Gated downloads by company</h2>
            {companies.length === 0 ? (
              <Empty>No gated document was downloaded in this period.</Empty>
            ) : (
              <Table label="Gated downloads by company">
                <tr><th>Company</th><th class="number">Downloads</th><th>Documents</th><th>People</th><th>Last</th></tr>
                {companies.map(([company, count]) => {
                  const rows = insight.gated.filter((row) => row.company === company);
                  return (
                    <tr>
                      <td>{company}</td>
                      <td class="number">{count}</td>
                      <td>{[...new Set(rows.map((row) => row.documentId))].sort().join(', ')}</td>
                      <td>{[...new Set(rows.map((row) => row.email))].sort().join(', ')}</td>
                      <td>{day(rows[0]?.at ?? null)}</td>
                    </tr>
                  );
                })}
              </Table>
            )}
          </>,
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/admin/insight.csv',
    roles: everyone,
    handler: async (context, server) => {
      const days = period(context);
      const csv = insightCsv(await loadInsight(server, days));
      return context.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="insight-${days}-days.csv"`,
      });
    },
  },
];
