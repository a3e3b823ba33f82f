import type { SubscriberRow } from './schema.ts';

export type { SubscriberRow };

/** Who to subscribe, with the unsubscribe secret chosen by the caller. */
export interface NewSubscriberRow {
  /** Trimmed and lower-cased by the caller. */
  email: string;
  topic: SubscriberRow['topic'];
  createdAt: string;
  confirmedAt: string | null;
  unsubscribeToken: string;
  /** The language its mails are written in; absent, the trust center's default. */
  language?: string | null;
}

/** Addresses that asked to hear about changes (double opt-in). */
export interface Subscribers {
  /**
   * Adds a subscriber, or leaves an address already subscribed to the topic untouched;
   * returns the stored row either way.
   */
  add(subscriber: NewSubscriberRow): Promise<SubscriberRow>;
  /** Every subscriber, newest first, up to `limit`. */
  list(limit: number): Promise<SubscriberRow[]>;
  /** Confirmed, still-subscribed subscribers in id order: who gets change notices. */
  recipients(): Promise<SubscriberRow[]>;
  /**
   * Confirms subscriber `id` with address `email`, unless it unsubscribed at or after
   * `issuedAt` (ISO; a confirmation link issued before an unsubscribe does not undo it).
   * False when nothing matched.
   */
  confirm(id: number, email: string, issuedAt: string, at: string): Promise<boolean>;
  byUnsubscribeToken(token: string): Promise<SubscriberRow | undefined>;
  unsubscribe(id: number, at: string): Promise<void>;
}
