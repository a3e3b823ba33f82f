import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.ts';
import { maxClockSkewMs } from '../checks/result.ts';
import {
  type ImportedReport,
  parseJsonCheckReport,
} from '../render/check-report/json-report-schema.ts';
import { canonicalJson } from '../schema/canonical-json.ts';
import type { Repositories } from '../store/store.ts';

/** One JSON check report to import: its name (for messages) and its text. */
export interface ReportFile {
  name: string;
  text: string;
}

/** What is wrong with one file; nothing is imported while any file has a problem. */
export interface ReportProblem {
  file: string;
  problems: string[];
}

/** What an import did. */
export interface ImportSummary {
  files: number;
  /** Runs stored, one per new file. */
  runs: number;
  /** Results stored. */
  results: number;
  /** Files already in the store (same organisation, start and results), left out. */
  skipped: { file: string; runId: number }[];
}

/** The fields of a result that make it the same result, whichever store holds it. */
interface ResultKey {
  controlId: string;
  evidenceIndex: number;
  definition: string | null;
  status: string;
  at: string;
  override: string | null;
}

/** A hash of a run's results, independent of their order. */
function resultSetHash(results: readonly ResultKey[]): string {
  const keys = results
    .map((result) =>
      canonicalJson({
        controlId: result.controlId,
        evidenceIndex: result.evidenceIndex,
        definition: result.definition,
        status: result.status,
        at: result.at,
        override: result.override,
      }),
    )
    .sort();
  return createHash('sha256').update(keys.join('\n')).digest('hex');
}

/** The timestamps of a report that lie after `now` (plus clock skew), as problems. */
function futureProblems(report: ImportedReport, now: Date): string[] {
  const latest = now.getTime() + maxClockSkewMs;
  const stamps: [string, string][] = [
    ['startedAt', report.startedAt],
    ['finishedAt', report.finishedAt],
    ...report.results.map((result, n): [string, string] => [`results[${n}].at`, result.at]),
  ];
  return stamps
    .filter(([, stamp]) => Date.parse(stamp) > latest)
    .map(
      ([where, stamp]) =>
        `${where}: ${stamp} is in the future (now is ${now.toISOString()}); results from the future are refused — fix the clock of the machine that ran the checks and run them again`,
    );
}

/** Reads and checks every file; problems for all of them at once, or the reports. */
export function readCheckReports(
  files: readonly ReportFile[],
  now: Date,
): { reports: ImportedReport[] } | { problems: ReportProblem[] } {
  const reports: ImportedReport[] = [];
  const problems: ReportProblem[] = [];
  for (const file of files) {
    const parsed = parseJsonCheckReport(file.text);
    const found = 'problems' in parsed ? parsed.problems : futureProblems(parsed.report, now);
    if (found.length) problems.push({ file: file.name, problems: found });
    else if ('report' in parsed) reports.push(parsed.report);
  }
  return problems.length ? { problems } : { reports };
}

/**
 * Imports JSON check reports (`attest check --format json`, e.g. one per CI shard) into the
 * check history, each as one run in its own transaction, so `attest build --skip-checks`
 * sees them as if the checks had run here. Nothing is stored unless every file is valid. A
 * file whose run is stored already — same organisation, start and set of results — is
 * skipped, so importing twice never counts twice. Results run with `--resolve`, `--ca` or
 * `--dns-server` keep their `override` and never verify a claim. Each stored run is
 * written to the audit log in the same transaction, by `actor` (`cli`, or the API token).
 */
export async function importCheckReports(
  store: Repositories,
  files: readonly ReportFile[],
  now: Date,
  actor = 'cli',
): Promise<{ summary: ImportSummary } | { problems: ReportProblem[] }> {
  const read = readCheckReports(files, now);
  if ('problems' in read) return read;
  const summary: ImportSummary = { files: files.length, runs: 0, results: 0, skipped: [] };
  for (const [n, report] of read.reports.entries()) {
    const file = files[n]?.name ?? String(n);
    const hash = resultSetHash(
      report.results.map((result) => ({ ...result, override: result.override ?? null })),
    );
    await store.transaction(async (tx) => {
      for (const run of await tx.checkHistory.runsStartedAt(
        report.organisation,
        report.startedAt,
      )) {
        if (resultSetHash(await tx.checkHistory.resultsOfRun(run.id)) === hash) {
          summary.skipped.push({ file, runId: run.id });
          return;
        }
      }
      const runId = await tx.checkHistory.saveRun({ ...report, gitCommit: undefined });
      await appendAudit(tx, {
        actor,
        action: 'checks.import',
        target: `run:${runId} from ${file} (${report.results.length} results)`,
        at: now.toISOString(),
      });
      summary.runs++;
      summary.results += report.results.length;
    });
  }
  return { summary };
}
