import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { ChangelogEntry, Snapshot } from '../evaluate/snapshot.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Store } from '../store/open-store.ts';
import { notifications, type SubscriberRow, subscribers } from '../store/schema.ts';
import { notificationMail } from './mailer.ts';
import { composeNotification, type NotificationTopic } from './notification-message.ts';

/** What one notification run did. */
export interface NotifyResult {
  /** Messages the mailer accepted in this run. */
  sent: number;
  /** Messages that could not be sent (recorded; a later run tries them again). */
  failed: number;
  /** Confirmed subscribers this publication holds nothing for (e.g. no subprocessor change). */
  skipped: number;
  /** Subscribers already sent this publication by an earlier run. */
  alreadySent: number;
}

/** Inputs of {@link notifySubscribers}. */
export interface NotifyOptions {
  store: Store;
  mailer: Mailer;
  /** Id of the `publications` row the entries belong to. */
  publicationId: number;
  snapshot: Snapshot;
  /** The changelog entries this publication added. */
  entries: readonly ChangelogEntry[];
  /** Unsubscribe endpoint, e.g. `https://trust.example.com/api/unsubscribe`; `?token=…` is added. */
  unsubscribeBase: string;
  /** Clock for `sentAt`; defaults to the current time. */
  now?: () => Date;
}

/** The one-click unsubscribe link of one subscriber. */
export function unsubscribeUrlFor(unsubscribeBase: string, token: string): string {
  const url = new URL(unsubscribeBase);
  url.searchParams.set('token', token);
  return url.toString();
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends each confirmed, still-subscribed subscriber one email for the publication, merging
 * every change of their topic, and records each attempt in `notifications`. A subscriber
 * already sent this publication is never sent it again (re-running sends nothing new; a
 * recorded failure is retried). One failing recipient does not stop the others.
 */
export async function notifySubscribers(options: NotifyOptions): Promise<NotifyResult> {
  const { store, mailer, publicationId, snapshot, entries, unsubscribeBase } = options;
  const now = options.now ?? (() => new Date());
  const result: NotifyResult = { sent: 0, failed: 0, skipped: 0, alreadySent: 0 };
  const recipients = store.db
    .select()
    .from(subscribers)
    .where(and(isNotNull(subscribers.confirmedAt), isNull(subscribers.unsubscribedAt)))
    .orderBy(asc(subscribers.id))
    .all();
  const earlier = new Map(
    store.db
      .select({ subscriberId: notifications.subscriberId, status: notifications.status })
      .from(notifications)
      .where(eq(notifications.publicationId, publicationId))
      .all()
      .map((row) => [row.subscriberId, row.status]),
  );
  for (const subscriber of recipients) {
    if (earlier.get(subscriber.id) === 'sent') {
      result.alreadySent++;
      continue;
    }
    const unsubscribeUrl = unsubscribeUrlFor(unsubscribeBase, subscriber.unsubscribeToken);
    const message = composeNotification({ snapshot, entries, subscriber, unsubscribeUrl });
    if (message === undefined) {
      result.skipped++;
      continue;
    }
    const record = {
      publicationId,
      subscriberId: subscriber.id,
      email: subscriber.email,
      subject: message.subject,
      transport: mailer.transport,
    };
    let outcome: Pick<typeof notifications.$inferInsert, 'status' | 'messageId' | 'error'>;
    try {
      const sent = await mailer.send(
        notificationMail({
          ...message,
          to: subscriber.email,
          unsubscribeUrl,
          publicationId,
          subscriberId: subscriber.id,
        }),
      );
      outcome = { status: 'sent', messageId: sent.messageId, error: null };
      result.sent++;
    } catch (error) {
      outcome = { status: 'failed', messageId: null, error: describeError(error) };
      result.failed++;
    }
    const row = { ...record, ...outcome, sentAt: now().toISOString() };
    store.db
      .insert(notifications)
      .values(row)
      .onConflictDoUpdate({
        target: [notifications.publicationId, notifications.subscriberId],
        set: row,
      })
      .run();
  }
  return result;
}

/** Who to subscribe: an address, its topic, and whether it has already confirmed. */
export interface NewSubscriber {
  email: string;
  topic: NotificationTopic;
  confirmed: boolean;
  /** Clock for `createdAt`/`confirmedAt`; defaults to the current time. */
  now?: Date;
}

/**
 * Adds a subscriber with a fresh unsubscribe token (32 random bytes, base64url). The address
 * is trimmed and lower-cased; an address already subscribed to the topic returns its
 * existing row unchanged, never a duplicate.
 */
export function addSubscriber(store: Store, subscriber: NewSubscriber): SubscriberRow {
  const email = subscriber.email.trim().toLowerCase();
  const at = (subscriber.now ?? new Date()).toISOString();
  store.db
    .insert(subscribers)
    .values({
      email,
      topic: subscriber.topic,
      createdAt: at,
      confirmedAt: subscriber.confirmed ? at : null,
      unsubscribedAt: null,
      unsubscribeToken: randomBytes(32).toString('base64url'),
    })
    .onConflictDoNothing({ target: [subscribers.email, subscribers.topic] })
    .run();
  const row = store.db
    .select()
    .from(subscribers)
    .where(and(eq(subscribers.email, email), eq(subscribers.topic, subscriber.topic)))
    .get();
  if (row === undefined)
    throw new Error(`subscriber ${email} (${subscriber.topic}) was not stored`);
  return row;
}
