import type { MailQueueRow } from './schema.ts';

export type { MailQueueRow };

/** A message to queue. */
export interface QueuedMail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string> | undefined;
}

/** Transactional mail waiting to be sent, and what became of it. */
export interface MailQueue {
  /** Queues a message, due at once; returns its id. */
  enqueue(mail: QueuedMail, at: string): Promise<number>;
  /** Unsent, not abandoned messages due at `now` (ISO), oldest first, up to `limit`. */
  due(now: string, limit: number): Promise<MailQueueRow[]>;
  /**
   * Claims up to `limit` messages due at `now` for one sender, oldest first: in one atomic
   * statement their next attempt moves to `leaseUntil`, so no other sender (another process
   * or replica on the same database) gets them meanwhile. The claimer then marks each one
   * sent or failed; when it dies first, the message is due again once the lease runs out.
   */
  claimDue(now: string, limit: number, leaseUntil: string): Promise<MailQueueRow[]>;
  markSent(id: number, sent: { sentAt: string; attempts: number }): Promise<void>;
  /** Records a failed attempt and when the next one may run (or that retrying stopped). */
  markFailed(
    id: number,
    failure: {
      attempts: number;
      lastAttemptAt: string;
      nextAttemptAt: string;
      error: string;
      abandonedAt: string | null;
    },
  ): Promise<void>;
  /** Queues an abandoned, unsent message again as if new; false when there is none. */
  resend(id: number, at: string): Promise<boolean>;
  /** When the earliest unsent, not abandoned message is due, if there is one. */
  nextAttemptAt(): Promise<string | undefined>;
  /** How many unsent messages were abandoned. */
  countAbandoned(): Promise<number>;
  /**
   * Unsent, not abandoned messages that failed and were queued no later than `queuedBefore`:
   * how many, and when the oldest was queued.
   */
  delayed(queuedBefore: string): Promise<{ count: number; oldest: string | undefined }>;
  /** Unsent messages, oldest first, up to `limit`. */
  unsent(limit: number): Promise<MailQueueRow[]>;
  /** Every message, oldest first. */
  list(): Promise<MailQueueRow[]>;
}
