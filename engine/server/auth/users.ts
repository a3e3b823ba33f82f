import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Store } from '../../store/open-store.ts';
import { type UserRow, users } from '../../store/schema.ts';
import { hashToken, newToken } from './tokens.ts';

/** The roles of the admin area. */
export const roles = ['admin', 'sales', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** How long a password-setup link works. */
export const setupValidityHours = 72;

/** A user with a fresh one-time setup token (the token is returned once, stored hashed). */
export interface CreatedUser {
  user: UserRow;
  setupToken: string;
}

/**
 * Creates a user, or — for an address that already exists — issues a new setup token and
 * sets the role, so a lost link can be replaced. The token is valid for 72 hours.
 */
export function createUser(
  store: Store,
  input: { email: string; role: Role; now?: Date },
): CreatedUser {
  const now = input.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const setupToken = newToken();
  const setup = {
    setupTokenHash: hashToken(setupToken),
    setupExpiresAt: new Date(now.getTime() + setupValidityHours * 3_600_000).toISOString(),
  };
  const user = store.db
    .insert(users)
    .values({ email, role: input.role, createdAt: now.toISOString(), ...setup })
    .onConflictDoUpdate({ target: users.email, set: { role: input.role, ...setup } })
    .returning()
    .get();
  return { user, setupToken };
}

/** The user a still-valid setup token belongs to. */
export function userBySetupToken(store: Store, token: string, now: Date): UserRow | undefined {
  const user = store.db
    .select()
    .from(users)
    .where(eq(users.setupTokenHash, hashToken(token)))
    .get();
  if (!user?.setupExpiresAt || user.setupExpiresAt < now.toISOString()) return undefined;
  return user;
}

/** The user with this email, if any. */
export function userByEmail(store: Store, email: string): UserRow | undefined {
  return store.db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

/**
 * Records `step` as the user's last accepted TOTP step, only if it is later than the one
 * stored; false when another request already used this step (or a later one). One
 * conditional update, so two requests racing with the same code cannot both win.
 */
export function claimTotpStep(store: Store, userId: number, step: number): boolean {
  return (
    store.db
      .update(users)
      .set({ totpLastStep: step })
      .where(
        and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))),
      )
      .run().changes > 0
  );
}

/**
 * Changes a user's credentials (password, second factor) and bumps `authVersion` in the
 * same update, so enrolment tokens issued before stop working.
 */
export function updateCredentials(
  store: Store,
  userId: number,
  changes: Partial<
    Pick<
      UserRow,
      | 'passwordHash'
      | 'setupTokenHash'
      | 'setupExpiresAt'
      | 'totpSecret'
      | 'backupCodes'
      | 'totpLastStep'
    >
  >,
): void {
  store.db
    .update(users)
    .set({ ...changes, authVersion: sql`${users.authVersion} + 1` })
    .where(eq(users.id, userId))
    .run();
}
