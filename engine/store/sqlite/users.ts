import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { users } from '../schema.ts';
import type { Users } from '../users.ts';
import type { Connection } from './connection.ts';

export function sqliteUsers({ db }: Connection): Users {
  return {
    async upsertWithSetup(user) {
      const setup = { setupTokenHash: user.setupTokenHash, setupExpiresAt: user.setupExpiresAt };
      return db
        .insert(users)
        .values(user)
        .onConflictDoUpdate({ target: users.email, set: { role: user.role, ...setup } })
        .returning()
        .get();
    },
    async insertExternal(user) {
      db.insert(users).values(user).onConflictDoNothing({ target: users.email }).run();
      const row = db.select().from(users).where(eq(users.email, user.email)).get();
      if (!row) throw new Error(`user ${user.email} was not stored`);
      return row;
    },
    async setRole(userId, role) {
      db.update(users).set({ role }).where(eq(users.id, userId)).run();
    },
    async byEmail(email) {
      return db.select().from(users).where(eq(users.email, email)).get();
    },
    async bySetupTokenHash(hash) {
      return db.select().from(users).where(eq(users.setupTokenHash, hash)).get();
    },
    async list() {
      return db.select().from(users).orderBy(asc(users.id)).all();
    },
    async claimTotpStep(userId, step) {
      return (
        db
          .update(users)
          .set({ totpLastStep: step })
          .where(
            and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))),
          )
          .run().changes > 0
      );
    },
    async updateCredentials(userId, changes) {
      db.update(users)
        .set({ ...changes, authVersion: sql`${users.authVersion} + 1` })
        .where(eq(users.id, userId))
        .run();
    },
    async setBackupCodes(userId, codes) {
      db.update(users).set({ backupCodes: codes }).where(eq(users.id, userId)).run();
    },
    async disable(userId, at) {
      return db.update(users).set({ disabledAt: at }).where(eq(users.id, userId)).returning().get();
    },
  };
}
