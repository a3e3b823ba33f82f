import { checkDefinition } from '../checks/definition.ts';
import type { CheckResult } from '../checks/result.ts';
import { countResults, maxClockSkewMs } from '../checks/result.ts';
import type { Organisation } from '../load/model.ts';
import type { CheckResultRow, CheckRunRow } from './schema.ts';
import type { Repositories } from './store.ts';

export type { CheckResultRow, CheckRunRow };

/** A finished run, ready to store. */
export interface RunRecord {
  organisation: string;
  startedAt: string;
  finishedAt: string;
  gitCommit: string | undefined;
  results: readonly CheckResult[];
}

/** The row of a run, with its counts by status: the same for every driver. */
export function runRow(run: RunRecord) {
  const counts = countResults(run.results);
  return {
    organisation: run.organisation,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    gitCommit: run.gitCommit ?? null,
    passed: counts.pass,
    failed: counts.fail,
    errored: counts.error,
    skipped: counts.skipped,
    waived: counts.waived,
  };
}

/** The row of one result of run `runId`: the same for every driver. */
export function resultRow(runId: number, result: CheckResult) {
  return {
    runId,
    controlId: result.controlId,
    evidenceIndex: result.evidenceIndex,
    evidenceId: result.evidenceId ?? null,
    checkType: result.check,
    target: result.target,
    status: result.status,
    observed: result.observed ?? null,
    expected: result.expected ?? null,
    message: result.message,
    hint: result.hint ?? null,
    durationMs: result.durationMs,
    at: result.at,
    attempts: result.attempts,
    waiverReason: result.waiver?.reason ?? null,
    waiverExpires: result.waiver?.expires ?? null,
    waiverActive: result.waiver?.active ?? null,
    definition: result.definition,
    override: result.override ?? null,
  };
}

/** Stored `attest check` runs and their results. */
export interface CheckHistory {
  /** Stores a run and all its results in one write transaction; returns the run id. */
  saveRun(run: RunRecord): Promise<number>;
  /** The most recent runs, newest first. */
  listRuns(limit?: number): Promise<CheckRunRow[]>;
  /** The stored runs of `organisation` that started at `startedAt` (ISO), oldest first. */
  runsStartedAt(organisation: string, startedAt: string): Promise<CheckRunRow[]>;
  /** Results of one run. */
  resultsOfRun(runId: number): Promise<CheckResultRow[]>;
  /**
   * The newest result (by storage order) of each check item and definition, dated no later
   * than `until` (ISO), from runs against the real target; in storage order.
   */
  newestResults(until: string): Promise<CheckResultRow[]>;
  /** Every result dated from `since` to `until` (ISO) against the real target, in storage order. */
  resultsBetween(since: string, until: string): Promise<CheckResultRow[]>;
}

/**
 * Turns stored rows into results of the checks the organisation declares now. A row counts
 * only for the exact check definition it ran against (type, target, expect, options) and
 * only if it checked the real target (no `--resolve`, `--dns-server` or `--ca`); results of
 * removed, rewritten or strengthened checks are ignored rather than misattributed.
 */
function toCurrentResults(rows: readonly CheckResultRow[], model: Organisation): CheckResult[] {
  const controls = new Map(model.controls.map((control) => [control.id, control]));
  const results: CheckResult[] = [];
  for (const row of rows) {
    const control = controls.get(row.controlId);
    const index = row.evidenceIndex;
    const evidence = control?.evidence[index];
    if (!control || !evidence || !('check' in evidence)) continue;
    const definition = checkDefinition(evidence, model.policy);
    if (row.definition !== definition || row.override !== null) continue;
    results.push({
      status: row.status,
      observed: row.observed ?? null,
      expected: row.expected ?? null,
      message: row.message,
      ...(row.hint === null ? {} : { hint: row.hint }),
      controlId: control.id,
      visibility: control.visibility,
      evidenceIndex: index,
      evidenceId: evidence.id,
      check: evidence.check,
      target: evidence.target,
      description: evidence.description,
      durationMs: row.durationMs,
      at: row.at,
      attempts: row.attempts,
      waiver:
        row.waiverReason === null
          ? undefined
          : {
              reason: row.waiverReason,
              expires: String(row.waiverExpires),
              active: Boolean(row.waiverActive),
            },
      definition,
      override: undefined,
    });
  }
  return results;
}

/** The latest time a result may carry to be believed at `now`. */
function latestBelievable(now: Date): string {
  return new Date(now.getTime() + maxClockSkewMs).toISOString();
}

/**
 * The newest stored result of every check the organisation declares now, as it stands at
 * `now`: newest by the order runs were stored in, not by the result's own timestamp, among
 * the results of the check's current definition against its real target. A result dated
 * after `now` (plus a little clock skew) is ignored, so a run on a fast clock can neither
 * hide a later real failure nor stay fresh for ever.
 */
export async function latestCheckResults(
  store: Repositories,
  model: Organisation,
  now: Date,
): Promise<CheckResult[]> {
  return toCurrentResults(await store.checkHistory.newestResults(latestBelievable(now)), model);
}

/**
 * Every stored result from `since` to `now` (ISO, plus clock skew) of the checks the
 * organisation declares now, in the order they were stored.
 */
export async function checkResultsSince(
  store: Repositories,
  model: Organisation,
  since: string,
  now: Date,
): Promise<CheckResult[]> {
  return toCurrentResults(
    await store.checkHistory.resultsBetween(since, latestBelievable(now)),
    model,
  );
}
