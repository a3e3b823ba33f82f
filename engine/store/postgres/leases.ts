import { and, eq, gt, or, sql } from 'drizzle-orm';
import type { Leases } from '../leases.ts';
import type { Connection } from './connection.ts';
import { leases } from './schema.ts';

export function postgresLeases({ db }: Connection): Leases {
  return {
    async acquire(name, holder, now, until) {
      // One upsert: the row changes only when the lease is free, ran out, or is the holder's;
      // two processes racing for a free lease are ordered by the row lock the upsert takes.
      const rows = await db
        .insert(leases)
        .values({ name, holder, expiresAt: until })
        .onConflictDoUpdate({
          target: leases.name,
          set: { holder, expiresAt: until },
          setWhere: or(eq(leases.holder, holder), sql`${leases.expiresAt} <= ${now}`),
        })
        .returning({ holder: leases.holder });
      return rows[0]?.holder === holder;
    },
    async release(name, holder) {
      await db.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder)));
    },
    async holder(name, now) {
      const rows = await db
        .select({ holder: leases.holder })
        .from(leases)
        .where(and(eq(leases.name, name), gt(leases.expiresAt, now)));
      return rows[0]?.holder;
    },
  };
}
