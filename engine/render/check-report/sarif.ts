import type { CheckResult } from '../../checks/result.ts';
import { checkTypes } from '../../schema/index.ts';
import {
  type CheckReference,
  checkReferences,
  renderCheckReferenceSection,
} from '../check-reference.ts';
import { type CheckReport, locationOf, summarise } from './report.ts';

const ruleId = (type: string) => `attest/${type}`;

/** Where the whole reference lives in the Attest package. */
const referencePath = 'controls/README.md of the Attest package, "Check reference"';

/**
 * A rule's descriptions and help (GitHub code scanning wants `fullDescription` and `help`:
 * its rule GH2012): what the check does, what makes it fail or error, and how to fix it,
 * with the check type's fields as markdown.
 */
function describeRule(reference: CheckReference) {
  const full = `${reference.description} A failure means the configuration contradicts a claim the trust center makes; an error means the check could not tell (never counted as a pass).`;
  const fix =
    'Fix the configuration the check looks at, or correct the expectation in the control file; a failure that is accepted for now needs a waiver with a reason and an expiry. Run `attest check --control ID` to try again.';
  return {
    shortDescription: {
      text: `${reference.label}: a ${reference.type} check of a declared claim failed or could not run`,
    },
    fullDescription: { text: full },
    help: {
      text: `${full} ${fix} Fields: ${reference.expect.map((field) => field.name).join(', ') || 'none'}. Reference: ${referencePath}.`,
      markdown: `${fix}\n\n${renderCheckReferenceSection(reference, 2)}\n\nThe reference of every check type: ${referencePath}.`,
    },
  };
}

/**
 * SARIF 2.1.0: one rule per check type, one result per failing or erroring check, located
 * at the YAML line that declares its evidence. Waived failures carry a suppression. Paths
 * are relative to the repository root (the report's `pathPrefix` leads from there to the
 * organisation), under the base id `%SRCROOT%`, as code-scanning services expect.
 */
export function renderSarifReport(report: CheckReport, toolVersion: string): string {
  const references = new Map(checkReferences().map((reference) => [reference.type, reference]));
  const rules = checkTypes.map((type) => {
    const reference = references.get(type);
    if (!reference) throw new Error(`no reference for check type ${type}`);
    return {
      id: ruleId(type),
      name: `${type.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}Check`,
      ...describeRule(reference),
      defaultConfiguration: { level: 'error' as const },
    };
  });
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
              artifactLocation: { uri: where.file, uriBaseId: '%SRCROOT%' },
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
