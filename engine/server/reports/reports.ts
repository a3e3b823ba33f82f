import { randomInt } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { appendAudit } from '../../audit/audit-log.ts';
import type { MeasuredSla } from '../../evaluate/sla.ts';
import { measuredSlaFromStore } from '../../publish/measured-sla.ts';
import type { Store } from '../../store/open-store.ts';
import { type VulnerabilityReportRow, vulnerabilityReports } from '../../store/schema.ts';
import type { ServerContext } from '../api/context.ts';
import { quoteSubmitted } from '../api/mail-text.ts';
import type { Actor } from '../gated/access.ts';

/** The triage steps, in order. */
export const reportStatuses = [
  'received',
  'acknowledged',
  'triaged',
  'fixed',
  'not-applicable',
] as const;
export type ReportStatus = (typeof reportStatuses)[number];

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A tracking id a reporter can quote: `VR-` and eight unambiguous characters. */
export function newTrackingId(): string {
  let id = 'VR-';
  for (let index = 0; index < 8; index++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

/** What a reporter sends. */
export interface ReportInput {
  title: string;
  description: string;
  steps: string;
  severity: VulnerabilityReportRow['severity'];
  contact: string;
}

/** Stores a report and queues the receipt mail with its tracking id. */
export function createReport(server: ServerContext, input: ReportInput): VulnerabilityReportRow {
  const now = server.now();
  const row = server.store.db
    .insert(vulnerabilityReports)
    .values({
      ...input,
      trackingId: newTrackingId(),
      status: 'received',
      receivedAt: now.toISOString(),
    })
    .returning()
    .get();
  if (server.limiters.mailsPerAddress.hit(row.contact, now.getTime()).ok) {
    // The receipt goes to whatever address the form named, from the security address: the
    // reporter's text is quoted as data (one line, capped, labelled), never as our words,
    // and the subject carries none of it.
    server.mailer.queue({
      to: row.contact,
      subject: `Report ${row.trackingId} received`,
      text:
        `Thank you for your report. Your tracking id is ${row.trackingId}; quote it in any follow-up.\n\n` +
        `${quoteSubmitted('Title', row.title)}\n\n` +
        'A person will acknowledge the report and keep you informed as it is triaged and fixed.\n',
    });
  }
  return row;
}

/**
 * Moves a report forward (never back): each step's time is set once, and skipped steps get
 * the same time. Returns the updated row, or undefined when the move is not forward.
 */
export function advanceReport(
  server: ServerContext,
  id: number,
  status: Exclude<ReportStatus, 'received'>,
  by: Actor,
): VulnerabilityReportRow | undefined {
  const now = server.now().toISOString();
  const current = server.store.db
    .select()
    .from(vulnerabilityReports)
    .where(eq(vulnerabilityReports.id, id))
    .get();
  if (!current) return undefined;
  const from = reportStatuses.indexOf(current.status);
  const to = reportStatuses.indexOf(status);
  if (to <= from || current.status === 'fixed' || current.status === 'not-applicable')
    return undefined;
  const row = server.store.db
    .update(vulnerabilityReports)
    .set({
      status,
      acknowledgedAt: current.acknowledgedAt ?? now,
      triagedAt: to >= 2 ? (current.triagedAt ?? now) : null,
      resolvedAt: to >= 3 ? now : null,
    })
    .where(eq(vulnerabilityReports.id, id))
    .returning()
    .get();
  appendAudit(server.store, {
    ...by,
    at: now,
    action: `report.${status}`,
    target: `report:${id} ${current.trackingId}`,
  });
  return row;
}

/** Newest reports first. */
export function listReports(store: Store, limit = 200): VulnerabilityReportRow[] {
  return store.db
    .select()
    .from(vulnerabilityReports)
    .orderBy(desc(vulnerabilityReports.id))
    .limit(limit)
    .all();
}

/**
 * Marks a report as spam (or junk): it leaves the SLA figures and the triage flow. Returns
 * the updated row, or undefined when there is no such report or it was marked already.
 */
export function markReportSpam(
  server: ServerContext,
  id: number,
  by: Actor,
): VulnerabilityReportRow | undefined {
  const now = server.now().toISOString();
  const row = server.store.db
    .update(vulnerabilityReports)
    .set({ spamAt: now })
    .where(and(eq(vulnerabilityReports.id, id), isNull(vulnerabilityReports.spamAt)))
    .returning()
    .get();
  if (row)
    appendAudit(server.store, {
      ...by,
      at: now,
      action: 'report.spam',
      target: `report:${id} ${row.trackingId}`,
    });
  return row;
}

/** The measured SLA of the running server (its store, snapshot and clock). */
export function storedSla(server: ServerContext, days = 90): MeasuredSla {
  return measuredSlaFromStore(server.store, server.getSnapshot(), server.now(), days);
}
