import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ServerContext } from '../api/context.ts';
import { clientIp, userAgent } from '../api/http.ts';
import { validBody } from '../api/router.ts';
import { tokenActor } from '../auth/api-tokens.ts';
import {
  type Actor,
  approveRequest,
  listRequests,
  rejectRequest,
  revokeRequest,
} from '../gated/access.ts';
import { acceptedToken, apiError } from './bearer-auth.ts';
import { badRequest, defineOperation, errorAnswer, tooLarge } from './operation.ts';

const grantSchema = z
  .object({
    id: z.number().int(),
    documentId: z.string(),
    expiresAt: z.string().openapi({ format: 'date-time' }),
    revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    downloads: z.number().int().openapi({ description: 'Downloads through this link.' }),
  })
  .openapi('AccessGrant');

const accessRequestSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string(),
    company: z.string(),
    reason: z.string(),
    documents: z.array(z.string()).openapi({ description: 'Ids of the documents asked for.' }),
    status: z.enum(['pending', 'approved', 'rejected']),
    decidedBy: z
      .string()
      .nullable()
      .openapi({ description: '`auto`, a user, or `token:<id> <name>`.' }),
    decidedAt: z.string().nullable(),
    ndaVersion: z.string(),
    ndaSha256: z.string(),
    ndaAcceptedAt: z.string(),
    createdAt: z.string(),
    grants: z.array(grantSchema),
  })
  .openapi('AccessRequest');

const idParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .openapi({ param: { name: 'id', in: 'path' }, example: 12 }),
});

const approveInput = z
  .object({
    days: z
      .number()
      .int()
      .min(1, 'give the links 1 to 365 days')
      .max(365, 'give the links 1 to 365 days')
      .optional()
      .openapi({ description: 'How long the links work; default the server’s link days.' }),
  })
  .strict()
  .openapi('ApproveInput');

/** Who acts for the audit log: the token, from the caller's address. */
function tokenCaller(context: Context, server: ServerContext): Actor {
  return {
    actor: tokenActor(acceptedToken(context)),
    ip: clientIp(context, server.trustProxy),
    userAgent: userAgent(context),
  };
}

/** The request and its grants as the API shows them (no client IP or user agent). */
function publicRequest(row: Awaited<ReturnType<typeof listRequests>>[number]) {
  const { ip: _ip, userAgent: _userAgent, grants, ...rest } = row;
  return {
    ...rest,
    grants: grants.map(({ requestId: _request, ...grant }) => grant),
  };
}

export const listAccessRequests = defineOperation('requests:read', {
  method: 'get',
  path: '/api/v1/access-requests',
  operationId: 'listAccessRequests',
  summary: 'List access requests, newest first',
  tags: ['Access requests'],
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(200).openapi({ example: 50 }),
    }),
  },
  responses: {
    200: {
      description: 'The newest requests with their signed links.',
      content: {
        'application/json': {
          schema: z.object({ requests: z.array(accessRequestSchema) }),
        },
      },
    },
    400: badRequest,
  },
});

const decision = (action: string, description: string, success: z.ZodType, conflict?: string) =>
  defineOperation('requests:write', {
    method: 'post',
    path: `/api/v1/access-requests/{id}/${action}`,
    operationId: `${action}AccessRequest`,
    summary: description,
    tags: ['Access requests'],
    request: { params: idParams },
    responses: {
      200: { description: 'Done.', content: { 'application/json': { schema: success } } },
      400: badRequest,
      404: errorAnswer('There is no request with this id.'),
      ...(conflict ? { 409: errorAnswer(conflict) } : {}),
    },
  });

const decided = z.object({ id: z.number().int(), status: z.enum(['approved', 'rejected']) });

export const approveAccessRequest = defineOperation('requests:write', {
  method: 'post',
  path: '/api/v1/access-requests/{id}/approve',
  operationId: 'approveAccessRequest',
  summary: 'Approve a pending request and mail the signed links',
  tags: ['Access requests'],
  request: {
    params: idParams,
    body: {
      required: false,
      description: 'Optional: how long the links work.',
      content: { 'application/json': { schema: approveInput } },
    },
  },
  responses: {
    200: {
      description: 'Approved; one signed link per document is mailed to the requester.',
      content: {
        'application/json': {
          schema: decided.extend({
            grants: z.array(grantSchema.omit({ downloads: true })),
          }),
        },
      },
    },
    400: badRequest,
    404: errorAnswer('There is no request with this id.'),
    409: errorAnswer('The request was decided already.'),
    413: tooLarge,
  },
});

export const rejectAccessRequest = decision(
  'reject',
  'Reject a pending request',
  decided,
  'The request was decided already.',
);

export const revokeAccessRequest = decision(
  'revoke',
  'Revoke every live signed link of a request',
  z.object({ id: z.number().int(), revoked: z.number().int() }),
);

/** The handlers of the access-request operations, over the admin pages' functions. */
export function accessRequestHandlers(server: ServerContext) {
  return {
    async list(context: Context) {
      const limit = Number(context.req.query('limit') ?? 200);
      const rows = await listRequests(server, limit);
      return context.json({ requests: rows.map(publicRequest) }, 200);
    },
    async approve(context: Context) {
      const id = Number(context.req.param('id'));
      const input = validBody<z.output<typeof approveInput>>(context) ?? {};
      const existing = await server.store.accessRequests.byId(id);
      if (!existing) return apiError(context, 404, 'not_found', `There is no request ${id}.`);
      const grants = await approveRequest(
        server,
        id,
        tokenCaller(context, server),
        input.days ?? server.linkDays,
      );
      if (!grants)
        return apiError(context, 409, 'conflict', `Request ${id} is ${existing.status} already.`);
      return context.json(
        {
          id,
          status: 'approved',
          grants: grants.map(({ requestId: _request, ...grant }) => grant),
        },
        200,
      );
    },
    async reject(context: Context) {
      const id = Number(context.req.param('id'));
      const existing = await server.store.accessRequests.byId(id);
      if (!existing) return apiError(context, 404, 'not_found', `There is no request ${id}.`);
      if (!(await rejectRequest(server, id, tokenCaller(context, server))))
        return apiError(context, 409, 'conflict', `Request ${id} is ${existing.status} already.`);
      return context.json({ id, status: 'rejected' }, 200);
    },
    async revoke(context: Context) {
      const id = Number(context.req.param('id'));
      if (!(await server.store.accessRequests.byId(id)))
        return apiError(context, 404, 'not_found', `There is no request ${id}.`);
      const revoked = await revokeRequest(server, id, tokenCaller(context, server));
      return context.json({ id, revoked }, 200);
    },
  };
}
