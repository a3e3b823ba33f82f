import { countResults } from '../../checks/result.ts';
import { type CheckReport, locationOf } from './report.ts';

/** Version of the JSON report format; bumped on any incompatible change. */
export const jsonReportVersion = 1;

/** The machine report: every result with its evidence location, plus totals. */
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
        location: locationOf(report, result),
      })),
    },
    null,
    2,
  )}\n`;
}
