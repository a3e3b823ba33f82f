import type { CheckResult } from '../../checks/result.ts';
import type { ControlSource } from '../../load/model.ts';

/** Everything a check reporter needs: the run's results and where their evidence is declared. */
export interface CheckReport {
  organisation: string;
  startedAt: string;
  finishedAt: string;
  results: readonly CheckResult[];
  /** Control id → title, for headings. */
  titles: Readonly<Record<string, string>>;
  /** Control id → declaring file and evidence positions (organisation-relative). */
  sources: Readonly<Record<string, ControlSource>>;
  /** Prepended to organisation-relative paths so they are relative to where the user runs. */
  pathPrefix: string;
}

/** Results grouped by control, in the order controls were declared. */
export function groupByControl(results: readonly CheckResult[]): Map<string, CheckResult[]> {
  const groups = new Map<string, CheckResult[]>();
  for (const result of results)
    groups.set(result.controlId, [...(groups.get(result.controlId) ?? []), result]);
  return groups;
}

/** Where the evidence behind a result is declared. */
export function locationOf(
  report: CheckReport,
  result: CheckResult,
): { file: string; line: number; column: number } {
  const source = report.sources[result.controlId];
  const position = source?.evidence[result.evidenceIndex] ?? { line: 1, column: 1 };
  return {
    file: `${report.pathPrefix}${source?.file ?? `controls/${result.controlId}.yaml`}`,
    ...position,
  };
}

/** A short, single-line rendering of an observed or expected value. */
export function summarise(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}
