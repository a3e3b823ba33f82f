import { escapeXml } from '../render/xml.ts';
import type { ClaimReport } from './recheck-claims.ts';
import type { VerifyReport } from './verify-trust-center.ts';

/** The signature verdict in words. */
export function signatureText(report: VerifyReport): string {
  const { signature } = report;
  switch (signature.status) {
    case 'valid':
      return `valid (key ${signature.keyId}${signature.retired ? ', retired' : ''})`;
    case 'unsigned':
      return report.fetchError ? 'not read' : 'unsigned: the trust center publishes no signature';
    case 'unknown-key':
      return `BAD: signed by key ${signature.keyId}, which the published key set does not list${report.keysError ? ` (${report.keysError})` : ''}`;
    case 'key-mismatch':
      return `BAD: signed by key ${signature.keyId}, not the pinned ${signature.pinned}`;
    case 'invalid':
      return `BAD: ${signature.reason}`;
  }
}

/** The history verdict in words. */
export function historyText(report: VerifyReport): string {
  const { history } = report;
  if (!history.ok) return `BROKEN: ${history.problem ?? 'unknown problem'}`;
  const since = history.since?.found
    ? `; contains ${history.since.head.slice(0, 16)}… (publication ${history.since.number})`
    : '';
  return `publication ${history.number}, head ${history.head}, ${history.walked} linked${since}`;
}

const verdictWords: Record<ClaimReport['verdict'], string> = {
  holds: 'holds',
  contradicted: 'CONTRADICTED',
  'could-not-check': 'could not check',
  'not-checkable': 'not checkable from outside',
};

/** A plain-text report for a terminal. */
export function renderPrettyVerifyReport(report: VerifyReport): string {
  const lines = [`Trust center: ${report.organisation ?? '(unknown)'} — ${report.url}`];
  if (report.fetchError) lines.push(`  could not read trust.json: ${report.fetchError}`);
  lines.push(`  signature: ${signatureText(report)}`, `  history:   ${historyText(report)}`);
  for (const override of report.overrides)
    lines.push(`  note: used the override ${override}; the real public address was not checked`);
  for (const claim of report.claims) {
    const rests = claim.restsOn ? ` (${claim.restsOn}; stated ${claim.status})` : '';
    lines.push(`  ${verdictWords[claim.verdict].padEnd(16)} ${claim.id}: ${claim.title}${rests}`);
    for (const item of claim.evidence)
      if (item.verdict !== 'holds')
        lines.push(`      ${item.check} ${item.target}: ${item.message}`);
  }
  const count = (verdict: ClaimReport['verdict']) =>
    report.claims.filter((claim) => claim.verdict === verdict).length;
  lines.push(
    `  ${count('holds')} hold · ${count('contradicted')} contradicted · ${count('could-not-check')} could not check · ${count('not-checkable')} not checkable from outside — ${report.ok ? 'VERIFIED' : 'NOT VERIFIED'} (${report.durationMs} ms)`,
  );
  return `${lines.join('\n')}\n`;
}

/** JSON: the reports as they are, one array (stable field names: docs/verifying.md). */
export function renderJsonVerifyReport(reports: readonly VerifyReport[]): string {
  return `${JSON.stringify({ version: 1, reports }, null, 2)}\n`;
}

/** JUnit XML: one testsuite per trust center; signature, history and each claim a testcase. */
export function renderJunitVerifyReport(reports: readonly VerifyReport[]): string {
  const suites = reports.map((report) => {
    const cases: string[] = [];
    const name = escapeXml(report.url);
    const signatureOk =
      report.signature.status === 'valid' || report.signature.status === 'unsigned';
    cases.push(
      signatureOk && !report.fetchError
        ? `    <testcase classname="${name}" name="signature"/>`
        : `    <testcase classname="${name}" name="signature"><failure message="${escapeXml(report.fetchError ?? signatureText(report))}" type="signature"/></testcase>`,
      report.history.ok
        ? `    <testcase classname="${name}" name="history"/>`
        : `    <testcase classname="${name}" name="history"><failure message="${escapeXml(historyText(report))}" type="history"/></testcase>`,
    );
    for (const claim of report.claims) {
      const open = `    <testcase classname="${name}" name="${escapeXml(claim.id)}"`;
      const detail = escapeXml(
        claim.evidence
          .filter((item) => item.verdict !== 'holds')
          .map((item) => `${item.check} ${item.target}: ${item.message}`)
          .join('; '),
      );
      if (claim.verdict === 'contradicted')
        cases.push(`${open}><failure message="${detail}" type="contradicted"/></testcase>`);
      else if (claim.verdict === 'could-not-check')
        cases.push(`${open}><error message="${detail}" type="could-not-check"/></testcase>`);
      else if (claim.verdict === 'not-checkable')
        cases.push(`${open}><skipped message="${escapeXml(claim.restsOn ?? '')}"/></testcase>`);
      else cases.push(`${open}/>`);
    }
    const failures = cases.filter((text) => text.includes('<failure')).length;
    const errors = cases.filter((text) => text.includes('<error')).length;
    const skipped = cases.filter((text) => text.includes('<skipped')).length;
    return [
      `  <testsuite name="${name}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="attest verify">\n${suites.join('\n')}\n</testsuites>\n`;
}

const sarifRules = [
  { id: 'attest-verify/signature', text: 'The trust.json signature does not verify.' },
  { id: 'attest-verify/history', text: 'The publication history is broken or rewritten.' },
  { id: 'attest-verify/contradicted', text: 'A public claim is contradicted from outside.' },
  { id: 'attest-verify/could-not-check', text: 'A public claim could not be checked.' },
];

/** SARIF 2.1.0: one result per bad signature, broken history and claim not holding. */
export function renderSarifVerifyReport(
  reports: readonly VerifyReport[],
  toolVersion: string,
): string {
  const results = reports.flatMap((report) => {
    const location = [{ physicalLocation: { artifactLocation: { uri: report.url } } }];
    const found: Record<string, unknown>[] = [];
    if (report.fetchError || !['valid', 'unsigned'].includes(report.signature.status))
      found.push({
        ruleId: 'attest-verify/signature',
        level: 'error',
        message: { text: report.fetchError ?? signatureText(report) },
        locations: location,
      });
    if (!report.history.ok)
      found.push({
        ruleId: 'attest-verify/history',
        level: 'error',
        message: { text: historyText(report) },
        locations: location,
      });
    for (const claim of report.claims) {
      if (claim.verdict !== 'contradicted' && claim.verdict !== 'could-not-check') continue;
      found.push({
        ruleId: `attest-verify/${claim.verdict}`,
        level: claim.verdict === 'contradicted' ? 'error' : 'warning',
        message: {
          text: `${claim.id}: ${claim.evidence
            .filter((item) => item.verdict !== 'holds')
            .map((item) => `${item.check} ${item.target}: ${item.message}`)
            .join('; ')}`,
        },
        locations: location,
        properties: { claim: claim.id, status: claim.status },
      });
    }
    return found;
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'attest verify',
            version: toolVersion,
            rules: sarifRules.map(({ id, text }) => ({ id, shortDescription: { text } })),
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** The summary table of a `--list` run: one row per trust center, header first. */
export function summaryRows(reports: readonly VerifyReport[]): string[][] {
  const count = (report: VerifyReport, verdict: ClaimReport['verdict']) =>
    String(report.claims.filter((claim) => claim.verdict === verdict).length);
  return [
    [
      'trust center',
      'result',
      'signature',
      'history',
      'hold',
      'contradicted',
      'could not check',
      'not checkable',
    ],
    ...reports.map((report) => [
      report.organisation ? `${report.organisation} (${report.url})` : report.url,
      report.ok ? 'verified' : 'NOT VERIFIED',
      report.fetchError ? 'not read' : report.signature.status,
      report.history.ok ? `ok (#${report.history.number})` : 'BROKEN',
      count(report, 'holds'),
      count(report, 'contradicted'),
      count(report, 'could-not-check'),
      count(report, 'not-checkable'),
    ]),
  ];
}
