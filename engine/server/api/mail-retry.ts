import { and, asc, count, isNotNull, isNull, lte, min } from 'drizzle-orm';
import { type AlertInput, syncAlerts } from '../../store/alerts.ts';
import type { Store } from '../../store/open-store.ts';
import { type MailQueueRow, mailQueue } from '../../store/schema.ts';

/** Wait after the first failed attempt; it doubles after each further failure… */
export const firstRetryMs = 60_000;
/** …up to this wait between attempts, so a returning mail server is noticed within the hour. */
export const maxRetryMs = 3_600_000;
/** How long a message keeps being retried before it is abandoned (an admin can resend it). */
export const defaultRetryForMs = 3 * 86_400_000;
/** A message still unsent after failing this long raises a warning. */
const delayedAfterMs = 3_600_000;

/** The wait before the next attempt of a message that has failed `attempts` times. */
export function retryDelayMs(attempts: number): number {
  return Math.min(maxRetryMs, firstRetryMs * 2 ** Math.max(0, attempts - 1));
}

/** Prefix of the alerts about the queue's state (abandoned or delayed messages). */
export const queueAlertPrefix = 'mail:queue:';

/**
 * The mail alerts that hold now: messages abandoned (critical, until resent) and messages
 * failing for over an hour (warning, until sent).
 */
export function queueAlerts(store: Store, now: Date): AlertInput[] {
  const unsent = isNull(mailQueue.sentAt);
  const abandoned =
    store.db
      .select({ n: count() })
      .from(mailQueue)
      .where(and(unsent, isNotNull(mailQueue.abandonedAt)))
      .get()?.n ?? 0;
  const delayed = store.db
    .select({ n: count(), oldest: min(mailQueue.createdAt) })
    .from(mailQueue)
    .where(
      and(
        unsent,
        isNull(mailQueue.abandonedAt),
        isNotNull(mailQueue.error),
        lte(mailQueue.createdAt, new Date(now.getTime() - delayedAfterMs).toISOString()),
      ),
    )
    .get();
  const alerts: AlertInput[] = [];
  if (abandoned > 0)
    alerts.push({
      key: `${queueAlertPrefix}abandoned`,
      severity: 'critical',
      message: `${abandoned} message${abandoned === 1 ? ' was' : 's were'} never delivered and no longer retried; resend from Admin → Mail.`,
    });
  if (delayed && delayed.n > 0)
    alerts.push({
      key: `${queueAlertPrefix}delayed`,
      severity: 'warning',
      message: `${delayed.n} message${delayed.n === 1 ? '' : 's'} could not be sent for over an hour (oldest queued ${delayed.oldest?.slice(0, 16).replace('T', ' ')}); still retrying. See Admin → Mail.`,
    });
  return alerts;
}

/** Raises and clears the queue alerts to match the queue; returns the newly raised ones. */
export function syncMailAlerts(store: Store, now: Date): AlertInput[] {
  return syncAlerts(store, queueAlertPrefix, queueAlerts(store, now), now);
}

/** Mail not delivered yet: still being retried (`pending`) or given up on (`abandoned`). */
export function unsentMail(
  store: Store,
  limit = 500,
): {
  pending: MailQueueRow[];
  abandoned: MailQueueRow[];
} {
  const rows = store.db
    .select()
    .from(mailQueue)
    .where(isNull(mailQueue.sentAt))
    .orderBy(asc(mailQueue.id))
    .limit(limit)
    .all();
  return {
    pending: rows.filter((row) => row.abandonedAt === null),
    abandoned: rows.filter((row) => row.abandonedAt !== null),
  };
}
