import { desc, eq } from 'drizzle-orm';
import type { CheckResult } from '../checks/result.ts';
import { countResults } from '../checks/result.ts';
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
 * only if the evidence item at its position still has the same check type and target;
 * results of removed or rewritten checks are ignored rather than misattributed.
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
    if (evidence.check !== row.check_type || evidence.target !== row.target) continue;
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
    });
  }
  return results;
}

/** The newest stored result of every check the organisation declares now. */
export function latestCheckResults(store: Store, model: Organisation): CheckResult[] {
  const rows = store.sqlite
    .prepare(
      `select r.* from check_results r
       join (select control_id, evidence_index, max(at) as at from check_results group by control_id, evidence_index) newest
         on newest.control_id = r.control_id and newest.evidence_index = r.evidence_index and newest.at = r.at
       group by r.control_id, r.evidence_index
       order by r.id`,
    )
    .all() as Array<Record<string, unknown>>;
  return toCurrentResults(rows, model);
}

/** Every stored result since `since` (ISO) of the checks the organisation declares now. */
export function checkResultsSince(store: Store, model: Organisation, since: string): CheckResult[] {
  const rows = store.sqlite
    .prepare('select * from check_results where at >= ? order by at')
    .all(since) as Array<Record<string, unknown>>;
  return toCurrentResults(rows, model);
}
