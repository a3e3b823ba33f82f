import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Users } from '../users.ts';
import { type Connection, insertedRow } from './connection.ts';
import { users } from './schema.ts';

export function postgresUsers({ db }: Connection): Users {
  return {
    async upsertWithSetup(user) {
      const setup = { setupTokenHash: user.setupTokenHash, setupExpiresAt: user.setupExpiresAt };
      const rows = await db
        .insert(users)
        .values(user)
        .onConflictDoUpdate({ target: users.email, set: { role: user.role, ...setup } })
        .returning();
      return insertedRow(rows, 'users');
    },
    async insertExternal(user) {
      await db.insert(users).values(user).onConflictDoNothing({ target: users.email });
      const rows = await db.select().from(users).where(eq(users.email, user.email));
      return insertedRow(rows, 'users');
    },
    async setRole(userId, role) {
      await db.update(users).set({ role }).where(eq(users.id, userId));
    },
    async byEmail(email) {
      return (await db.select().from(users).where(eq(users.email, email)))[0];
    },
    async bySetupTokenHash(hash) {
      return (await db.select().from(users).where(eq(users.setupTokenHash, hash)))[0];
    },
    async list() {
      return db.select().from(users).orderBy(asc(users.id));
    },
    async claimTotpStep(userId, step) {
      const result = await db
        .update(users)
        .set({ totpLastStep: step })
        .where(
          and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))),
        );
      return (result.rowCount ?? 0) > 0;
    },
    async updateCredentials(userId, changes) {
      await db
        .update(users)
        .set({ ...changes, authVersion: sql`${users.authVersion} + 1` })
        .where(eq(users.id, userId));
    },
    async setBackupCodes(userId, codes) {
      await db.update(users).set({ backupCodes: codes }).where(eq(users.id, userId));
    },
    async disable(userId, at) {
      const rows = await db
        .update(users)
        .set({ disabledAt: at })
        .where(eq(users.id, userId))
        .returning();
      return rows[0];
    },
  };
}
