import { desc, eq } from 'drizzle-orm';
import { checkDefinition } from '../checks/definition.ts';
import type { CheckResult } from '../checks/result.ts';
import { countResults, maxClockSkewMs } from '../checks/result.ts';
import type { Organisation } from '../load/model.ts';
import type { Store } from './open-store.ts';
import { checkResults, checkRuns } from './schema.ts';

/** A finished run, ready to store. */
export interface RunRecord {
  organisation: string;
  startedAt: string;
  finishedAt: string;
  gitCommit: string | undefined;
  results: readonly CheckResult[];
}

/** Stores a run and all its results in one write transaction; returns the run id. */
export function saveCheckRun(store: Store, run: RunRecord): number {
  const counts = countResults(run.results);
  const write = store.sqlite.transaction(() => {
    const [row] = store.db
      .insert(checkRuns)
      .values({
        organisation: run.organisation,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        gitCommit: run.gitCommit ?? null,
        passed: counts.pass,
        failed: counts.fail,
        errored: counts.error,
        skipped: counts.skipped,
        waived: counts.waived,
      })
      .returning({ id: checkRuns.id })
      .all();
    const runId = row?.id;
    if (runId === undefined) throw new Error('the database did not return a run id');
    for (const result of run.results) {
      store.db
        .insert(checkResults)
        .values({
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
        })
        .run();
    }
    return runId;
  });
  return write.immediate();
}

/** The most recent runs, newest first. */
export function listRuns(store: Store, limit = 20) {
  return store.db.select().from(checkRuns).orderBy(desc(checkRuns.id)).limit(limit).all();
}

/** Results of one run. */
export function resultsOfRun(store: Store, runId: number) {
  return store.db.select().from(checkResults).where(eq(checkResults.runId, runId)).all();
}

/**
 * Turns stored rows into results of the checks the organisation declares now. A row counts
 * only for the exact check definition it ran against (type, target, expect, options) and
 * only if it checked the real target (no `--resolve`, `--dns-server` or `--ca`); results of
 * removed, rewritten or strengthened checks are ignored rather than misattributed.
 */
function toCurrentResults(
  rows: readonly Record<string, unknown>[],
  model: Organisation,
): CheckResult[] {
  const controls = new Map(model.controls.map((control) => [control.id, control]));
  const results: CheckResult[] = [];
  for (const row of rows) {
    const control = controls.get(String(row.control_id));
    const index = Number(row.evidence_index);
    const evidence = control?.evidence[index];
    if (!control || !evidence || !('check' in evidence)) continue;
    const definition = checkDefinition(evidence, model.policy);
    if (row.definition !== definition || row.override !== null) continue;
    results.push({
      status: row.status as CheckResult['status'],
      observed: row.observed === null ? null : JSON.parse(String(row.observed)),
      expected: row.expected === null ? null : JSON.parse(String(row.expected)),
      message: String(row.message),
      ...(row.hint === null ? {} : { hint: String(row.hint) }),
      controlId: control.id,
      visibility: control.visibility,
      evidenceIndex: index,
      evidenceId: evidence.id,
      check: evidence.check,
      target: evidence.target,
      description: evidence.description,
      durationMs: Number(row.duration_ms),
      at: String(row.at),
      attempts: Number(row.attempts),
      waiver:
        row.waiver_reason === null
          ? undefined
          : {
              reason: String(row.waiver_reason),
              expires: String(row.waiver_expires),
              active: Boolean(row.waiver_active),
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
export function latestCheckResults(store: Store, model: Organisation, now: Date): CheckResult[] {
  const rows = store.sqlite
    .prepare(
      `select r.* from check_results r
       join (select max(id) as id from check_results
             where override is null and definition is not null and at <= ?
             group by control_id, evidence_index, definition) newest
         on newest.id = r.id
       order by r.id`,
    )
    .all(latestBelievable(now)) as Array<Record<string, unknown>>;
  return toCurrentResults(rows, model);
}

/**
 * Every stored result from `since` to `now` (ISO, plus clock skew) of the checks the
 * organisation declares now, in the order they were stored.
 */
export function checkResultsSince(
  store: Store,
  model: Organisation,
  since: string,
  now: Date,
): CheckResult[] {
  const rows = store.sqlite
    .prepare(
      'select * from check_results where at >= ? and at <= ? and override is null order by id',
    )
    .all(since, latestBelievable(now)) as Array<Record<string, unknown>>;
  return toCurrentResults(rows, model);
}
