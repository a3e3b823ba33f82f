import { randomBytes } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Store } from '../../store/open-store.ts';

/** What a sign-up needs to know about the stored subscriber. */
export interface StoredSubscriber {
  id: number;
  email: string;
  topic: 'subprocessors' | 'all';
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}

const statements = new WeakMap<Store, { insert: Statement; select: Statement }>();

function prepared(store: Store) {
  let found = statements.get(store);
  if (!found) {
    found = {
      insert: store.sqlite.prepare(
        'INSERT INTO subscribers (email, topic, created_at, confirmed_at, unsubscribed_at, unsubscribe_token) VALUES (?, ?, ?, NULL, NULL, ?) ON CONFLICT (email, topic) DO NOTHING',
      ),
      select: store.sqlite.prepare(
        'SELECT id, email, topic, confirmed_at AS confirmedAt, unsubscribed_at AS unsubscribedAt FROM subscribers WHERE email = ? AND topic = ?',
      ),
    };
    statements.set(store, found);
  }
  return found;
}

/**
 * The sign-up path of `POST /api/subscribe`: adds an unconfirmed subscriber with a fresh
 * unsubscribe token, or leaves an existing one untouched, and returns the stored row. The
 * same rule as `addSubscriber` in engine/publish/notify.ts, with statements prepared once
 * because it runs on every form post.
 */
export function signUp(
  store: Store,
  email: string,
  topic: StoredSubscriber['topic'],
  now: Date,
): StoredSubscriber {
  const { insert, select } = prepared(store);
  const address = email.trim().toLowerCase();
  insert.run(address, topic, now.toISOString(), randomBytes(32).toString('base64url'));
  const row = select.get(address, topic) as StoredSubscriber | undefined;
  if (!row) throw new Error(`subscriber ${address} (${topic}) was not stored`);
  return row;
}
