/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { errorResponse } from '../api/errors.ts';
import {
  type ApiScope,
  apiScopes,
  createApiToken,
  maxTokenDays,
  revokeApiToken,
  scopeDescriptions,
} from '../auth/api-tokens.ts';
import { ActionButton, CsrfField, renderAdminPage, Table } from './layout.tsx';
import { type AdminRoute, actor, adminOnly, day, idParam, notFound, who } from './route-helpers.ts';

/** Days a new token works unless the admin says otherwise. */
const defaultTokenDays = 90;

/** The state of a token as the list shows it. */
function tokenState(row: { revokedAt: string | null; expiresAt: string }, now: Date): string {
  if (row.revokedAt) return `revoked ${day(row.revokedAt)}`;
  if (Date.parse(row.expiresAt) <= now.getTime()) return `expired ${day(row.expiresAt)}`;
  return `active until ${day(row.expiresAt)}`;
}

/** API tokens for integrators (admin only): list, create (shown once), revoke. */
export const tokenRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/tokens',
    roles: adminOnly,
    handler: async (context, server) => {
      const { csrf } = who(context);
      const now = server.now();
      const rows = await server.store.apiTokens.list();
      return context.html(
        renderAdminPage(
          'API tokens',
          who(context),
          <>
            <p>
              Tokens let another system (a CRM, a ticketing tool, CI) use the <a href="/api/openapi.json">API</a> under{' '}
              <code>/api/v1</code>, sent as <code>Authorization: Bearer attest_…</code>. Each works for its scopes until it
              expires or is revoked.
            </p>
            <Table label="API tokens">
              <tr><th>Name</th><th>Token</th><th>Scopes</th><th>Created</th><th>Last used</th><th>Status</th><th>Actions</th></tr>
              {rows.map((row) => (
                <tr>
                  <td>{row.name}</td>
                  <td><code>{row.prefix}…</code></td>
                  <td>{row.scopes.join(', ')}</td>
                  <td>{day(row.createdAt)} by {row.createdBy}</td>
                  <td>{day(row.lastUsedAt)}</td>
                  <td>{tokenState(row, now)}</td>
                  <td>{row.revokedAt ? null : <ActionButton action={`/admin/tokens/${row.id}/revoke`} csrf={csrf} label="Revoke" />}</td>
                </tr>
              ))}
            </Table>
            <h2>Create a token</h2>
            <form method="post" action="/admin/tokens">
              <CsrfField token={csrf} />
              <label>Name <input name="name" required maxlength={100} placeholder="CRM sync" /></label>
              <fieldset>
                <legend>Scopes</legend>
                {apiScopes.map((scope) => (
                  <label>
                    <input type="checkbox" name="scopes" value={scope} /> <code>{scope}</code>: {scopeDescriptions[scope]}
                  </label>
                ))}
              </fieldset>
              <label>
                Valid for <input name="days" type="number" min={1} max={maxTokenDays} value={String(defaultTokenDays)} required /> days
              </label>
              <button type="submit">Create and show the token</button>
            </form>
          </>,
        ),
      );
    },
  },
  {
    method: 'POST',
    path: '/admin/tokens',
    roles: adminOnly,
    handler: async (context, server) => {
      const body = await context.req.parseBody({ all: true });
      const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
      const name = text(body.name);
      const asked = (Array.isArray(body.scopes) ? body.scopes : [body.scopes]).filter((value) => value !== undefined);
      const scopes = apiScopes.filter((scope) => asked.includes(scope));
      const days = Number(text(body.days));
      const fields: Record<string, string[]> = {};
      if (name === '' || name.length > 100) fields.name = ['give the token a name of up to 100 characters'];
      if (scopes.length === 0 || scopes.length !== asked.length) fields.scopes = [`choose one or more of ${apiScopes.join(', ')}`];
      if (!Number.isInteger(days) || days < 1 || days > maxTokenDays) fields.days = [`enter a whole number of days from 1 to ${maxTokenDays}`];
      if (Object.keys(fields).length > 0) return errorResponse(context, 400, 'Some fields need attention.', fields);
      const { row, token } = await createApiToken(server.store, {
        name,
        scopes: scopes as ApiScope[],
        days,
        by: actor(context, server),
        now: server.now(),
      });
      return context.html(
        renderAdminPage(
          'Token created',
          who(context),
          <>
            <p>
              Copy the token for <strong>{row.name}</strong> now: it is not shown again (only its hash is kept). It works
              until {day(row.expiresAt)} for {row.scopes.join(', ')}.
            </p>
            <p><code>{token}</code></p>
            <p><a href="/admin/tokens">Back to the tokens</a></p>
          </>,
        ),
        200,
        { 'Cache-Control': 'no-store' },
      );
    },
  },
  {
    method: 'POST',
    path: '/admin/tokens/:id/revoke',
    roles: adminOnly,
    handler: async (context, server) => {
      const id = idParam(context);
      if (!id || !(await revokeApiToken(server.store, id, actor(context, server), server.now()))) return notFound(context);
      return context.redirect('/admin/tokens', 303);
    },
  },
];
