import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { appendAudit } from '../../audit/audit-log.ts';
import { importCheckReports } from '../../publish/import-results.ts';
import {
  type AnsweredQuestionnaire,
  answerQuestionnaire,
  isUnreadableQuestionnaire,
  reviewFields,
  uploadProblem,
  workbookProblem,
} from '../admin/questionnaire-answerer.ts';
import type { ServerContext } from '../api/context.ts';
import { clientIp, userAgent } from '../api/http.ts';
import { tokenActor } from '../auth/api-tokens.ts';
import { listReports } from '../reports/reports.ts';
import { acceptedToken, apiError } from './bearer-auth.ts';
import { badRequest, defineOperation, errorAnswer, tooLarge } from './operation.ts';

/** Largest questionnaire or check report the API takes. */
export const apiV1UploadLimit = 5 * 1024 * 1024;

const reviewRowSchema = z
  .object(Object.fromEntries(reviewFields.map((field) => [field, z.string()])))
  .openapi('ReviewRow', {
    description: 'One row of the "Attest review" sheet; every cell as text.',
  });

const answeredSchema = z
  .object({
    fileName: z.string().openapi({ example: 'caiq.answered.xlsx' }),
    contentType: z.string(),
    file: z.string().openapi({ description: 'The answered file, base64.', format: 'byte' }),
    answered: z.number().int(),
    total: z.number().int(),
    sheets: z.array(z.object({ name: z.string(), layout: z.string(), questions: z.number() })),
    skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
    review: z.array(reviewRowSchema),
  })
  .openapi('AnsweredQuestionnaire');

const reportSchema = z
  .object({
    id: z.number().int(),
    trackingId: z.string().openapi({ example: 'VR-7Q2M9KXA' }),
    title: z.string(),
    description: z.string(),
    steps: z.string(),
    severity: z.enum(['low', 'medium', 'high', 'critical', 'unknown']),
    contact: z.string(),
    status: z.enum(['received', 'acknowledged', 'triaged', 'fixed', 'not-applicable']),
    receivedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    triagedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    spamAt: z.string().nullable(),
  })
  .openapi('VulnerabilityReport');

const importSummarySchema = z
  .object({
    files: z.number().int(),
    runs: z.number().int().openapi({ description: '1 when the run was stored, 0 when known.' }),
    results: z.number().int(),
    skipped: z.array(z.object({ file: z.string(), runId: z.number().int() })),
  })
  .openapi('ImportSummary');

export const answerQuestionnaireOperation = defineOperation('questionnaires:answer', {
  method: 'post',
  path: '/api/v1/questionnaires/answer',
  operationId: 'answerQuestionnaire',
  summary: 'Answer a security questionnaire from the published snapshot',
  tags: ['Questionnaires'],
  request: {
    body: {
      required: true,
      description: 'The buyer’s questionnaire (.xlsx or .csv, up to 5 MiB) as the field `file`.',
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file'],
            properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The file filled in place, and the review rows with each answer’s evidence.',
      content: { 'application/json': { schema: answeredSchema } },
    },
    400: badRequest,
    404: errorAnswer('Nothing is published yet.'),
    413: tooLarge,
  },
});

export const listReportsOperation = defineOperation('reports:read', {
  method: 'get',
  path: '/api/v1/reports',
  operationId: 'listVulnerabilityReports',
  summary: 'List vulnerability reports, newest first',
  tags: ['Vulnerability reports'],
  responses: {
    200: {
      description: 'The newest reports with their triage times.',
      content: {
        'application/json': { schema: z.object({ reports: z.array(reportSchema) }) },
      },
    },
  },
});

export const importResultsOperation = defineOperation('results:write', {
  method: 'post',
  path: '/api/v1/check-results',
  operationId: 'importCheckResults',
  summary: 'Import a check report (`attest check --format json`)',
  tags: ['Check results'],
  request: {
    body: {
      required: true,
      description: 'One JSON check report, as `attest check --format json` writes it.',
      content: {
        'application/json': {
          // A reference, not the zod schema: the import reads the text itself and reports
          // every problem with its path and fix, as `attest results import` does.
          schema: { $ref: '#/components/schemas/CheckReport' },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Stored as one run, or skipped when the same run was imported before.',
      content: { 'application/json': { schema: importSummarySchema } },
    },
    400: badRequest,
    413: tooLarge,
  },
});

export const snapshotOperation = defineOperation('snapshot:read', {
  method: 'get',
  path: '/api/v1/snapshot',
  operationId: 'getSnapshot',
  summary: 'The published snapshot (claims with statuses, documents, subprocessors)',
  tags: ['Snapshot'],
  responses: {
    200: {
      description: 'The snapshot every page and file of the trust center is rendered from.',
      content: {
        'application/json': {
          schema: z.record(z.string(), z.unknown()).openapi('Snapshot'),
        },
      },
    },
    404: errorAnswer('Nothing is published yet.'),
  },
});

/** The JSON answer for an answered questionnaire: the summary, the review rows, the file in base64. */
function answeredJson(file: AnsweredQuestionnaire) {
  return {
    fileName: file.fileName,
    contentType: file.contentType,
    file: Buffer.from(file.bytes).toString('base64'),
    answered: file.answered,
    total: file.total,
    sheets: file.sheets,
    skipped: file.skipped,
    review: file.review,
  };
}

/** The handlers of the questionnaire, report, check-result and snapshot operations. */
export function integrationHandlers(server: ServerContext) {
  return {
    async answer(context: Context) {
      const snapshot = await server.getSnapshot();
      if (!snapshot)
        return apiError(
          context,
          404,
          'not_found',
          'Nothing is published yet, so there is nothing to answer from.',
        );
      const type = context.req.header('content-type') ?? '';
      if (!/^multipart\/form-data/i.test(type))
        return apiError(
          context,
          400,
          'invalid_request',
          'Send the questionnaire as multipart/form-data with the field `file`.',
        );
      const file = (await context.req.parseBody()).file;
      const problem = uploadProblem(file);
      if (problem || !(file instanceof File))
        return apiError(context, 400, 'invalid_request', 'Some fields need attention.', {
          fields: { file: [problem ?? 'choose a file'] },
        });
      const bytes = new Uint8Array(await file.arrayBuffer());
      const notWorkbook = workbookProblem(file.name, bytes);
      if (notWorkbook)
        return apiError(context, 400, 'invalid_request', 'Some fields need attention.', {
          fields: { file: [notWorkbook] },
        });
      let answered: AnsweredQuestionnaire;
      try {
        answered = await answerQuestionnaire({
          bytes,
          fileName: file.name,
          snapshot,
          dir: server.dir,
        });
      } catch (error) {
        if (!isUnreadableQuestionnaire(error)) throw error;
        return apiError(
          context,
          400,
          'invalid_request',
          `The questionnaire could not be read: ${error.message}`,
        );
      }
      await appendAudit(server.store, {
        actor: tokenActor(acceptedToken(context)),
        action: 'questionnaire.answer',
        target: `${file.name} (${answered.answered} of ${answered.total} answered)`,
        ip: clientIp(context, server.trustProxy),
        userAgent: userAgent(context),
      });
      return context.json(answeredJson(answered), 200);
    },
    async reports(context: Context) {
      return context.json({ reports: await listReports(server.store) }, 200);
    },
    async importResults(context: Context) {
      const text = await context.req.text();
      const outcome = await importCheckReports(
        server.store,
        [{ name: 'request body', text }],
        server.now(),
        tokenActor(acceptedToken(context)),
      );
      if ('problems' in outcome)
        return apiError(context, 400, 'invalid_request', 'The check report was not imported.', {
          fields: { report: outcome.problems.flatMap((problem) => problem.problems) },
        });
      return context.json(outcome.summary, 200);
    },
    async snapshot(context: Context) {
      const snapshot = await server.getSnapshot();
      if (!snapshot) return apiError(context, 404, 'not_found', 'Nothing is published yet.');
      return context.json(snapshot, 200);
    },
  };
}
