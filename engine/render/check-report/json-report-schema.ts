import { z } from 'zod';
import type { CheckResult } from '../../checks/result.ts';
import { checkTypes } from '../../schema/check.ts';
import { jsonReportVersion } from './json.ts';

const timestamp = z.iso.datetime({ offset: true, message: 'write an ISO 8601 timestamp' });

/** One result as `attest check --format json` writes it. */
const jsonResult = z.strictObject({
  /** The verdict; `error` means the check could not tell. */
  status: z.enum(['pass', 'fail', 'error', 'skipped']),
  /** What the check saw (plain JSON). */
  observed: z.unknown(),
  /** What the check required (plain JSON). */
  expected: z.unknown(),
  /** One sentence a person can act on. */
  message: z.string(),
  /** How to fix a failure or error. */
  hint: z.string().optional(),
  /** The control the check belongs to. */
  controlId: z.string().min(1),
  /** The control's visibility when the check ran. */
  visibility: z.enum(['public', 'gated', 'internal']),
  /** Position of the item in the control's `evidence` list. */
  evidenceIndex: z.number().int().nonnegative(),
  /** The evidence item's id, when it has one. */
  evidenceId: z.string().optional(),
  /** The check type. */
  check: z.enum(checkTypes as [CheckResult['check'], ...CheckResult['check'][]]),
  /** The target as declared, `${ENV}` references unexpanded. */
  target: z.string(),
  /** The evidence item's description. */
  description: z.string().optional(),
  /** How long the check took. */
  durationMs: z.number().nonnegative(),
  /** When the check started. */
  at: timestamp,
  /** How many attempts it took (0 when it could not start). */
  attempts: z.number().int().nonnegative(),
  /** The waiver that applied, if any. */
  waiver: z
    .strictObject({ reason: z.string(), expires: z.string(), active: z.boolean() })
    .optional(),
  /** The check's definition hash: the result counts for that exact definition only. */
  definition: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'expected the 32-hex-digit definition hash of the check'),
  /**
   * How the run departed from the public target (`--resolve`, `--dns-server`, `--ca`); null
   * or absent when the real target was checked. Such a result never verifies a claim.
   */
  override: z.string().nullable().optional(),
  /** Where the evidence is declared (for people; not read back). */
  location: z.strictObject({ file: z.string(), line: z.number(), column: z.number() }).optional(),
});

/** The JSON check report (`attest check --format json`), as `attest results import` reads it. */
export const jsonCheckReportSchema = z.strictObject({
  /** The report format version. */
  version: z.literal(jsonReportVersion),
  /** The organisation's name (profile `name`). */
  organisation: z.string().min(1),
  /** When the run started. */
  startedAt: timestamp,
  /** When the run finished. */
  finishedAt: timestamp,
  /** Counts by status (for people; recomputed on import). */
  summary: z.record(z.string(), z.number()).optional(),
  /** Every result of the run. */
  results: z.array(jsonResult),
});

/** A JSON check report read back: the run, with results as the engine holds them. */
export interface ImportedReport {
  organisation: string;
  startedAt: string;
  finishedAt: string;
  results: CheckResult[];
}

/**
 * Reads the text of a JSON check report; on a problem, says where (`results[2].definition`)
 * and what is wrong, for every problem at once.
 */
export function parseJsonCheckReport(
  text: string,
): { report: ImportedReport } | { problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problems: [`not JSON: ${(error as Error).message}`] };
  }
  const parsed = jsonCheckReportSchema.safeParse(data);
  if (!parsed.success)
    return {
      problems: parsed.error.issues.map(
        (issue) =>
          `${issue.path.length ? `${formatPath(issue.path)}: ` : ''}${issue.message}${
            issue.path[0] === 'version'
              ? ` (write it with \`attest check --format json\`; this Attest reads version ${jsonReportVersion})`
              : ''
          }`,
      ),
    };
  const { organisation, startedAt, finishedAt, results } = parsed.data;
  return {
    report: {
      organisation,
      startedAt,
      finishedAt,
      results: results.map(({ location: _location, override, ...result }) => ({
        ...result,
        observed: result.observed ?? null,
        expected: result.expected ?? null,
        evidenceId: result.evidenceId,
        description: result.description,
        waiver: result.waiver,
        override: override ?? undefined,
      })),
    },
  };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, n) =>
      typeof part === 'number' ? `[${part}]` : `${n === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
