import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiTokens } from '../api-tokens.ts';
import { apiTokens } from '../schema.ts';
import type { Connection } from './connection.ts';

export function sqliteApiTokens({ db }: Connection): ApiTokens {
  return {
    async create(token) {
      return db.insert(apiTokens).values(token).returning().get();
    },
    async byTokenHash(tokenHash) {
      return db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)).get();
    },
    async list() {
      return db.select().from(apiTokens).orderBy(desc(apiTokens.id)).all();
    },
    async revoke(id, by, at) {
      return db
        .update(apiTokens)
        .set({ revokedAt: at, revokedBy: by })
        .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
        .returning()
        .get();
    },
    async touch(id, at) {
      db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run();
    },
  };
}
