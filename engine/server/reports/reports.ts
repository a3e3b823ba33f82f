import { randomInt } from 'node:crypto';
import { appendAudit } from '../../audit/audit-log.ts';
import type { MeasuredSla } from '../../evaluate/sla.ts';
import { measuredSlaFromStore } from '../../publish/measured-sla.ts';
import type { Repositories } from '../../store/store.ts';
import type { VulnerabilityReportRow } from '../../store/vulnerability-reports.ts';
import { queueEvent } from '../../store/webhooks.ts';
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

/** Stores a report and queues the receipt mail with its tracking id, in one transaction. */
export function createReport(
  server: ServerContext,
  input: ReportInput,
): Promise<VulnerabilityReportRow> {
  return server.store.transaction(
    async (tx) => {
      const now = server.now();
      const row = await tx.vulnerabilityReports.create({
        ...input,
        trackingId: newTrackingId(),
        status: 'received',
        receivedAt: now.toISOString(),
      });
      if ((await server.limiters.mailsPerAddress.hit(row.contact, now.getTime(), tx)).ok) {
        // The receipt goes to whatever address the form named, from the security address: the
        // reporter's text is quoted as data (one line, capped, labelled), never as our words,
        // and the subject carries none of it.
        await server.mailer.queue(
          {
            to: row.contact,
            subject: `Report ${row.trackingId} received`,
            text:
              `Thank you for your report. Your tracking id is ${row.trackingId}; quote it in any follow-up.\n\n` +
              `${quoteSubmitted('Title', row.title)}\n\n` +
              'A person will acknowledge the report and keep you informed as it is triaged and fixed.\n',
          },
          tx,
        );
      }
      await queueEvent(
        tx,
        { type: 'vulnerability_report.received', data: reportData(row) },
        now.toISOString(),
      );
      return row;
      // A new report touches no other row: it needs only its reporter's key.
    },
    { keys: [`vulnerability-report:${input.contact.trim().toLowerCase()}`] },
  );
}

/**
 * What a webhook says about a report: its tracking id, title, severity and timeline — never
 * the description, the steps to reproduce or the reporter's address.
 */
function reportData(row: VulnerabilityReportRow): Record<string, unknown> {
  return {
    id: row.id,
    trackingId: row.trackingId,
    title: row.title,
    severity: row.severity,
    status: row.status,
    receivedAt: row.receivedAt,
    triagedAt: row.triagedAt,
  };
}

/**
 * Moves a report forward (never back): each step's time is set once, and skipped steps get
 * the same time. Returns the updated row, or undefined when the move is not forward.
 */
export async function advanceReport(
  server: ServerContext,
  id: number,
  status: Exclude<ReportStatus, 'received'>,
  by: Actor,
): Promise<VulnerabilityReportRow | undefined> {
  const now = server.now().toISOString();
  const current = await server.store.vulnerabilityReports.get(id);
  if (!current) return undefined;
  const from = reportStatuses.indexOf(current.status);
  const to = reportStatuses.indexOf(status);
  if (to <= from || current.status === 'fixed' || current.status === 'not-applicable')
    return undefined;
  return server.store.transaction(async (tx) => {
    const row = await tx.vulnerabilityReports.setStatus(id, {
      status,
      acknowledgedAt: current.acknowledgedAt ?? now,
      triagedAt: to >= 2 ? (current.triagedAt ?? now) : null,
      resolvedAt: to >= 3 ? now : null,
    });
    await appendAudit(tx, {
      ...by,
      at: now,
      action: `report.${status}`,
      target: `report:${id} ${current.trackingId}`,
    });
    // Triaged once: when the step's time is first set (also when a report skips to fixed).
    if (row && current.triagedAt === null && row.triagedAt !== null)
      await queueEvent(tx, { type: 'vulnerability_report.triaged', data: reportData(row) }, now);
    return row;
  });
}

/** Newest reports first. */
export function listReports(store: Repositories, limit = 200): Promise<VulnerabilityReportRow[]> {
  return store.vulnerabilityReports.list(limit);
}

/**
 * Marks a report as spam (or junk): it leaves the SLA figures and the triage flow. Returns
 * the updated row, or undefined when there is no such report or it was marked already.
 */
export async function markReportSpam(
  server: ServerContext,
  id: number,
  by: Actor,
): Promise<VulnerabilityReportRow | undefined> {
  const now = server.now().toISOString();
  const row = await server.store.vulnerabilityReports.markSpam(id, now);
  if (row)
    await appendAudit(server.store, {
      ...by,
      at: now,
      action: 'report.spam',
      target: `report:${id} ${row.trackingId}`,
    });
  return row;
}

/** The measured SLA of the running server (its store, snapshot and clock). */
export async function storedSla(server: ServerContext, days = 90): Promise<MeasuredSla> {
  return measuredSlaFromStore(server.store, await server.getSnapshot(), server.now(), days);
}
