import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiTokens } from '../api-tokens.ts';
import { type Connection, insertedRow } from './connection.ts';
import { apiTokens } from './schema.ts';

export function postgresApiTokens({ db }: Connection): ApiTokens {
  return {
    async create(token) {
      return insertedRow(await db.insert(apiTokens).values(token).returning(), 'api_tokens');
    },
    async byTokenHash(tokenHash) {
      return (await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)))[0];
    },
    async list() {
      return db.select().from(apiTokens).orderBy(desc(apiTokens.id));
    },
    async revoke(id, by, at) {
      const rows = await db
        .update(apiTokens)
        .set({ revokedAt: at, revokedBy: by })
        .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
        .returning();
      return rows[0];
    },
    async touch(id, at) {
      await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
    },
  };
}
