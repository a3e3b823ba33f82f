import { type AlertInput, syncAlerts } from '../../store/alerts.ts';
import type { MailQueueRow } from '../../store/mail-queue.ts';
import type { Repositories } from '../../store/store.ts';

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
export async function queueAlerts(store: Repositories, now: Date): Promise<AlertInput[]> {
  const abandoned = await store.mailQueue.countAbandoned();
  const delayed = await store.mailQueue.delayed(
    new Date(now.getTime() - delayedAfterMs).toISOString(),
  );
  const alerts: AlertInput[] = [];
  if (abandoned > 0)
    alerts.push({
      key: `${queueAlertPrefix}abandoned`,
      severity: 'critical',
      message: `${abandoned} message${abandoned === 1 ? ' was' : 's were'} never delivered and no longer retried; resend from Admin → Mail.`,
    });
  if (delayed.count > 0)
    alerts.push({
      key: `${queueAlertPrefix}delayed`,
      severity: 'warning',
      message: `${delayed.count} message${delayed.count === 1 ? '' : 's'} could not be sent for over an hour (oldest queued ${delayed.oldest?.slice(0, 16).replace('T', ' ')}); still retrying. See Admin → Mail.`,
    });
  return alerts;
}

/** Raises and clears the queue alerts to match the queue; returns the newly raised ones. */
export async function syncMailAlerts(store: Repositories, now: Date): Promise<AlertInput[]> {
  return syncAlerts(store, queueAlertPrefix, await queueAlerts(store, now), now);
}

/** Mail not delivered yet: still being retried (`pending`) or given up on (`abandoned`). */
export async function unsentMail(
  store: Repositories,
  limit = 500,
): Promise<{
  pending: MailQueueRow[];
  abandoned: MailQueueRow[];
}> {
  const rows = await store.mailQueue.unsent(limit);
  return {
    pending: rows.filter((row) => row.abandonedAt === null),
    abandoned: rows.filter((row) => row.abandonedAt !== null),
  };
}
