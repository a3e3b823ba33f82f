import type { ApiTokenRow } from './schema.ts';

export type { ApiTokenRow };

/** A token to store: everything but the id and the fields set later. */
export type NewApiToken = Omit<ApiTokenRow, 'id' | 'revokedAt' | 'revokedBy' | 'lastUsedAt'>;

/** Integrators' API tokens (only the SHA-256 of each token is stored). */
export interface ApiTokens {
  create(token: NewApiToken): Promise<ApiTokenRow>;
  byTokenHash(tokenHash: string): Promise<ApiTokenRow | undefined>;
  /** Every token, newest first. */
  list(): Promise<ApiTokenRow[]>;
  /**
   * Revokes a token that is not revoked yet; the updated row, or undefined when there is no
   * such token or it was revoked already (one conditional update).
   */
  revoke(id: number, by: string, at: string): Promise<ApiTokenRow | undefined>;
  /** Records when the token was last accepted. */
  touch(id: number, at: string): Promise<void>;
}
