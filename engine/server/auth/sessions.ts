import type { SessionRow, SessionWithUser } from '../../store/sessions.ts';
import type { Repositories } from '../../store/store.ts';
import { hashToken, newToken } from './tokens.ts';

/** A session ends after 30 minutes without a request… */
export const idleTimeoutMs = 30 * 60_000;
/** …and 12 hours after sign-in, whatever happens. */
export const absoluteTimeoutMs = 12 * 3_600_000;

/** A live session and its user. */
export type ActiveSession = SessionWithUser;

/** Starts a session; returns the cookie value (stored only as its hash). */
export async function createSession(
  store: Repositories,
  input: {
    userId: number;
    verified: boolean;
    ip: string | null;
    userAgent: string | null;
    now: Date;
  },
): Promise<{ token: string; session: SessionRow }> {
  const token = newToken();
  const at = input.now.toISOString();
  const session = await store.sessions.create({
    tokenHash: hashToken(token),
    userId: input.userId,
    csrfToken: newToken(),
    verifiedAt: input.verified ? at : null,
    createdAt: at,
    lastSeenAt: at,
    ip: input.ip,
    userAgent: input.userAgent,
  });
  return { token, session };
}

/**
 * The session behind a cookie value, if it is neither idle nor too old and its user is not
 * disabled; a live session's idle clock restarts. Expired sessions are deleted.
 */
export async function readSession(
  store: Repositories,
  token: string,
  now: Date,
): Promise<ActiveSession | undefined> {
  const row = await store.sessions.byTokenHash(hashToken(token));
  if (!row) return undefined;
  const idle = now.getTime() - Date.parse(row.session.lastSeenAt) > idleTimeoutMs;
  const old = now.getTime() - Date.parse(row.session.createdAt) > absoluteTimeoutMs;
  if (idle || old || row.user.disabledAt) {
    await store.sessions.delete(row.session.id);
    return undefined;
  }
  await store.sessions.touch(row.session.id, now.toISOString());
  return row;
}

/** Marks the second factor as given. */
export function verifySession(store: Repositories, sessionId: number, now: Date): Promise<void> {
  return store.sessions.markVerified(sessionId, now.toISOString());
}

/** Ends one session. */
export function endSession(store: Repositories, sessionId: number): Promise<void> {
  return store.sessions.delete(sessionId);
}

/** Ends every session of a user (password change, disabling). */
export function endUserSessions(store: Repositories, userId: number): Promise<void> {
  return store.sessions.deleteOfUser(userId);
}

/** Deletes sessions past either timeout. */
export function sweepSessions(store: Repositories, now: Date): Promise<void> {
  return store.sessions.deleteExpired(
    new Date(now.getTime() - idleTimeoutMs).toISOString(),
    new Date(now.getTime() - absoluteTimeoutMs).toISOString(),
  );
}
