import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, max } from 'drizzle-orm';
import { type CheckHistory, resultRow, runRow } from '../check-history.ts';
import { type Connection, insertedRow } from './connection.ts';
import { checkResults, checkRuns } from './schema.ts';

/** Results per INSERT: well under PostgreSQL's 65,535 parameters per statement. */
const resultsPerInsert = 1_000;

export function postgresCheckHistory({ db, atomically }: Connection): CheckHistory {
  return {
    async saveRun(run) {
      return atomically(async (tx) => {
        const rows = await tx.insert(checkRuns).values(runRow(run)).returning({ id: checkRuns.id });
        const { id } = insertedRow(rows, 'check_runs');
        const values = run.results.map((result) => resultRow(id, result));
        for (let start = 0; start < values.length; start += resultsPerInsert) {
          await tx.insert(checkResults).values(values.slice(start, start + resultsPerInsert));
        }
        return id;
      });
    },
    async listRuns(limit = 20) {
      return db.select().from(checkRuns).orderBy(desc(checkRuns.id)).limit(limit);
    },
    async runsStartedAt(organisation, startedAt) {
      return db
        .select()
        .from(checkRuns)
        .where(and(eq(checkRuns.organisation, organisation), eq(checkRuns.startedAt, startedAt)))
        .orderBy(asc(checkRuns.id));
    },
    async resultsOfRun(runId) {
      return db
        .select()
        .from(checkResults)
        .where(eq(checkResults.runId, runId))
        .orderBy(asc(checkResults.id));
    },
    async newestResults(until) {
      const newest = db
        .select({ id: max(checkResults.id) })
        .from(checkResults)
        .where(
          and(
            isNull(checkResults.override),
            isNotNull(checkResults.definition),
            lte(checkResults.at, until),
          ),
        )
        .groupBy(checkResults.controlId, checkResults.evidenceIndex, checkResults.definition);
      return db
        .select()
        .from(checkResults)
        .where(inArray(checkResults.id, newest))
        .orderBy(asc(checkResults.id));
    },
    async resultsBetween(since, until) {
      return db
        .select()
        .from(checkResults)
        .where(
          and(
            gte(checkResults.at, since),
            lte(checkResults.at, until),
            isNull(checkResults.override),
          ),
        )
        .orderBy(asc(checkResults.id));
    },
  };
}
