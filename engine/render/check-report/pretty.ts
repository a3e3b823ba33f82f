import { type CheckResult, countResults, isContradiction } from '../../checks/result.ts';
import { plural } from '../../source/plural.ts';
import { type CheckReport, groupByControl, locationOf, summarise } from './report.ts';

type Style = (format: 'red' | 'green' | 'yellow' | 'cyan' | 'dim' | 'bold', text: string) => string;
const plain: Style = (_, text) => text;

function rank(results: readonly CheckResult[]): number {
  if (results.some(isContradiction)) return 0;
  if (results.some((result) => result.status === 'error' && !result.waiver?.active)) return 1;
  if (results.some((result) => result.waiver?.active)) return 2;
  if (results.some((result) => result.status === 'pass')) return 3;
  return 4;
}

function mark(result: CheckResult, style: Style): string {
  if (result.waiver?.active && result.status !== 'pass' && result.status !== 'skipped')
    return style('yellow', 'waived');
  return {
    pass: style('green', 'pass'),
    fail: style('red', 'FAIL'),
    error: style('yellow', 'error'),
    skipped: style('dim', 'skipped'),
  }[result.status];
}

function describeResult(report: CheckReport, result: CheckResult, style: Style): string[] {
  const where = locationOf(report, result);
  const lines = [
    `  ${mark(result, style).padEnd(7)}  ${result.check} ${result.target}  ${style('dim', `${where.file}:${where.line}`)}`,
  ];
  lines.push(`           ${result.message}`);
  if (result.status === 'fail' || result.status === 'error') {
    lines.push(`           observed: ${summarise(result.observed)}`);
    lines.push(`           expected: ${summarise(result.expected)}`);
  }
  if (result.waiver) {
    lines.push(
      result.waiver.active
        ? `           waived until ${result.waiver.expires}: ${result.waiver.reason}`
        : `           waiver expired ${result.waiver.expires} and no longer applies: ${result.waiver.reason}`,
    );
  }
  if (result.hint && result.status !== 'pass')
    lines.push(`           ${style('cyan', 'hint:')} ${result.hint}`);
  return lines;
}

/**
 * The human report: controls with contradicted claims first, then errors, waivers and
 * passes; each problem with observed vs expected and a hint; a summary that states plainly
 * which public claims are contradicted and which could not be verified.
 */
export function renderPrettyReport(report: CheckReport, style: Style = plain): string {
  const groups = [...groupByControl(report.results)].sort(([, a], [, b]) => rank(a) - rank(b));
  const out: string[] = [];
  for (const [controlId, results] of groups) {
    const title = report.titles[controlId] ?? controlId;
    const visibility = results[0]?.visibility ?? 'public';
    const settled = results.every(
      (result) => result.status === 'pass' || result.status === 'skipped',
    );
    const icon = results.some(isContradiction)
      ? style('red', '✖')
      : settled
        ? style('green', '✓')
        : style('yellow', '!');
    out.push(`${icon} ${style('bold', controlId)} — ${title} ${style('dim', `(${visibility})`)}`);
    if (settled) {
      const passed = results.filter((result) => result.status === 'pass').length;
      const skipped = results.length - passed;
      out.push(
        `  ${passed} passed${skipped ? `, ${skipped} skipped (${results.find((r) => r.status === 'skipped')?.message})` : ''}`,
      );
      continue;
    }
    for (const result of results) out.push(...describeResult(report, result, style));
  }
  const counts = countResults(report.results);
  const contradicted = new Set(
    report.results
      .filter((r) => isContradiction(r) && r.visibility !== 'internal')
      .map((r) => r.controlId),
  );
  const unverified = new Set(
    report.results.filter((r) => r.status === 'error' && !r.waiver?.active).map((r) => r.controlId),
  );
  out.push('');
  out.push(
    `${plural(report.results.length, 'check')}: ${counts.pass} passed, ${counts.fail} failed, ${plural(counts.error, 'error')}, ${counts.waived} waived, ${counts.skipped} skipped`,
  );
  if (contradicted.size)
    out.push(
      style(
        'red',
        `✖ ${plural(contradicted.size, 'public or gated claim')} contradicted: ${[...contradicted].join(', ')}`,
      ),
    );
  if (unverified.size)
    out.push(
      style(
        'yellow',
        `⚠ ${plural(unverified.size, 'control')} could not be verified (checks errored): ${[...unverified].join(', ')}`,
      ),
    );
  if (!contradicted.size && !unverified.size)
    out.push(style('green', '✓ every check reached a verdict and no claim is contradicted'));
  return out.join('\n');
}
