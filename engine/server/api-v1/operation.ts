import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { errorSchema } from '../api/router.ts';
import type { ApiScope } from '../auth/api-tokens.ts';

/** The name of the bearer security scheme in the OpenAPI document. */
export const bearerScheme = 'apiToken';

/** An error answer of the OpenAPI document: the uniform error body, described. */
export const errorAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
});

/** The refusals every token-authenticated operation can answer with. */
export const tokenErrors = {
  401: errorAnswer(
    'No token, a malformed one, or one that is unknown, expired or revoked; see WWW-Authenticate.',
  ),
  403: errorAnswer('The token lacks the scope this operation needs.'),
  429: errorAnswer('Too many refused tokens from this address; see Retry-After.'),
} as const;

/** A `400` answer: the input named in `fields` needs attention. */
export const badRequest = errorAnswer('Invalid input; `fields` names each problem.');
/** A `413` answer. */
export const tooLarge = errorAnswer('Body larger than the limit.');

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
