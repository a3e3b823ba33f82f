import { appendAudit } from '../../audit/audit-log.ts';
import type { ApiTokenRow } from '../../store/api-tokens.ts';
import type { Repositories } from '../../store/store.ts';
import { hashToken, newToken } from './tokens.ts';

/** What an API token may do; each `/api/v1` operation needs exactly one of these. */
export const apiScopes = [
  'requests:read',
  'requests:write',
  'questionnaires:answer',
  'reports:read',
  'results:write',
  'snapshot:read',
] as const;
export type ApiScope = (typeof apiScopes)[number];

/** What each scope allows, for the admin page and the OpenAPI document. */
export const scopeDescriptions: Record<ApiScope, string> = {
  'requests:read': 'List access requests for gated documents.',
  'requests:write': 'Approve, reject and revoke access requests.',
  'questionnaires:answer': 'Answer security questionnaires from the published snapshot.',
  'reports:read': 'List vulnerability reports.',
  'results:write': 'Import check results (`attest check --format json`).',
  'snapshot:read': 'Read the published snapshot.',
};

/** Every API token starts with this, so secret scanners and people recognise one. */
export const apiTokenPrefix = 'attest_';

/** How many characters of a token (after the prefix) the admin list shows. */
const shownCharacters = 6;

/** A token is `attest_` and 43 base64url characters (32 random bytes). */
const tokenPattern = /^attest_[A-Za-z0-9_-]{43}$/;

/** The longest validity an admin may give a token. */
export const maxTokenDays = 365;

/** Who acts in the audit log when a token is used: `token:<id> <name>`. */
export function tokenActor(token: Pick<ApiTokenRow, 'id' | 'name'>): string {
  return `token:${token.id} ${token.name}`;
}

/** A stored token and the secret, which exists only here and is shown once. */
export interface CreatedApiToken {
  row: ApiTokenRow;
  token: string;
}

/** Who creates or revokes a token, and from where (for the audit log). */
export interface TokenAdmin {
  actor: string;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Creates a token with `scopes`, valid for `days`: the token is returned once and only its
 * SHA-256 is stored. The creation is audited in the same transaction.
 */
export function createApiToken(
  store: Repositories,
  input: { name: string; scopes: readonly ApiScope[]; days: number; by: TokenAdmin; now: Date },
): Promise<CreatedApiToken> {
  const token = `${apiTokenPrefix}${newToken()}`;
  const at = input.now.toISOString();
  const expiresAt = new Date(input.now.getTime() + input.days * 86_400_000).toISOString();
  return store.transaction(async (tx) => {
    const row = await tx.apiTokens.create({
      name: input.name,
      tokenHash: hashToken(token),
      prefix: token.slice(0, apiTokenPrefix.length + shownCharacters),
      scopes: [...input.scopes],
      createdBy: input.by.actor,
      createdAt: at,
      expiresAt,
    });
    await appendAudit(tx, {
      ...input.by,
      at,
      action: 'token.create',
      target: `${tokenActor(row)} [${row.scopes.join(', ')}] until ${expiresAt}`,
    });
    return { row, token };
  });
}

/** Revokes a token and audits it; undefined when there is none or it was revoked already. */
export function revokeApiToken(
  store: Repositories,
  id: number,
  by: TokenAdmin,
  now: Date,
): Promise<ApiTokenRow | undefined> {
  const at = now.toISOString();
  return store.transaction(async (tx) => {
    const row = await tx.apiTokens.revoke(id, by.actor, at);
    if (!row) return undefined;
    await appendAudit(tx, { ...by, at, action: 'token.revoke', target: tokenActor(row) });
    return row;
  });
}

/** Why a bearer token was not accepted. */
export type TokenRefusal =
  | { reason: 'missing' }
  | { reason: 'malformed' }
  | { reason: 'unknown'; prefix: string }
  | { reason: 'expired' | 'revoked'; token: ApiTokenRow };

/** The outcome of reading the `Authorization` header. */
export type TokenCheck = { ok: true; token: ApiTokenRow } | ({ ok: false } & TokenRefusal);

/**
 * Reads `Authorization: Bearer attest_…` and finds the live token it names. Only the header
 * counts: cookies and query parameters are never read, so a browser's ambient credentials
 * cannot act here. An accepted token's `lastUsedAt` is updated.
 */
export async function checkBearerToken(
  store: Repositories,
  authorization: string | undefined,
  now: Date,
): Promise<TokenCheck> {
  if (!authorization) return { ok: false, reason: 'missing' };
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  const token = match?.[1] ?? '';
  if (!match) return { ok: false, reason: 'malformed' };
  if (!tokenPattern.test(token)) return { ok: false, reason: 'malformed' };
  const row = await store.apiTokens.byTokenHash(hashToken(token));
  if (!row) return { ok: false, reason: 'unknown', prefix: token.slice(0, 12) };
  if (row.revokedAt) return { ok: false, reason: 'revoked', token: row };
  if (Date.parse(row.expiresAt) <= now.getTime())
    return { ok: false, reason: 'expired', token: row };
  await store.apiTokens.touch(row.id, now.toISOString());
  return { ok: true, token: row };
}
