import type { UserRow } from './schema.ts';

export type { UserRow };

/** The credential fields that change together with `authVersion`. */
export type CredentialChanges = Partial<
  Pick<
    UserRow,
    | 'passwordHash'
    | 'setupTokenHash'
    | 'setupExpiresAt'
    | 'totpSecret'
    | 'backupCodes'
    | 'totpLastStep'
  >
>;

/** People who may sign in to the admin area. */
export interface Users {
  /**
   * Creates a user with a setup token, or — for an address that exists — sets its role and
   * setup token. Returns the stored row.
   */
  upsertWithSetup(user: {
    email: string;
    role: UserRow['role'];
    createdAt: string;
    setupTokenHash: string;
    setupExpiresAt: string;
  }): Promise<UserRow>;
  /**
   * Creates a user who signs in through single sign-on: no password and no setup token.
   * When the address exists already (another sign-in raced this one), returns that row as is.
   */
  insertExternal(user: {
    email: string;
    role: UserRow['role'];
    createdAt: string;
  }): Promise<UserRow>;
  /** Sets a user's role (single sign-on maps it from the identity provider's claim). */
  setRole(userId: number, role: UserRow['role']): Promise<void>;
  byEmail(email: string): Promise<UserRow | undefined>;
  bySetupTokenHash(hash: string): Promise<UserRow | undefined>;
  /** Every user in id order. */
  list(): Promise<UserRow[]>;
  /**
   * Records `step` as the last accepted TOTP step only if it is later than the stored one;
   * false when it is not (one conditional update, so racing requests cannot both win).
   */
  claimTotpStep(userId: number, step: number): Promise<boolean>;
  /** Changes credentials and bumps `authVersion` in the same update. */
  updateCredentials(userId: number, changes: CredentialChanges): Promise<void>;
  /** Replaces the unused backup codes (without bumping `authVersion`). */
  setBackupCodes(userId: number, codes: string[]): Promise<void>;
  /** Disables a user; undefined when there is no such user. */
  disable(userId: number, at: string): Promise<UserRow | undefined>;
}
