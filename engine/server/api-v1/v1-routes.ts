import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { jsonCheckReportSchema } from '../../render/check-report/json-report-schema.ts';
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

/** Every `/api/v1` operation (what the scope test walks). */
export const apiV1Operations: ApiV1Operation[] = [
  listAccessRequests,
  approveAccessRequest,
  rejectAccessRequest,
  revokeAccessRequest,
  answerQuestionnaireOperation,
  listReportsOperation,
  importResultsOperation,
  snapshotOperation,
];

/** The handler of each operation, by operationId. */
function handlers(server: ServerContext): Record<string, (context: Context) => Promise<Response>> {
  const requests = accessRequestHandlers(server);
  const integration = integrationHandlers(server);
  return {
    listAccessRequests: requests.list,
    approveAccessRequest: requests.approve,
    rejectAccessRequest: requests.reject,
    revokeAccessRequest: requests.revoke,
    answerQuestionnaire: integration.answer,
    listVulnerabilityReports: integration.reports,
    importCheckResults: integration.importResults,
    getSnapshot: integration.snapshot,
  };
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
  const byId = handlers(server);
  app.openAPIRegistry.register('CheckReport', jsonCheckReportSchema);
  for (const operation of apiV1Operations) {
    const handler = byId[operation.route.operationId ?? ''];
    if (!handler) throw new Error(`no handler for ${operation.route.operationId}`);
    app.openapi(
      {
        ...operation.route,
        middleware: [requireScope(server, operation.scope)],
      } as typeof operation.route,
      handle(handler),
    );
  }
  return app;
}
