/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ServerContext } from '../api/context.ts';
import { errorResponse } from '../api/errors.ts';
import { clientIp, enforceLimit, wantsJson } from '../api/http.ts';
import { renderPage } from '../api/page.tsx';
import { createRouter, emailField, errorResponses, formOrJson, handle, validBody } from '../api/router.ts';
import { createReport, storedSla } from './reports.ts';

const reportInput = z
  .object({
    title: z.string().trim().min(1, 'give the report a title').max(200),
    description: z.string().trim().min(1, 'describe the problem').max(10_000),
    steps: z.string().trim().max(10_000).default(''),
    severity: z
      .enum(['low', 'medium', 'high', 'critical', 'unknown'], { message: 'choose low, medium, high, critical or unknown' })
      .default('unknown'),
    contact: emailField.openapi({ description: 'Where the receipt and updates go.' }),
  })
  .openapi('ReportInput');

const reportAccepted = z
  .object({ trackingId: z.string().openapi({ example: 'VR-7Q2M9KXA' }), message: z.string() })
  .openapi('ReportAccepted');

const slaStep = z.object({
  done: z.number(),
  open: z.number(),
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
  target: z.string().nullable(),
  withinTarget: z.number().nullable(),
  missed: z.number().nullable(),
});
const slaSchema = z
  .object({ from: z.string(), to: z.string(), days: z.number(), reports: z.number(), unreviewed: z.number(), acknowledge: slaStep, triage: slaStep })
  .openapi('MeasuredSla');

/** `POST /api/reports` (receipt mail with a tracking id) and `GET /api/reports/sla` (measured). */
export function reportRoutes(server: ServerContext): OpenAPIHono {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/reports',
      operationId: 'reportVulnerability',
      security: [],
      summary: 'Report a vulnerability',
      tags: ['Vulnerability reports'],
      request: { body: formOrJson(reportInput, 'The finding and how to reach the reporter.') },
      responses: {
        202: { description: 'Stored; a receipt with the tracking id is mailed.', content: { 'application/json': { schema: reportAccepted } } },
        ...errorResponses,
      },
    }),
    handle(async (context) => {
      const input = validBody<z.output<typeof reportInput>>(context);
      if (!input) return errorResponse(context, 400, 'Send the form fields title, description, steps, severity and contact.');
      await enforceLimit(server.limiters.formsPerIp, clientIp(context, server.trustProxy), server.now());
      const row = await createReport(server, input);
      const message = `Thank you. Your report is ${row.trackingId}; a receipt is on its way to ${row.contact}.`;
      if (wantsJson(context)) return context.json({ trackingId: row.trackingId, message }, 202);
      return context.html(renderPage(`Report ${row.trackingId} received`, <p>{message}</p>), 200);
    }),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/reports/sla',
      operationId: 'getMeasuredSla',
      security: [],
      summary: 'Measured response times over the last 90 days, against the declared SLA',
      tags: ['Vulnerability reports'],
      responses: {
        200: { description: 'Computed from stored reports.', content: { 'application/json': { schema: slaSchema } } },
        413: errorResponses[413],
      },
    }),
    handle(async (context) => context.json(await storedSla(server), 200, { 'Cache-Control': 'public, max-age=300' })),
  );
  return app;
}
