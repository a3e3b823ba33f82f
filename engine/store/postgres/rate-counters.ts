import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { type RateCounters, verdictOnCounted } from '../rate-counters.ts';
import type { Connection } from './connection.ts';
import { rateCounters } from './schema.ts';

export function postgresRateCounters({ db }: Connection): RateCounters {
  return {
    async hit(key, now, rule) {
      const { windowMs } = rule;
      const start = now - (now % windowMs);
      const t = rateCounters;
      // One upsert counts the attempt under the row's lock, rolling the windows over when
      // `start` moved on (a replica whose clock is behind counts into the newer window).
      const rows = await db
        .insert(t)
        .values({
          key,
          windowStart: start,
          current: 1,
          previous: 0,
          expiresAt: start + 2 * windowMs,
        })
        .onConflictDoUpdate({
          target: t.key,
          set: {
            previous: sql`CASE WHEN ${t.windowStart} >= ${start} THEN ${t.previous} WHEN ${t.windowStart} = ${start - windowMs} THEN ${t.current} ELSE 0 END`,
            current: sql`CASE WHEN ${t.windowStart} >= ${start} THEN ${t.current} + 1 ELSE 1 END`,
            windowStart: sql`GREATEST(${t.windowStart}, ${start})`,
            expiresAt: sql`GREATEST(${t.windowStart}, ${start}) + ${2 * windowMs}`,
          },
        })
        .returning({ start: t.windowStart, current: t.current, previous: t.previous });
      const row = rows[0];
      if (!row) throw new Error('counting a rate-limited attempt returned no row');
      // A refused attempt does not count: take it back, unless the window moved on meanwhile.
      return verdictOnCounted(row, now, rule, (start) =>
        db
          .update(t)
          .set({ current: sql`${t.current} - 1` })
          .where(and(eq(t.key, key), eq(t.windowStart, start), gt(t.current, 0))),
      );
    },
    async reset(key) {
      await db.delete(rateCounters).where(eq(rateCounters.key, key));
    },
    async sweep(now) {
      const rows = await db
        .delete(rateCounters)
        .where(lte(rateCounters.expiresAt, now))
        .returning({ key: rateCounters.key });
      return rows.length;
    },
  };
}
