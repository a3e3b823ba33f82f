import { eq, lt, or } from 'drizzle-orm';
import type { Sessions } from '../sessions.ts';
import { type Connection, insertedRow } from './connection.ts';
import { sessions, users } from './schema.ts';

export function postgresSessions({ db }: Connection): Sessions {
  return {
    async create(session) {
      return insertedRow(await db.insert(sessions).values(session).returning(), 'sessions');
    },
    async byTokenHash(tokenHash) {
      const rows = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.tokenHash, tokenHash));
      return rows[0];
    },
    async ofUser(userId) {
      return db.select().from(sessions).where(eq(sessions.userId, userId));
    },
    async touch(id, at) {
      await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
    },
    async markVerified(id, at) {
      await db.update(sessions).set({ verifiedAt: at }).where(eq(sessions.id, id));
    },
    async delete(id) {
      await db.delete(sessions).where(eq(sessions.id, id));
    },
    async deleteOfUser(userId) {
      await db.delete(sessions).where(eq(sessions.userId, userId));
    },
    async deleteExpired(idleBefore, createdBefore) {
      await db
        .delete(sessions)
        .where(or(lt(sessions.lastSeenAt, idleBefore), lt(sessions.createdAt, createdBefore)));
    },
  };
}
