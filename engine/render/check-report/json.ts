import { countResults } from '../../checks/result.ts';
import { type CheckReport, locationOf } from './report.ts';

/** Version of the JSON report format; bumped on any incompatible change. */
export const jsonReportVersion = 1;

/**
 * The machine report: every result with its evidence location, plus totals. Each result
 * carries what storing it needs (`definition`, and `override` — null when the real target
 * was checked), so `attest results import` can merge reports of several runners.
 */
export function renderJsonReport(report: CheckReport): string {
  return `${JSON.stringify(
    {
      version: jsonReportVersion,
      organisation: report.organisation,
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      summary: countResults(report.results),
      results: report.results.map((result) => ({
        ...result,
        override: result.override ?? null,
        location: locationOf(report, result),
      })),
    },
    null,
    2,
  )}\n`;
}
