import { and, eq, gt, or, sql } from 'drizzle-orm';
import type { Leases } from '../leases.ts';
import { leases } from '../schema.ts';
import type { Connection } from './connection.ts';

export function sqliteLeases({ db }: Connection): Leases {
  return {
    async acquire(name, holder, now, until) {
      // One upsert: the row changes only when the lease is free, ran out, or is the holder's.
      const row = db
        .insert(leases)
        .values({ name, holder, expiresAt: until })
        .onConflictDoUpdate({
          target: leases.name,
          set: { holder, expiresAt: until },
          setWhere: or(eq(leases.holder, holder), sql`${leases.expiresAt} <= ${now}`),
        })
        .returning({ holder: leases.holder })
        .get();
      return row?.holder === holder;
    },
    async release(name, holder) {
      db.delete(leases)
        .where(and(eq(leases.name, name), eq(leases.holder, holder)))
        .run();
    },
    async holder(name, now) {
      const row = db
        .select({ holder: leases.holder })
        .from(leases)
        .where(and(eq(leases.name, name), gt(leases.expiresAt, now)))
        .get();
      return row?.holder;
    },
  };
}
