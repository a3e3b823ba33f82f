import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { errorSchema } from '../api/router.ts';
import type { ApiScope } from '../auth/api-tokens.ts';

/** The name of the bearer security scheme in the OpenAPI document. */
export const bearerScheme = 'apiToken';

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
});

/** The refusals every token-authenticated operation can answer with. */
export const tokenErrors = {
  401: error(
    'No token, a malformed one, or one that is unknown, expired or revoked; see WWW-Authenticate.',
  ),
  403: error('The token lacks the scope this operation needs.'),
  429: error('Too many refused tokens from this address; see Retry-After.'),
} as const;

/** A `400` answer: the input named in `fields` needs attention. */
export const badRequest = error('Invalid input; `fields` names each problem.');
/** A `404` answer. */
export const notFoundError = (what: string) => error(what);
/** A `409` answer. */
export const conflictError = (what: string) => error(what);
/** A `413` answer. */
export const tooLarge = error('Body larger than the limit.');

/** One `/api/v1` operation: the scope it needs and its OpenAPI route. */
export interface ApiV1Operation<R extends RouteConfig = RouteConfig> {
  scope: ApiScope;
  route: R;
}

/**
 * Defines a token-authenticated operation: its security requirement names `scope`, and the
 * token refusals join its responses.
 */
export function defineOperation<R extends Omit<RouteConfig, 'security' | 'middleware'>>(
  scope: ApiScope,
  route: R,
) {
  return {
    scope,
    route: createRoute({
      ...route,
      security: [{ [bearerScheme]: [scope] }],
      responses: { ...route.responses, ...tokenErrors },
    }),
  };
}
