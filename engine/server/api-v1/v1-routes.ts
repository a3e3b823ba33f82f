import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ServerContext } from '../api/context.ts';
import { createRouter, handle } from '../api/router.ts';
import { apiScopes, scopeDescriptions } from '../auth/api-tokens.ts';
import {
  accessRequestHandlers,
  approveAccessRequest,
  listAccessRequests,
  rejectAccessRequest,
  revokeAccessRequest,
} from './access-request-routes.ts';
import { requireScope } from './bearer-auth.ts';
import {
  answerQuestionnaireOperation,
  importResultsOperation,
  integrationHandlers,
  listReportsOperation,
  snapshotOperation,
} from './integration-routes.ts';
import { type ApiV1Operation, bearerScheme } from './operation.ts';

type Handler = (context: Context) => Promise<Response>;

/** Every `/api/v1` operation with its handler (what the scope test walks). */
export function apiV1Operations(server: ServerContext): Array<ApiV1Operation & { handler: Handler }> {
  const requests = accessRequestHandlers(server);
  const integration = integrationHandlers(server);
  return [
    { ...listAccessRequests, handler: requests.list },
    { ...approveAccessRequest, handler: requests.approve },
    { ...rejectAccessRequest, handler: requests.reject },
    { ...revokeAccessRequest, handler: requests.revoke },
    { ...answerQuestionnaireOperation, handler: integration.answer },
    { ...listReportsOperation, handler: integration.reports },
    { ...importResultsOperation, handler: integration.importResults },
    { ...snapshotOperation, handler: integration.snapshot },
  ];
}

/**
 * The token-authenticated API for integrators: each operation behind its scope, described
 * with the bearer security scheme in the OpenAPI document.
 */
export function apiV1Routes(server: ServerContext): OpenAPIHono {
  const app = createRouter();
  app.openAPIRegistry.registerComponent('securitySchemes', bearerScheme, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'attest_…',
    description: `An API token an admin created at /admin/tokens, sent as \`Authorization: Bearer attest_…\`. Each operation names the scope it needs:\n\n${apiScopes
      .map((scope) => `- \`${scope}\`: ${scopeDescriptions[scope]}`)
      .join('\n')}`,
  });
  for (const operation of apiV1Operations(server)) {
    app.openapi(
      { ...operation.route, middleware: [requireScope(server, operation.scope)] } as typeof operation.route,
      handle(operation.handler),
    );
  }
  return app;
}
