import type { CheckResult } from '../../checks/result.ts';
import { escapeXml } from '../xml.ts';
import { type CheckReport, groupByControl, locationOf, summarise } from './report.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(report: CheckReport, result: CheckResult): string {
  const where = locationOf(report, result);
  const name = escapeXml(
    `${result.check} ${result.target}${result.evidenceId ? ` (${result.evidenceId})` : ''}`,
  );
  const open = `    <testcase classname="${escapeXml(result.controlId)}" name="${name}" file="${escapeXml(where.file)}" line="${where.line}" time="${seconds(result.durationMs)}"`;
  const detail = escapeXml(
    `observed: ${summarise(result.observed)}\nexpected: ${summarise(result.expected)}${result.hint ? `\nhint: ${result.hint}` : ''}`,
  );
  const message = escapeXml(result.message);
  if (result.waiver?.active && (result.status === 'fail' || result.status === 'error')) {
    return `${open}>\n      <skipped message="${escapeXml(`waived until ${result.waiver.expires}: ${result.waiver.reason} — ${result.message}`)}"/>\n    </testcase>`;
  }
  switch (result.status) {
    case 'fail':
      return `${open}>\n      <failure message="${message}" type="fail">${detail}</failure>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${message}" type="error">${detail}</error>\n    </testcase>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${message}"/>\n    </testcase>`;
    default:
      return `${open}/>`;
  }
}

function counts(results: readonly CheckResult[]) {
  const waived = (result: CheckResult) =>
    result.waiver?.active && (result.status === 'fail' || result.status === 'error');
  return {
    tests: results.length,
    failures: results.filter((r) => r.status === 'fail' && !waived(r)).length,
    errors: results.filter((r) => r.status === 'error' && !waived(r)).length,
    skipped: results.filter((r) => r.status === 'skipped' || waived(r)).length,
    time: seconds(results.reduce((total, r) => total + r.durationMs, 0)),
  };
}

const attributes = (c: ReturnType<typeof counts>) =>
  `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${c.time}"`;

/** JUnit XML: one testsuite per control, one testcase per check; waived failures are skipped. */
export function renderJunitReport(report: CheckReport): string {
  const suites = [...groupByControl(report.results)].map(([controlId, results]) => {
    const title = report.titles[controlId] ?? controlId;
    return [
      `  <testsuite name="${escapeXml(controlId)}" ${attributes(counts(results))} timestamp="${escapeXml(report.startedAt.replace(/\.\d+Z$/, ''))}">`,
      `    <properties><property name="title" value="${escapeXml(title)}"/><property name="visibility" value="${escapeXml(results[0]?.visibility ?? '')}"/></properties>`,
      ...results.map((result) => testcase(report, result)),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`attest check — ${report.organisation}`)}" ${attributes(counts(report.results))}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
