import type { SessionRow, UserRow } from './schema.ts';

export type { SessionRow };

/** A session with its user. */
export interface SessionWithUser {
  session: SessionRow;
  user: UserRow;
}

/** Admin-area sessions (only the hash of the cookie value is stored). */
export interface Sessions {
  create(session: Omit<SessionRow, 'id'>): Promise<SessionRow>;
  byTokenHash(tokenHash: string): Promise<SessionWithUser | undefined>;
  /** Sessions of one user. */
  ofUser(userId: number): Promise<SessionRow[]>;
  touch(id: number, at: string): Promise<void>;
  markVerified(id: number, at: string): Promise<void>;
  delete(id: number): Promise<void>;
  deleteOfUser(userId: number): Promise<void>;
  /** Deletes sessions last seen before `idleBefore` or created before `createdBefore`. */
  deleteExpired(idleBefore: string, createdBefore: string): Promise<void>;
}
