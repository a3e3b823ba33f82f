import { randomBytes } from 'node:crypto';
import type { Language } from '../../language/i18n/translate.ts';
import type { Repositories } from '../../store/store.ts';
import type { SubscriberRow } from '../../store/subscribers.ts';

/**
 * The sign-up path of `POST /api/subscribe`: adds an unconfirmed subscriber with a fresh
 * unsubscribe token, or leaves an existing one untouched, and returns the stored row. The
 * same rule as `addSubscriber` in engine/publish/notify.ts.
 */
export function signUp(
  store: Repositories,
  email: string,
  topic: SubscriberRow['topic'],
  now: Date,
  language?: Language,
): Promise<SubscriberRow> {
  return store.subscribers.add({
    email: email.trim().toLowerCase(),
    topic,
    createdAt: now.toISOString(),
    confirmedAt: null,
    unsubscribeToken: randomBytes(32).toString('base64url'),
    language: language ?? null,
  });
}
