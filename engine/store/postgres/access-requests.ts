import { and, asc, count, desc, eq, gte, inArray, isNull } from 'drizzle-orm';
import type { AccessRequests } from '../access-requests.ts';
import { type Connection, insertedRow } from './connection.ts';
import { accessGrants, accessRequests, downloads } from './schema.ts';

export function postgresAccessRequests({ db }: Connection): AccessRequests {
  return {
    async create(request) {
      const rows = await db
        .insert(accessRequests)
        .values({ ...request, status: 'pending' })
        .returning();
      return insertedRow(rows, 'access_requests');
    },
    async decide(id, decision) {
      const rows = await db
        .update(accessRequests)
        .set({ status: decision.status, decidedBy: decision.by, decidedAt: decision.at })
        .where(and(eq(accessRequests.id, id), eq(accessRequests.status, 'pending')))
        .returning();
      return rows[0];
    },
    async byId(id) {
      return (await db.select().from(accessRequests).where(eq(accessRequests.id, id)))[0];
    },
    async list(limit) {
      return db.select().from(accessRequests).orderBy(desc(accessRequests.id)).limit(limit);
    },
    async grant(grant) {
      return insertedRow(await db.insert(accessGrants).values(grant).returning(), 'access_grants');
    },
    async revokeGrants(requestId, at) {
      const result = await db
        .update(accessGrants)
        .set({ revokedAt: at })
        .where(and(eq(accessGrants.requestId, requestId), isNull(accessGrants.revokedAt)));
      return result.rowCount ?? 0;
    },
    async grantsOf(requestIds) {
      if (requestIds.length === 0) return [];
      const rows = await db
        .select({ grant: accessGrants, downloads: count(downloads.id) })
        .from(accessGrants)
        .leftJoin(downloads, eq(downloads.grantId, accessGrants.id))
        .where(inArray(accessGrants.requestId, [...requestIds]))
        .groupBy(accessGrants.id)
        .orderBy(asc(accessGrants.id));
      return rows.map((row) => ({ ...row.grant, downloads: row.downloads }));
    },
    async grantForDownload(grantId, documentId) {
      const rows = await db
        .select({
          grant: accessGrants,
          status: accessRequests.status,
          email: accessRequests.email,
          name: accessRequests.name,
          company: accessRequests.company,
        })
        .from(accessGrants)
        .innerJoin(accessRequests, eq(accessRequests.id, accessGrants.requestId))
        .where(and(eq(accessGrants.id, grantId), eq(accessGrants.documentId, documentId)));
      return rows[0];
    },
    async recordDownload(download) {
      await db.insert(downloads).values(download);
    },
    async downloads() {
      return db.select().from(downloads).orderBy(asc(downloads.id));
    },
    async downloadsSince(since, limit) {
      return db
        .select({
          at: downloads.at,
          documentId: downloads.documentId,
          grantId: downloads.grantId,
          requestId: accessGrants.requestId,
          name: accessRequests.name,
          email: accessRequests.email,
          company: accessRequests.company,
          watermark: downloads.watermark,
        })
        .from(downloads)
        .innerJoin(accessGrants, eq(accessGrants.id, downloads.grantId))
        .innerJoin(accessRequests, eq(accessRequests.id, accessGrants.requestId))
        .where(gte(downloads.at, since))
        .orderBy(desc(downloads.at), desc(downloads.id))
        .limit(limit);
    },
  };
}
