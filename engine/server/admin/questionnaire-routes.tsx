/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { randomBytes } from 'node:crypto';
import { appendAudit } from '../../audit/audit-log.ts';
import { BoundedCache } from '../api/bounded-cache.ts';
import { errorResponse } from '../api/errors.ts';
import { clientIp, userAgent } from '../api/http.ts';
import type { AdminRoute } from './route-helpers.ts';
import { CsrfField, renderAdminPage, Table } from './layout.tsx';
import { plural } from './words.ts';
import {
  type AnsweredQuestionnaire,
  answerQuestionnaire,
  isUnreadableQuestionnaire,
  uploadProblem,
  workbookProblem,
} from './questionnaire-answerer.ts';

/** How long an answered file waits for its download, and how many are kept at most. */
const keepAnsweredMs = 15 * 60_000;
const answeredFiles = new BoundedCache<
  string,
  { userId: number; file: AnsweredQuestionnaire; at: number }
>(20);

/** The page a browser gets after an upload: what was answered and skipped, and the download. */
function AnsweredPage({ file, token }: { file: AnsweredQuestionnaire; token: string }) {
  return (
    <>
      <p>
        {file.answered} of {plural(file.total, 'question')} answered. Download{' '}
        <a href={`/admin/questionnaires/answered/${token}`}>{file.fileName}</a> (kept for 15
        minutes); the <strong>Attest review</strong> sheet in it lists every answer with its
        evidence.
      </p>
      <h2>Answered sheets</h2>
      <Table label="Answered sheets">
        <thead>
          <tr>
            <th scope="col">Sheet</th>
            <th scope="col">Layout</th>
            <th scope="col">Questions</th>
          </tr>
        </thead>
        <tbody>
          {file.sheets.map((sheet) => (
            <tr>
              <td>{sheet.name}</td>
              <td>{sheet.layout}</td>
              <td>{sheet.questions}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      <h2>Skipped sheets</h2>
      {file.skipped.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {file.skipped.map((sheet) => (
            <li>
              {sheet.name}: {sheet.reason}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/admin/questionnaires">Answer another questionnaire</a>
      </p>
    </>
  );
}

function download(file: AnsweredQuestionnaire) {
  const safeName = file.fileName.replace(/[^\w.-]+/g, '_');
  return {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${safeName}"`,
    'X-Questions-Answered': `${file.answered}/${file.total}`,
  };
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
      const snapshot = await server.getSnapshot();
      if (!snapshot) {
        return errorResponse(context, 404, 'Nothing is published yet, so there is nothing to answer from.');
      }
      const file = (await context.req.parseBody()).file;
      const problem = uploadProblem(file);
      if (problem || !(file instanceof File)) {
        return errorResponse(context, 400, 'Some fields need attention.', { file: [problem ?? 'choose a file'] });
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const notWorkbook = workbookProblem(file.name, bytes);
      if (notWorkbook) return errorResponse(context, 400, 'Some fields need attention.', { file: [notWorkbook] });
      let answered: AnsweredQuestionnaire;
      try {
        answered = await answerQuestionnaire({ bytes, fileName: file.name, snapshot, dir: server.dir });
      } catch (error) {
        if (!isUnreadableQuestionnaire(error)) throw error;
        return errorResponse(context, 400, `The questionnaire could not be read: ${error.message}`);
      }
      await appendAudit(server.store, {
        actor: context.var.admin.user.email,
        action: 'questionnaire.answer',
        target: `${file.name} (${answered.answered} of ${answered.total} answered)`,
        ip: clientIp(context, server.trustProxy),
        userAgent: userAgent(context),
      });
      // A browser gets a page saying which sheets were answered and skipped, with the
      // download; any other client gets the file at once.
      if (!(context.req.header('Accept') ?? '').includes('text/html'))
        return context.body(answered.bytes as Uint8Array<ArrayBuffer>, 200, download(answered));
      const token = randomBytes(16).toString('base64url');
      answeredFiles.set(token, { userId: context.var.admin.user.id, file: answered, at: Date.now() });
      return context.html(
        renderAdminPage(
          'Questionnaire answered',
          { user: context.var.admin.user, csrf: context.var.admin.session.csrfToken },
          <AnsweredPage file={answered} token={token} />,
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/admin/questionnaires/answered/:token',
    roles: ['admin', 'sales'],
    handler: (context) => {
      const kept = answeredFiles.get(context.req.param('token') ?? '');
      if (!kept || kept.userId !== context.var.admin.user.id || Date.now() - kept.at > keepAnsweredMs)
        return errorResponse(
          context,
          404,
          'This answered questionnaire is no longer kept (15 minutes); upload it again.',
        );
      return context.body(kept.file.bytes as Uint8Array<ArrayBuffer>, 200, download(kept.file));
    },
  },
];
