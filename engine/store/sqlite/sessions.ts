import { eq, lt, or } from 'drizzle-orm';
import { sessions, users } from '../schema.ts';
import type { Sessions } from '../sessions.ts';
import type { Connection } from './connection.ts';

export function sqliteSessions({ db }: Connection): Sessions {
  return {
    async create(session) {
      return db.insert(sessions).values(session).returning().get();
    },
    async byTokenHash(tokenHash) {
      return db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.tokenHash, tokenHash))
        .get();
    },
    async ofUser(userId) {
      return db.select().from(sessions).where(eq(sessions.userId, userId)).all();
    },
    async touch(id, at) {
      db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id)).run();
    },
    async markVerified(id, at) {
      db.update(sessions).set({ verifiedAt: at }).where(eq(sessions.id, id)).run();
    },
    async delete(id) {
      db.delete(sessions).where(eq(sessions.id, id)).run();
    },
    async deleteOfUser(userId) {
      db.delete(sessions).where(eq(sessions.userId, userId)).run();
    },
    async deleteExpired(idleBefore, createdBefore) {
      db.delete(sessions)
        .where(or(lt(sessions.lastSeenAt, idleBefore), lt(sessions.createdAt, createdBefore)))
        .run();
    },
  };
}
