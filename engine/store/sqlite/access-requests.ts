import { and, asc, count, desc, eq, gte, inArray, isNull } from 'drizzle-orm';
import type { AccessRequests } from '../access-requests.ts';
import { accessGrants, accessRequests, downloads } from '../schema.ts';
import type { Connection } from './connection.ts';

export function sqliteAccessRequests({ db }: Connection): AccessRequests {
  return {
    async create(request) {
      return db
        .insert(accessRequests)
        .values({ ...request, status: 'pending' })
        .returning()
        .get();
    },
    async decide(id, decision) {
      return db
        .update(accessRequests)
        .set({ status: decision.status, decidedBy: decision.by, decidedAt: decision.at })
        .where(and(eq(accessRequests.id, id), eq(accessRequests.status, 'pending')))
        .returning()
        .get();
    },
    async byId(id) {
      return db.select().from(accessRequests).where(eq(accessRequests.id, id)).get();
    },
    async list(limit) {
      return db.select().from(accessRequests).orderBy(desc(accessRequests.id)).limit(limit).all();
    },
    async grant(grant) {
      return db.insert(accessGrants).values(grant).returning().get();
    },
    async revokeGrants(requestId, at) {
      return db
        .update(accessGrants)
        .set({ revokedAt: at })
        .where(and(eq(accessGrants.requestId, requestId), isNull(accessGrants.revokedAt)))
        .run().changes;
    },
    async grantsOf(requestIds) {
      if (requestIds.length === 0) return [];
      return db
        .select({ grant: accessGrants, downloads: count(downloads.id) })
        .from(accessGrants)
        .leftJoin(downloads, eq(downloads.grantId, accessGrants.id))
        .where(inArray(accessGrants.requestId, [...requestIds]))
        .groupBy(accessGrants.id)
        .all()
        .map((row) => ({ ...row.grant, downloads: row.downloads }));
    },
    async grantForDownload(grantId, documentId) {
      return db
        .select({
          grant: accessGrants,
          status: accessRequests.status,
          email: accessRequests.email,
          name: accessRequests.name,
          company: accessRequests.company,
        })
        .from(accessGrants)
        .innerJoin(accessRequests, eq(accessRequests.id, accessGrants.requestId))
        .where(and(eq(accessGrants.id, grantId), eq(accessGrants.documentId, documentId)))
        .get();
    },
    async recordDownload(download) {
      db.insert(downloads).values(download).run();
    },
    async downloads() {
      return db.select().from(downloads).orderBy(asc(downloads.id)).all();
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
        .limit(limit)
        .all();
    },
  };
}
