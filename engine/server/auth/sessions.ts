import { eq, lt, or } from 'drizzle-orm';
import type { Store } from '../../store/open-store.ts';
import { type SessionRow, sessions, type UserRow, users } from '../../store/schema.ts';
import { hashToken, newToken } from './tokens.ts';

/** A session ends after 30 minutes without a request… */
export const idleTimeoutMs = 30 * 60_000;
/** …and 12 hours after sign-in, whatever happens. */
export const absoluteTimeoutMs = 12 * 3_600_000;

/** A live session and its user. */
export interface ActiveSession {
  session: SessionRow;
  user: UserRow;
}

/** Starts a session; returns the cookie value (stored only as its hash). */
export function createSession(
  store: Store,
  input: {
    userId: number;
    verified: boolean;
    ip: string | null;
    userAgent: string | null;
    now: Date;
  },
): { token: string; session: SessionRow } {
  const token = newToken();
  const at = input.now.toISOString();
  const session = store.db
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      userId: input.userId,
      csrfToken: newToken(),
      verifiedAt: input.verified ? at : null,
      createdAt: at,
      lastSeenAt: at,
      ip: input.ip,
      userAgent: input.userAgent,
    })
    .returning()
    .get();
  return { token, session };
}

/**
 * The session behind a cookie value, if it is neither idle nor too old and its user is not
 * disabled; a live session's idle clock restarts. Expired sessions are deleted.
 */
export function readSession(store: Store, token: string, now: Date): ActiveSession | undefined {
  const row = store.db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, hashToken(token)))
    .get();
  if (!row) return undefined;
  const idle = now.getTime() - Date.parse(row.session.lastSeenAt) > idleTimeoutMs;
  const old = now.getTime() - Date.parse(row.session.createdAt) > absoluteTimeoutMs;
  if (idle || old || row.user.disabledAt) {
    store.db.delete(sessions).where(eq(sessions.id, row.session.id)).run();
    return undefined;
  }
  store.db
    .update(sessions)
    .set({ lastSeenAt: now.toISOString() })
    .where(eq(sessions.id, row.session.id))
    .run();
  return row;
}

/** Marks the second factor as given. */
export function verifySession(store: Store, sessionId: number, now: Date): void {
  store.db
    .update(sessions)
    .set({ verifiedAt: now.toISOString() })
    .where(eq(sessions.id, sessionId))
    .run();
}

/** Ends one session. */
export function endSession(store: Store, sessionId: number): void {
  store.db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Ends every session of a user (password change, disabling). */
export function endUserSessions(store: Store, userId: number): void {
  store.db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** Deletes sessions past either timeout. */
export function sweepSessions(store: Store, now: Date): void {
  store.db
    .delete(sessions)
    .where(
      or(
        lt(sessions.lastSeenAt, new Date(now.getTime() - idleTimeoutMs).toISOString()),
        lt(sessions.createdAt, new Date(now.getTime() - absoluteTimeoutMs).toISOString()),
      ),
    )
    .run();
}
