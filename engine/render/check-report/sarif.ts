import type { CheckResult } from '../../checks/result.ts';
import { checkTypes } from '../../schema/index.ts';
import { type CheckReport, locationOf, summarise } from './report.ts';

const ruleId = (type: string) => `attest/${type}`;

/**
 * SARIF 2.1.0: one rule per check type, one result per failing or erroring check, located
 * at the YAML line that declares its evidence. Waived failures carry a suppression.
 */
export function renderSarifReport(report: CheckReport, toolVersion: string): string {
  const rules = checkTypes.map((type) => ({
    id: ruleId(type),
    name: `${type.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}Check`,
    shortDescription: {
      text: `A ${type} check of a declared security claim failed or could not run.`,
    },
    defaultConfiguration: { level: 'error' as const },
  }));
  const results = report.results
    .filter(
      (result): result is CheckResult => result.status === 'fail' || result.status === 'error',
    )
    .map((result) => {
      const where = locationOf(report, result);
      const sarifResult: Record<string, unknown> = {
        ruleId: ruleId(result.check),
        ruleIndex: checkTypes.indexOf(result.check),
        level: result.status === 'fail' ? 'error' : 'warning',
        message: {
          text: `${result.controlId}: ${result.message} (observed ${summarise(result.observed)}; expected ${summarise(result.expected)})${result.hint ? ` — ${result.hint}` : ''}`,
        },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: where.file },
              region: { startLine: where.line, startColumn: where.column },
            },
          },
        ],
        properties: {
          controlId: result.controlId,
          status: result.status,
          target: result.target,
          visibility: result.visibility,
        },
      };
      if (result.waiver?.active) {
        sarifResult.suppressions = [
          {
            kind: 'external',
            justification: `${result.waiver.reason} (until ${result.waiver.expires})`,
          },
        ];
      }
      return sarifResult;
    });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'attest', version: toolVersion, rules } },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
