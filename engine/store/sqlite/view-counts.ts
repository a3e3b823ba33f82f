import { asc, gte, sql } from 'drizzle-orm';
import { viewCounts } from '../schema.ts';
import { mergeCounts, type ViewCounts } from '../view-counts.ts';
import { type Connection, writeAtomically } from './connection.ts';

/** Rows per statement (4 parameters each, well below SQLite's limit). */
const chunk = 500;

export function sqliteViewCounts(connection: Connection): ViewCounts {
  const { db } = connection;
  return {
    async add(counts) {
      const rows = mergeCounts(counts);
      if (rows.length === 0) return;
      writeAtomically(connection, () => {
        for (let start = 0; start < rows.length; start += chunk)
          db.insert(viewCounts)
            .values(rows.slice(start, start + chunk))
            .onConflictDoUpdate({
              target: [viewCounts.day, viewCounts.path, viewCounts.kind],
              // `excluded.count` is each row's own increment.
              set: { count: sql`${viewCounts.count} + excluded.count` },
            })
            .run();
      });
    },
    async since(fromDay) {
      return db
        .select()
        .from(viewCounts)
        .where(gte(viewCounts.day, fromDay))
        .orderBy(asc(viewCounts.day), asc(viewCounts.path), asc(viewCounts.kind))
        .all();
    },
  };
}
