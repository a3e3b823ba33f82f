import { appendAudit } from '../../audit/audit-log.ts';
import type { AccessPolicy } from '../../load/access-rules.ts';
import type {
  AccessGrantRow,
  AccessRequestRow,
  GrantWithDownloads,
} from '../../store/access-requests.ts';
import type { Repositories } from '../../store/store.ts';
import { queueEvent } from '../../store/webhooks.ts';
import type { ServerContext } from '../api/context.ts';
import { mailTranslator } from '../api/mail-language.ts';
import { quoteSubmitted } from '../api/mail-text.ts';
import { emailDomain, matchingDomain } from '../auth/email-domain.ts';
import { signedDocumentPath } from './signed-link.ts';

/** Who did something, and from where (for the audit log). */
export interface Actor {
  actor: string;
  ip?: string | null;
  userAgent?: string | null;
}

/** Why a request is approved at once: the rule that matched, and the entry it matched. */
export interface AutoApproval {
  /** `ATTEST_ALLOWED_DOMAINS`, or the id of a rule of policies/access.yaml. */
  rule: string;
  /** The listed domain the requester's address matched (itself or a parent domain). */
  domain: string;
  /** Where that domain is listed: the environment, or `file:line`. */
  source: string;
  /** Days the links work. */
  days: number;
}

/** Each rule's domains as a map, built once per loaded policy. */
const compiled = new WeakMap<
  AccessPolicy,
  Array<{ id: string; days?: number; domains: Map<string, string> }>
>();

function compile(policy: AccessPolicy) {
  let rules = compiled.get(policy);
  if (!rules) {
    rules = policy.rules.map((rule) => ({
      id: rule.id,
      ...(rule.days ? { days: rule.days } : {}),
      domains: new Map(rule.domains.map(({ domain, source }) => [domain, source])),
    }));
    compiled.set(policy, rules);
  }
  return rules;
}

/**
 * The rule that approves a request from `email` at once, or undefined when a person must
 * decide: first `ATTEST_ALLOWED_DOMAINS`, then the rules of policies/access.yaml in order
 * (a listed domain matches itself and its subdomains).
 */
export function findAutoApproval(server: ServerContext, email: string): AutoApproval | undefined {
  const domain = emailDomain(email);
  const listed = matchingDomain(domain, server.allowDomains);
  if (listed)
    return {
      rule: 'ATTEST_ALLOWED_DOMAINS',
      domain: listed,
      source: 'environment',
      days: server.linkDays,
    };
  const policy = server.accessRules();
  if (!policy) return undefined;
  const labels = domain.split('.');
  for (const rule of compile(policy)) {
    for (let start = 0; start < labels.length - 1; start++) {
      const candidate = labels.slice(start).join('.');
      const source = rule.domains.get(candidate);
      if (source)
        return { rule: rule.id, domain: candidate, source, days: rule.days ?? server.linkDays };
    }
  }
  return undefined;
}

/**
 * Approves a pending request: one grant per document, each valid for `days`, and one mail
 * with a signed link per document, in one transaction (of `store`, the server's own unless
 * given). Returns undefined when the request is not pending.
 */
export async function approveRequest(
  server: ServerContext,
  requestId: number,
  by: Actor,
  days = server.linkDays,
  store: Repositories = server.store,
  /** Why it was approved, for the audit entry (an auto-approval's rule). */
  reason?: string,
): Promise<AccessGrantRow[] | undefined> {
  const now = server.now();
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  const titles = new Map((await server.getSnapshot())?.documents.map((d) => [d.id, d.title]) ?? []);
  return store.transaction(
    async (tx) => {
      const updated = await tx.accessRequests.decide(requestId, {
        status: 'approved',
        by: by.actor,
        at: now.toISOString(),
      });
      if (!updated) return undefined;
      const rows: AccessGrantRow[] = [];
      for (const documentId of updated.documents) {
        rows.push(
          await tx.accessRequests.grant({
            requestId,
            documentId,
            expiresAt: expiresAt.toISOString(),
            createdAt: now.toISOString(),
          }),
        );
      }
      await appendAudit(tx, {
        ...by,
        at: now.toISOString(),
        action: 'access.approve',
        target: `request:${requestId} ${updated.email} [${updated.documents.join(', ')}] for ${days} days${reason ? ` — ${reason}` : ''}`,
      });
      await queueEvent(
        tx,
        {
          type: 'access_request.approved',
          data: {
            ...requestData(updated),
            decidedBy: by.actor,
            linksExpireAt: expiresAt.toISOString(),
          },
        },
        now.toISOString(),
      );
      const links = rows.map((grant) => {
        const path = signedDocumentPath(server.secret, {
          g: grant.id,
          d: grant.documentId,
          x: expiresAt.getTime(),
        });
        return `- ${titles.get(grant.documentId) ?? grant.documentId}:\n  ${server.publicUrl}${path}`;
      });
      const t = mailTranslator(updated.language);
      await server.mailer.queue(
        {
          to: updated.email,
          subject: t('mail.access.approvedSubject'),
          text:
            `${t('mail.access.hello')}\n\n` +
            `${t('mail.access.approvedBody', { date: expiresAt.toISOString().slice(0, 10) })}\n\n` +
            `${links.join('\n')}\n\n${t('mail.access.terms', { version: updated.ndaVersion })}\n\n` +
            `${quoteSubmitted(t('mail.access.requestedBy'), updated.name, t('mail.access.asSubmitted'))}\n`,
        },
        tx,
      );
      return rows;
    },
    { keys: [`access-request:${requestId}`, 'audit-log'] },
  );
}

/** Rejects a pending request; false when it was not pending. */
export async function rejectRequest(
  server: ServerContext,
  requestId: number,
  by: Actor,
): Promise<boolean> {
  const now = server.now().toISOString();
  return server.store.transaction(async (tx) => {
    const row = await tx.accessRequests.decide(requestId, {
      status: 'rejected',
      by: by.actor,
      at: now,
    });
    if (!row) return false;
    await appendAudit(tx, {
      ...by,
      at: now,
      action: 'access.reject',
      target: `request:${requestId} ${row.email}`,
    });
    await queueEvent(
      tx,
      { type: 'access_request.rejected', data: { ...requestData(row), decidedBy: by.actor } },
      now,
    );
    return true;
  });
}

/** Revokes every live grant of a request; returns how many were revoked. */
export async function revokeRequest(
  server: ServerContext,
  requestId: number,
  by: Actor,
): Promise<number> {
  const now = server.now().toISOString();
  return server.store.transaction(async (tx) => {
    const revoked = await tx.accessRequests.revokeGrants(requestId, now);
    if (revoked > 0) {
      await appendAudit(tx, {
        ...by,
        at: now,
        action: 'access.revoke',
        target: `request:${requestId} (${revoked} links)`,
      });
      await queueEvent(
        tx,
        {
          type: 'access_request.revoked',
          data: { id: requestId, linksRevoked: revoked, revokedBy: by.actor },
        },
        now,
      );
    }
    return revoked;
  });
}

/** What a webhook says about an access request: who asked, for what, and the NDA record. */
export function requestData(row: AccessRequestRow): Record<string, unknown> {
  return {
    id: row.id,
    status: row.status,
    name: row.name,
    email: row.email,
    company: row.company,
    reason: row.reason,
    documents: row.documents,
    nda: { version: row.ndaVersion, sha256: row.ndaSha256, acceptedAt: row.ndaAcceptedAt },
    createdAt: row.createdAt,
  };
}

/** A request with its grants and how often each was downloaded, for the admin page. */
export interface RequestWithGrants extends AccessRequestRow {
  grants: GrantWithDownloads[];
}

/** The newest requests first, each with its grants. */
export async function listRequests(
  server: ServerContext,
  limit = 200,
): Promise<RequestWithGrants[]> {
  const requests = await server.store.accessRequests.list(limit);
  const grants = await server.store.accessRequests.grantsOf(requests.map((request) => request.id));
  return requests.map((request) => ({
    ...request,
    grants: grants.filter((grant) => grant.requestId === request.id),
  }));
}
