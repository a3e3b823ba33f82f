/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { appendAudit } from '../../audit/audit-log.ts';
import { errorResponse } from '../api/errors.ts';
import { clientIp, userAgent } from '../api/http.ts';
import type { AdminRoute } from './route-helpers.ts';
import { CsrfField, renderAdminPage } from './layout.tsx';
import {
  type AnsweredQuestionnaire,
  answerQuestionnaire,
  isUnreadableQuestionnaire,
} from './questionnaire-answerer.ts';

const zipMagic = [0x50, 0x4b, 0x03, 0x04];

/** Why an upload is not a questionnaire this page takes, or undefined when it is. */
export function uploadProblem(file: unknown): string | undefined {
  if (!(file instanceof File) || file.size === 0) return 'choose a .xlsx or .csv file';
  if (!/\.(xlsx|csv)$/i.test(file.name)) return 'only .xlsx and .csv questionnaires are supported';
  return undefined;
}

/** The questionnaire pages: upload a workbook, download it answered (admin and sales). */
export const questionnaireRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/questionnaires',
    roles: ['admin', 'sales'],
    handler: (context) =>
      context.html(
        renderAdminPage(
          'Questionnaires',
          { user: context.var.admin.user, csrf: context.var.admin.session.csrfToken },
          <form method="post" action="/admin/questionnaires" enctype="multipart/form-data">
            <CsrfField token={context.var.admin.session.csrfToken} />
            <label>
              Questionnaire (.xlsx or .csv, up to 5 MiB){' '}
              <input type="file" name="file" accept=".xlsx,.csv" required />
            </label>
            <button type="submit">Answer it</button>
          </form>,
        ),
      ),
  },
  {
    method: 'POST',
    path: '/admin/questionnaires',
    roles: ['admin', 'sales'],
    handler: async (context, server) => {
      const snapshot = server.getSnapshot();
      if (!snapshot) {
        return errorResponse(context, 404, 'Nothing is published yet, so there is nothing to answer from.');
      }
      const file = (await context.req.parseBody()).file;
      const problem = uploadProblem(file);
      if (problem || !(file instanceof File)) {
        return errorResponse(context, 400, 'Some fields need attention.', { file: [problem ?? 'choose a file'] });
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (/\.xlsx$/i.test(file.name) && !zipMagic.every((byte, index) => bytes[index] === byte)) {
        return errorResponse(context, 400, 'Some fields need attention.', {
          file: ['this is not an Excel workbook (.xlsx files are zip archives)'],
        });
      }
      let answered: AnsweredQuestionnaire;
      try {
        answered = await answerQuestionnaire({ bytes, fileName: file.name, snapshot });
      } catch (error) {
        if (!isUnreadableQuestionnaire(error)) throw error;
        return errorResponse(context, 400, `The questionnaire could not be read: ${error.message}`);
      }
      appendAudit(server.store, {
        actor: context.var.admin.user.email,
        action: 'questionnaire.answer',
        target: `${file.name} (${answered.answered} of ${answered.total} answered)`,
        ip: clientIp(context, server.trustProxy),
        userAgent: userAgent(context),
      });
      const safeName = answered.fileName.replace(/[^\w.-]+/g, '_');
      return context.body(answered.bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': answered.contentType,
        'Content-Disposition': `attachment; filename="${safeName}"`,
        'X-Questions-Answered': `${answered.answered}/${answered.total}`,
      });
    },
  },
];
