import type { Repositories } from '../../store/store.ts';
import type { CredentialChanges, UserRow } from '../../store/users.ts';
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
export async function createUser(
  store: Repositories,
  input: { email: string; role: Role; now?: Date },
): Promise<CreatedUser> {
  const now = input.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const setupToken = newToken();
  const setup = {
    setupTokenHash: hashToken(setupToken),
    setupExpiresAt: new Date(now.getTime() + setupValidityHours * 3_600_000).toISOString(),
  };
  const user = await store.users.upsertWithSetup({
    email,
    role: input.role,
    createdAt: now.toISOString(),
    ...setup,
  });
  return { user, setupToken };
}

/** The user a still-valid setup token belongs to. */
export async function userBySetupToken(
  store: Repositories,
  token: string,
  now: Date,
): Promise<UserRow | undefined> {
  const user = await store.users.bySetupTokenHash(hashToken(token));
  if (!user?.setupExpiresAt || user.setupExpiresAt < now.toISOString()) return undefined;
  return user;
}

/** The user with this email, if any. */
export function userByEmail(store: Repositories, email: string): Promise<UserRow | undefined> {
  return store.users.byEmail(email.trim().toLowerCase());
}

/**
 * Records `step` as the user's last accepted TOTP step, only if it is later than the one
 * stored; false when another request already used this step (or a later one). One
 * conditional update, so two requests racing with the same code cannot both win.
 */
export function claimTotpStep(store: Repositories, userId: number, step: number): Promise<boolean> {
  return store.users.claimTotpStep(userId, step);
}

/**
 * Changes a user's credentials (password, second factor) and bumps `authVersion` in the
 * same update, so enrolment tokens issued before stop working.
 */
export function updateCredentials(
  store: Repositories,
  userId: number,
  changes: CredentialChanges,
): Promise<void> {
  return store.users.updateCredentials(userId, changes);
}
