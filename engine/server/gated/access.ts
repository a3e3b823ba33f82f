import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { appendAudit } from '../../audit/audit-log.ts';
import {
  type AccessGrantRow,
  type AccessRequestRow,
  accessGrants,
  accessRequests,
  downloads,
} from '../../store/schema.ts';
import type { ServerContext } from '../api/context.ts';
import { quoteSubmitted } from '../api/mail-text.ts';
import { signedDocumentPath } from './signed-link.ts';

/** Who did something, and from where (for the audit log). */
export interface Actor {
  actor: string;
  ip?: string | null;
  userAgent?: string | null;
}

/** Lower-case domain of an address. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** True when `domain` is on the allow-list, or a subdomain of an entry. */
export function isAllowedDomain(domain: string, allow: readonly string[]): boolean {
  return allow.some((entry) => {
    const allowed = entry.trim().toLowerCase().replace(/^@/, '');
    return allowed !== '' && (domain === allowed || domain.endsWith(`.${allowed}`));
  });
}

/**
 * Approves a pending request: one grant per document, each valid for `days`, and one mail
 * with a signed link per document. Returns undefined when the request is not pending.
 */
export function approveRequest(
  server: ServerContext,
  requestId: number,
  by: Actor,
  days = server.linkDays,
): AccessGrantRow[] | undefined {
  const now = server.now();
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  const grants = server.store.sqlite.transaction(() => {
    const updated = server.store.db
      .update(accessRequests)
      .set({ status: 'approved', decidedBy: by.actor, decidedAt: now.toISOString() })
      .where(and(eq(accessRequests.id, requestId), eq(accessRequests.status, 'pending')))
      .returning()
      .get();
    if (!updated) return undefined;
    const rows = updated.documents.map((documentId) =>
      server.store.db
        .insert(accessGrants)
        .values({
          requestId,
          documentId,
          expiresAt: expiresAt.toISOString(),
          createdAt: now.toISOString(),
        })
        .returning()
        .get(),
    );
    appendAudit(server.store, {
      ...by,
      at: now.toISOString(),
      action: 'access.approve',
      target: `request:${requestId} ${updated.email} [${updated.documents.join(', ')}] for ${days} days`,
    });
    return { request: updated, rows };
  })();
  if (!grants) return undefined;
  const titles = new Map(server.getSnapshot()?.documents.map((d) => [d.id, d.title]) ?? []);
  const links = grants.rows.map((grant) => {
    const path = signedDocumentPath(server.secret, {
      g: grant.id,
      d: grant.documentId,
      x: expiresAt.getTime(),
    });
    return `- ${titles.get(grant.documentId) ?? grant.documentId}:\n  ${server.publicUrl}${path}`;
  });
  server.mailer.queue({
    to: grants.request.email,
    subject: 'Your document access was approved',
    text:
      `Hello,\n\nyou can download the documents you asked for until ` +
      `${expiresAt.toISOString().slice(0, 10)}. The links are personal; each opens one document.\n\n` +
      `${links.join('\n')}\n\nThe confidentiality terms you accepted (version ${grants.request.ndaVersion}) apply.\n\n` +
      `${quoteSubmitted('Requested by', grants.request.name)}\n`,
  });
  return grants.rows;
}

/** Rejects a pending request; false when it was not pending. */
export function rejectRequest(server: ServerContext, requestId: number, by: Actor): boolean {
  const now = server.now().toISOString();
  const row = server.store.db
    .update(accessRequests)
    .set({ status: 'rejected', decidedBy: by.actor, decidedAt: now })
    .where(and(eq(accessRequests.id, requestId), eq(accessRequests.status, 'pending')))
    .returning()
    .get();
  if (!row) return false;
  appendAudit(server.store, {
    ...by,
    at: now,
    action: 'access.reject',
    target: `request:${requestId} ${row.email}`,
  });
  return true;
}

/** Revokes every live grant of a request; returns how many were revoked. */
export function revokeRequest(server: ServerContext, requestId: number, by: Actor): number {
  const now = server.now().toISOString();
  const revoked = server.store.db
    .update(accessGrants)
    .set({ revokedAt: now })
    .where(and(eq(accessGrants.requestId, requestId), isNull(accessGrants.revokedAt)))
    .run().changes;
  if (revoked > 0) {
    appendAudit(server.store, {
      ...by,
      at: now,
      action: 'access.revoke',
      target: `request:${requestId} (${revoked} links)`,
    });
  }
  return revoked;
}

/** A request with its grants and how often each was downloaded, for the admin page. */
export interface RequestWithGrants extends AccessRequestRow {
  grants: (AccessGrantRow & { downloads: number })[];
}

/** The newest requests first, each with its grants. */
export function listRequests(server: ServerContext, limit = 200): RequestWithGrants[] {
  const requests = server.store.db
    .select()
    .from(accessRequests)
    .orderBy(desc(accessRequests.id))
    .limit(limit)
    .all();
  const ids = requests.map((request) => request.id);
  const grants = ids.length
    ? server.store.db
        .select({ grant: accessGrants, downloads: count(downloads.id) })
        .from(accessGrants)
        .leftJoin(downloads, eq(downloads.grantId, accessGrants.id))
        .where(inArray(accessGrants.requestId, ids))
        .groupBy(accessGrants.id)
        .all()
        .map((row) => ({ ...row.grant, downloads: row.downloads }))
    : [];
  return requests.map((request) => ({
    ...request,
    grants: grants.filter((grant) => grant.requestId === request.id),
  }));
}
