import { randomBytes } from 'node:crypto';
import type { ChangelogEntry, Snapshot } from '../evaluate/snapshot.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { NotificationRow } from '../store/notifications.ts';
import type { Repositories } from '../store/store.ts';
import type { SubscriberRow } from '../store/subscribers.ts';
import { notificationMail } from './notification-mail.ts';
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
  store: Repositories;
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
  const recipients = await store.subscribers.recipients();
  const earlier = await store.notifications.statusesFor(publicationId);
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
    let outcome: Pick<NotificationRow, 'status' | 'messageId' | 'error'>;
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
    await store.notifications.record({ ...record, ...outcome, sentAt: now().toISOString() });
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
export function addSubscriber(
  store: Repositories,
  subscriber: NewSubscriber,
): Promise<SubscriberRow> {
  const at = (subscriber.now ?? new Date()).toISOString();
  return store.subscribers.add({
    email: subscriber.email.trim().toLowerCase(),
    topic: subscriber.topic,
    createdAt: at,
    confirmedAt: subscriber.confirmed ? at : null,
    unsubscribeToken: randomBytes(32).toString('base64url'),
  });
}
