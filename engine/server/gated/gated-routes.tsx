/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { supportedLanguages } from '../../language/i18n/translate.ts';
import { mailTranslator, resultPageLanguage } from '../api/mail-language.ts';
import { requestableDocuments } from '../../render/documents/requestable.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { raw } from 'hono/html';
import { appendAudit } from '../../audit/audit-log.ts';
import { queueEvent } from '../../store/webhooks.ts';
import { renderMarkdown } from '../../render/markdown.ts';
import type { ServerContext } from '../api/context.ts';
import { errorResponse } from '../api/errors.ts';
import { clientIp, enforceLimit, userAgent, wantsJson } from '../api/http.ts';
import { quoteSubmitted } from '../api/mail-text.ts';
import { renderPage } from '../api/page.tsx';
import { createRouter, emailField, errorResponses, formOrJson, handle, validBody } from '../api/router.ts';
import { approveRequest, findAutoApproval, requestData } from './access.ts';
import { currentNda } from './nda.ts';
import { type LinkProblem, readDocumentLink } from './signed-link.ts';
import { stampPdf, watermarkText } from './watermark.ts';

const documentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'not a document id');

const requestInput = z
  .object({
    document: z
      .union([documentId, z.array(documentId)])
      .transform((value) => [...new Set(Array.isArray(value) ? value : [value])])
      .pipe(z.array(z.string()).min(1).max(20))
      .openapi({ description: 'Id of a gated document; repeat the field for several.', example: 'pentest-summary' }),
    name: z.string().trim().min(1, 'enter your name').max(200),
    email: emailField.openapi({ description: 'Work email; approved links are sent here.' }),
    company: z.string().trim().min(1, 'enter your company').max(200),
    // Optional, as the form says: a prospect who leaves it empty is not sent back.
    reason: z
      .string()
      .trim()
      .max(2_000)
      .default('')
      .openapi({ description: 'Why the documents are needed (optional).' }),
    nda: z
      .union([z.literal('accept'), z.literal('on'), z.literal(true)], {
        message: 'accept the confidentiality terms to continue',
      })
      .openapi({ description: 'Clickwrap acceptance of the NDA at /documents/nda ("accept").' }),
    language: z
      .enum(supportedLanguages, { message: `choose one of ${supportedLanguages.join(', ')}` })
      .optional()
      .openapi({ description: "The language of the page the form was sent from; the requester's mails are written in it." }),
  })
  .openapi('AccessRequestInput');

const requestAccepted = z
  .object({ id: z.number(), status: z.enum(['pending', 'approved']), message: z.string() })
  .openapi('AccessRequestAccepted');

const linkProblems: Record<LinkProblem | 'revoked' | 'rejected', string> = {
  invalid: 'This link is not valid. Use the exact link from your approval mail.',
  'other-document': 'This link opens a different document. Each link works for one document only.',
  expired: 'This link has expired. Ask for access again on the trust center.',
  revoked: 'Access through this link was withdrawn. Contact us if you still need the document.',
  rejected: 'This request was not approved.',
};

function refused(context: Context, problem: keyof typeof linkProblems): Response {
  return errorResponse(context, 403, linkProblems[problem]);
}

/**
 * `POST /api/access-requests` (NDA clickwrap, auto-approval by the rules of
 * `findAutoApproval`),
 * `GET /documents/access/:document/:token` (signed, expiring, per-document, logged) and
 * `GET /documents/nda` (the terms in force).
 */
export function gatedRoutes(server: ServerContext): OpenAPIHono {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/access-requests',
      operationId: 'requestAccess',
      security: [],
      summary: 'Request gated documents, accepting the NDA',
      description:
        'Requests from an email domain an auto-approval rule lists (ATTEST_ALLOWED_DOMAINS, then policies/access.yaml) are approved at once; others wait for an admin. Links are only ever sent by mail.',
      tags: ['Gated documents'],
      request: { body: formOrJson(requestInput, 'Who asks, for which documents, and the NDA acceptance.') },
      responses: {
        202: { description: 'Request stored.', content: { 'application/json': { schema: requestAccepted } } },
        ...errorResponses,
      },
    }),
    handle(async (context) => {
      const input = validBody<z.output<typeof requestInput>>(context);
      if (!input) return errorResponse(context, 400, 'Send the form fields document, name, email, company and nda (reason is optional).');
      const now = server.now();
      const ip = clientIp(context, server.trustProxy);
      await enforceLimit(server.limiters.formsPerIp, ip, now);
      const snapshot = await server.getSnapshot();
      const gated = new Set(snapshot ? requestableDocuments(snapshot).map((d) => d.id) : []);
      const unknown = input.document.filter((id) => !gated.has(id));
      if (unknown.length > 0) {
        return errorResponse(context, 400, 'Some fields need attention.', {
          document: unknown.map((id) => `"${id}" is not a document shared on request`),
        });
      }
      const nda = currentNda(snapshot);
      // One transaction: the request, its NDA record, any approval and its mail. A request
      // that waits for review needs only its requester's key; an approval writes the audit
      // log and grants, so it takes the whole database.
      const email = input.email.trim().toLowerCase();
      const rule = findAutoApproval(server, email);
      const { row, auto } = await server.store.transaction(async (tx) => {
        const stored = await tx.accessRequests.create({
          name: input.name,
          email: input.email,
          company: input.company,
          reason: input.reason,
          documents: input.document,
          ndaVersion: nda.version,
          ndaSha256: nda.sha256,
          ndaAcceptedAt: now.toISOString(),
          ip,
          userAgent: userAgent(context),
          createdAt: now.toISOString(),
          language: input.language ?? null,
        });
        const approved = rule !== undefined;
        // Queued before its approval's event, with the outcome: an auto-approved request
        // needs no one to decide.
        await queueEvent(
          tx,
          { type: 'access_request.created', data: { ...requestData(stored), status: approved ? 'approved' : 'pending' } },
          now.toISOString(),
        );
        if (rule) {
          const reason = `rule ${rule.rule} matched ${rule.domain} (${rule.source})`;
          await approveRequest(server, stored.id, { actor: `auto (rule ${rule.rule})`, ip, userAgent: userAgent(context) }, rule.days, tx, reason);
        } else if ((await server.limiters.mailsPerAddress.hit(stored.email, now.getTime(), tx)).ok) {
          const t = mailTranslator(stored.language);
          await server.mailer.queue(
            {
              to: stored.email,
              subject: t('mail.access.receivedSubject', { id: stored.id }),
              text: `${t('mail.access.hello')}\n\n${t('mail.access.receivedBody', { id: stored.id })}\n\n${quoteSubmitted(t('mail.access.name'), stored.name, t('mail.access.asSubmitted'))}\n`,
            },
            tx,
          );
        }
        return { row: stored, auto: approved };
      }, rule ? {} : { keys: [`access-request:${email}`] });
      const page = resultPageLanguage(input.language, snapshot);
      const message = auto ? page.t('result.approved') : page.t('result.pending');
      if (wantsJson(context)) {
        return context.json({ id: row.id, status: auto ? 'approved' : 'pending', message }, 202);
      }
      return context.html(renderPage(page.t('result.requestReceived', { id: row.id }), <p>{message}</p>, page), 200);
    }),
  );

  app.get('/documents/nda', async (context) => {
    const nda = currentNda(await server.getSnapshot());
    return context.html(
      renderPage(
        nda.title,
        <>
          <p>
            Version {nda.version} · SHA-256 <code>{nda.sha256}</code>
          </p>
          {raw(renderMarkdown(nda.body, { headingLevel: 2 }))}
        </>,
      ),
    );
  });

  app.get('/documents/access/:document/:token', async (context) => {
    const now = server.now();
    const ip = clientIp(context, server.trustProxy);
    await enforceLimit(server.limiters.tokensPerIp, ip, now);
    const requested = context.req.param('document');
    if (!documentId.safeParse(requested).success) return errorResponse(context, 404, 'There is nothing at this address.');
    const link = readDocumentLink(server.secret, requested, context.req.param('token'), now);
    if (!link.ok) return refused(context, link.problem);
    const grant = await server.store.accessRequests.grantForDownload(link.payload.g, requested);
    if (!grant) return refused(context, 'invalid');
    if (grant.status !== 'approved') return refused(context, 'rejected');
    if (grant.grant.revokedAt) return refused(context, 'revoked');
    if (grant.grant.expiresAt <= now.toISOString()) return refused(context, 'expired');
    let file: Buffer;
    try {
      file = await readFile(join(server.dir, 'data', 'gated-documents', `${requested}.pdf`));
    } catch {
      return errorResponse(context, 404, 'This document is not available yet. Please try again later.');
    }
    // Each copy carries who it was sent to, on every page.
    const watermark = watermarkText({ name: grant.name, email: grant.email, company: grant.company, grantId: grant.grant.id, at: now });
    let stamped: Uint8Array;
    try {
      stamped = await stampPdf(file, watermark);
    } catch {
      return errorResponse(context, 503, 'This document cannot be prepared for download right now. Please try again later or contact us.');
    }
    const agent = userAgent(context);
    await server.store.transaction(async (tx) => {
      await tx.accessRequests.recordDownload({ grantId: grant.grant.id, documentId: requested, at: now.toISOString(), ip, userAgent: agent, watermark });
      await appendAudit(tx, {
        actor: grant.email,
        action: 'document.download',
        target: `${requested} (grant:${grant.grant.id})`,
        at: now.toISOString(),
        ip,
        userAgent: agent,
      });
      await queueEvent(
        tx,
        { type: 'document.downloaded', data: { document: requested, requestId: grant.grant.requestId, email: grant.email, at: now.toISOString() } },
        now.toISOString(),
      );
    });
    return context.body(new Uint8Array(stamped), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${requested}.pdf"`,
      'Cache-Control': 'private, no-store',
    });
  });

  return app;
}
