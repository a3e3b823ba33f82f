import type { Context, MiddlewareHandler } from 'hono';
import { appendAudit } from '../../audit/audit-log.ts';
import type { ApiTokenRow } from '../../store/api-tokens.ts';
import type { ServerContext } from '../api/context.ts';
import { type ApiError, clientIp, enforceLimit, userAgent } from '../api/http.ts';
import {
  type ApiScope,
  checkBearerToken,
  type TokenRefusal,
  tokenActor,
} from '../auth/api-tokens.ts';

/** The realm every `WWW-Authenticate` challenge of `/api/v1` names. */
const realm = 'attest';

/** What a refusal tells the client, per RFC 6750 (the token itself is never echoed). */
const refusalMessages: Record<TokenRefusal['reason'], string> = {
  missing:
    'Send an API token as `Authorization: Bearer attest_…`; an admin creates one at /admin/tokens.',
  malformed: 'The Authorization header is not `Bearer attest_…` with a token an admin created.',
  unknown: 'This token is not known; ask an admin for a new one at /admin/tokens.',
  expired: 'This token has expired; ask an admin for a new one at /admin/tokens.',
  revoked: 'This token was revoked; ask an admin for a new one at /admin/tokens.',
};

/** The uniform JSON error of `/api/v1` (always JSON: its clients are programs). */
export function apiError(
  context: Context,
  status: 400 | 401 | 403 | 404 | 409 | 413,
  code: string,
  message: string,
  extra: { fields?: Record<string, string[]>; headers?: Record<string, string> } = {},
): Response {
  const body: ApiError = {
    error: { code, message, ...(extra.fields ? { fields: extra.fields } : {}) },
  };
  return context.json(body, status, extra.headers ?? {});
}

/** What {@link requireScope} leaves for the handler: the token the request was accepted with. */
export type ApiV1Env = { Variables: { apiToken: ApiTokenRow } };

/** The token a request was accepted with (set by {@link requireScope}). */
export function acceptedToken(context: Context): ApiTokenRow {
  return (context as Context<ApiV1Env>).var.apiToken;
}

/**
 * Accepts a request only with a live bearer token that holds `scope`. A missing or malformed
 * header, an unknown, expired or revoked token answers 401 with a `WWW-Authenticate`
 * challenge; a token without the scope answers 403 naming the scope needed. Every refusal of
 * a presented token is audited; a presented token that is refused counts against the client
 * IP's allowance for token guesses (429 beyond it, and no more audit entries).
 */
export function requireScope(server: ServerContext, scope: ApiScope): MiddlewareHandler<ApiV1Env> {
  return async (context, next) => {
    const now = server.now();
    const checked = await checkBearerToken(server.store, context.req.header('authorization'), now);
    const ip = clientIp(context, server.trustProxy);
    const audit = (actor: string, reason: string) =>
      appendAudit(server.store, {
        actor,
        action: 'token.refused',
        target: `${context.req.method} ${context.req.path}: ${reason}`,
        at: now.toISOString(),
        ip,
        userAgent: userAgent(context),
      });
    if (!checked.ok) {
      if (checked.reason !== 'missing') {
        // Beyond the allowance: 429, and no audit entry, so refusals cannot flood the log.
        await enforceLimit(server.limiters.tokensPerIp, ip, now);
        const who =
          checked.reason === 'unknown'
            ? `token:unknown ${checked.prefix}…`
            : checked.reason === 'malformed'
              ? 'unknown'
              : tokenActor(checked.token);
        await audit(who, checked.reason);
      }
      const challenge =
        checked.reason === 'missing'
          ? `Bearer realm="${realm}"`
          : `Bearer realm="${realm}", error="invalid_token", error_description="${checked.reason}"`;
      return apiError(context, 401, 'unauthorized', refusalMessages[checked.reason], {
        headers: { 'WWW-Authenticate': challenge },
      });
    }
    if (!checked.token.scopes.includes(scope)) {
      await audit(tokenActor(checked.token), `needs scope ${scope}`);
      return apiError(
        context,
        403,
        'insufficient_scope',
        `This token lacks the scope ${scope}; create a token with it at /admin/tokens.`,
        {
          headers: {
            'WWW-Authenticate': `Bearer realm="${realm}", error="insufficient_scope", scope="${scope}"`,
          },
        },
      );
    }
    context.set('apiToken', checked.token);
    await next();
    return undefined;
  };
}
