import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, max } from 'drizzle-orm';
import { type CheckHistory, resultRow, runRow } from '../check-history.ts';
import { checkResults, checkRuns } from '../schema.ts';
import { type Connection, writeAtomically } from './connection.ts';

export function sqliteCheckHistory(connection: Connection): CheckHistory {
  const { db } = connection;
  return {
    async saveRun(run) {
      return writeAtomically(connection, () => {
        const row = db.insert(checkRuns).values(runRow(run)).returning({ id: checkRuns.id }).get();
        for (const result of run.results) {
          db.insert(checkResults).values(resultRow(row.id, result)).run();
        }
        return row.id;
      });
    },
    async listRuns(limit = 20) {
      return db.select().from(checkRuns).orderBy(desc(checkRuns.id)).limit(limit).all();
    },
    async runsStartedAt(organisation, startedAt) {
      return db
        .select()
        .from(checkRuns)
        .where(and(eq(checkRuns.organisation, organisation), eq(checkRuns.startedAt, startedAt)))
        .orderBy(asc(checkRuns.id))
        .all();
    },
    async resultsOfRun(runId) {
      return db.select().from(checkResults).where(eq(checkResults.runId, runId)).all();
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
        .orderBy(asc(checkResults.id))
        .all();
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
        .orderBy(asc(checkResults.id))
        .all();
    },
  };
}
