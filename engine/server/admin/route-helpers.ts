import type { Context } from 'hono';
import type { ServerContext } from '../api/context.ts';
import { errorResponse } from '../api/errors.ts';
import { clientIp, userAgent } from '../api/http.ts';
import { type Role, roles } from '../auth/users.ts';
import type { Who } from './layout.tsx';
import type { AdminEnv } from './session-middleware.ts';

/** The context of a protected admin route (the session is in `context.var.admin`). */
export type AdminContext = Context<AdminEnv>;

/** One protected admin route: who may use it, and what it does. */
export interface AdminRoute {
  method: 'GET' | 'POST';
  path: string;
  roles: readonly Role[];
  handler: (context: AdminContext, server: ServerContext) => Response | Promise<Response>;
}

export const everyone: readonly Role[] = roles;
export const salesAndAdmin: readonly Role[] = ['admin', 'sales'];
export const adminOnly: readonly Role[] = ['admin'];

/** The signed-in user and the session's form token, for the page layout. */
export const who = (context: AdminContext): Who => ({
  user: context.var.admin.user,
  csrf: context.var.admin.session.csrfToken,
  organisation: context.var.organisation,
  path: context.req.path,
});

/** Who acts and from where, for the audit log. */
export const actor = (context: AdminContext, server: ServerContext) => ({
  actor: context.var.admin.user.email,
  ip: clientIp(context, server.trustProxy),
  userAgent: userAgent(context),
});

/** The positive integer `:id` of the path (a 32-bit id, as both stores keep), or undefined. */
export const idParam = (context: AdminContext) => {
  const id = Number(context.req.param('id'));
  return Number.isInteger(id) && id > 0 && id <= 2_147_483_647 ? id : undefined;
};

/** One text field of the posted form ('' when missing). */
export const formField = async (context: AdminContext, name: string) => {
  const value = (await context.req.parseBody())[name];
  return typeof value === 'string' ? value : '';
};

export const notFound = (context: AdminContext) =>
  errorResponse(context, 404, 'There is nothing at this address.');

/** An ISO time as `YYYY-MM-DD HH:MM` (UTC), or a dash. */
export const day = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');
