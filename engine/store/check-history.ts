import { desc, eq } from 'drizzle-orm';
import type { CheckResult } from '../checks/result.ts';
import { countResults } from '../checks/result.ts';
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
