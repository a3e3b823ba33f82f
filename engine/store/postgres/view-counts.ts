import { asc, gte, sql } from 'drizzle-orm';
import { mergeCounts, type ViewCounts } from '../view-counts.ts';
import type { Connection } from './connection.ts';
import { viewCounts } from './schema.ts';

export function postgresViewCounts({ db }: Connection): ViewCounts {
  return {
    async add(counts) {
      const rows = mergeCounts(counts);
      if (rows.length === 0) return;
      for (let start = 0; start < rows.length; start += 500)
        await db
          .insert(viewCounts)
          .values(rows.slice(start, start + 500))
          .onConflictDoUpdate({
            target: [viewCounts.day, viewCounts.path, viewCounts.kind],
            // `excluded.count` is each row's own increment.
            set: { count: sql`${viewCounts.count} + excluded.count` },
          });
    },
    async since(fromDay) {
      return db
        .select()
        .from(viewCounts)
        .where(gte(viewCounts.day, fromDay))
        .orderBy(asc(viewCounts.day), asc(viewCounts.path), asc(viewCounts.kind));
    },
  };
}
