/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { supportedLanguages } from '../../language/i18n/translate.ts';
import { mailTranslator, resultPageLanguage } from './mail-language.ts';
import { queueEvent } from '../../store/webhooks.ts';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { signToken, verifyToken } from '../auth/signed-token.ts';
import type { ServerContext } from './context.ts';
import { errorResponse } from './errors.ts';
import { clientIp, enforceLimit, wantsJson } from './http.ts';
import { renderPage } from './page.tsx';
import { signUp } from './subscriptions.ts';
import { createRouter, emailField, errorResponses, formOrJson, handle, validBody } from './router.ts';

const subscribeInput = z
  .object({
    email: emailField.openapi({ example: 'ada@customer.example' }),
    topic: z
      .enum(['subprocessors', 'all'], { message: 'choose "subprocessors" or "all"' })
      .openapi({ description: 'Subprocessor changes only, or every published change.' }),
    language: z
      .enum(supportedLanguages, { message: `choose one of ${supportedLanguages.join(', ')}` })
      .optional()
      .openapi({
        description:
          'The language of the page the form was sent from; the mails to this address are written in it.',
      }),
  })
  .openapi('SubscribeInput');

const tokenQuery = z.object({ token: z.string().min(1).max(2_000) });

const accepted = z
  .object({ status: z.literal('pending'), message: z.string() })
  .openapi('SubscribeAccepted');

const confirmValidityDays = 7;
const checkInbox =
  'If that address can receive mail, a confirmation link is on its way. Nothing changes until it is opened.';

/** What a confirmation token carries: subscriber id, address, expiry and issue time (ms). */
interface ConfirmPayload {
  s: number;
  e: string;
  x: number;
  /** When the token was issued; a link issued before an unsubscribe does not undo it. */
  i?: number;
}

function isConfirmPayload(value: unknown): value is ConfirmPayload {
  const payload = value as ConfirmPayload | undefined;
  return (
    typeof payload?.s === 'number' &&
    typeof payload.e === 'string' &&
    typeof payload.x === 'number' &&
    (payload.i === undefined || typeof payload.i === 'number')
  );
}

/**
 * `/api/subscribe` (double opt-in), `/api/subscribe/confirm` and `/api/unsubscribe`
 * (RFC 8058 one-click). Every sign-up answers the same way, so nobody learns whether an
 * address is already on the list; a repeat sign-up never adds a row.
 */
export function subscribeRoutes(server: ServerContext): OpenAPIHono {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/subscribe',
      operationId: 'subscribe',
      security: [],
      summary: 'Subscribe an address to change notices (double opt-in)',
      tags: ['Subscriptions'],
      request: { body: formOrJson(subscribeInput, 'The address and what to hear about.') },
      responses: {
        202: { description: 'Accepted; a confirmation mail is sent when appropriate.', content: { 'application/json': { schema: accepted } } },
        ...errorResponses,
      },
    }),
    handle(async (context) => {
      const input = validBody<z.output<typeof subscribeInput>>(context);
      if (!input) return errorResponse(context, 400, 'Send the form fields email and topic.');
      const now = server.now();
      await enforceLimit(server.limiters.formsPerIp, clientIp(context, server.trustProxy), now);
      // One transaction: the subscriber and its confirmation mail are stored together.
      await server.store.transaction(async (tx) => {
        const row = await signUp(tx, input.email, input.topic, now, input.language);
        const active = row.confirmedAt !== null && row.unsubscribedAt === null;
        if (!active && (await server.limiters.mailsPerAddress.hit(row.email, now.getTime(), tx)).ok) {
          const token = signToken(server.secret, 'confirm', {
            s: row.id,
            e: row.email,
            x: now.getTime() + confirmValidityDays * 86_400_000,
            i: now.getTime(),
          } satisfies ConfirmPayload);
          // In the language the address signed up in (first sign-up wins), else this form's.
          const t = mailTranslator(row.language ?? input.language);
          const topic = t(`mail.confirm.topics.${row.topic}`);
          await server.mailer.queue(
            {
            to: row.email,
            subject: t('mail.confirm.subject'),
            text:
              `${t('mail.confirm.intro', { topic, site: server.publicUrl })}\n\n` +
              `${t('mail.confirm.open', { count: confirmValidityDays })}\n` +
              `${server.publicUrl}/api/subscribe/confirm?token=${token}\n\n` +
              `${t('mail.confirm.ignore')}\n`,
            },
            tx,
          );
        }
      }, { keys: [`subscriber:${input.email.trim().toLowerCase()}`] });
      if (wantsJson(context)) return context.json({ status: 'pending' as const, message: checkInbox }, 202);
      const page = resultPageLanguage(input.language, await server.getSnapshot());
      return context.html(
        renderPage(page.t('result.checkInbox'), <p>{page.t('result.checkInboxText')}</p>, page),
        200,
      );
    }),
  );

  const confirmRoute = (method: 'get' | 'post') =>
    createRoute({
      method,
      path: '/api/subscribe/confirm',
      operationId: method === 'get' ? 'showSubscriptionConfirmation' : 'confirmSubscription',
      security: [],
      summary:
        method === 'get'
          ? 'Show the confirmation button (mail scanners that open links confirm nothing)'
          : 'Confirm a subscription',
      tags: ['Subscriptions'],
      request: { query: tokenQuery },
      responses: {
        200: { description: method === 'get' ? 'A page with a confirm button.' : 'Confirmed.' },
        404: { description: 'Unknown or expired link.', content: { 'application/json': { schema: errorResponses[400].content['application/json'].schema } } },
      },
    });

  const readConfirm = (token: string): ConfirmPayload | undefined => {
    const payload = verifyToken(server.secret, 'confirm', token);
    if (!isConfirmPayload(payload) || payload.x < server.now().getTime()) return undefined;
    return payload;
  };

  app.openapi(confirmRoute('get'), handle(async (context) => {
    const token = context.req.query('token') ?? '';
    await enforceLimit(server.limiters.tokensPerIp, clientIp(context, server.trustProxy), server.now());
    if (!readConfirm(token)) return errorResponse(context, 404, 'This confirmation link is not valid or has expired. Subscribe again to get a new one.');
    return context.html(
      renderPage(
        'Confirm your subscription',
        <form method="post" action={`/api/subscribe/confirm?token=${encodeURIComponent(token)}`}>
          <button type="submit">Yes, send me change notices</button>
        </form>,
      ),
    );
  }));

  app.openapi(confirmRoute('post'), handle(async (context) => {
    const token = context.req.query('token') ?? '';
    const now = server.now();
    await enforceLimit(server.limiters.tokensPerIp, clientIp(context, server.trustProxy), now);
    const payload = readConfirm(token);
    // Unsubscribing wins over every link issued before it (tokens from before issue times
    // count as issued at the epoch); a new sign-up after it mails a link that works.
    const issuedAt = new Date(payload?.i ?? 0).toISOString();
    const updated =
      payload &&
      (await server.store.transaction(async (tx) => {
        const confirmed = await tx.subscribers.confirm(payload.s, payload.e, issuedAt, now.toISOString());
        if (confirmed)
          await queueEvent(tx, { type: 'subscription.confirmed', data: { id: payload.s, email: payload.e, confirmedAt: now.toISOString() } }, now.toISOString());
        return confirmed;
      }));
    if (!updated) return errorResponse(context, 404, 'This confirmation link is not valid or has expired. Subscribe again to get a new one.');
    if (wantsJson(context)) return context.json({ status: 'confirmed' }, 200);
    return context.html(renderPage('Subscription confirmed', <p>You will get a mail when something you chose changes. Every mail has a one-click unsubscribe link.</p>));
  }));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/unsubscribe',
      operationId: 'showUnsubscribe',
      security: [],
      summary: 'Show the unsubscribe button',
      tags: ['Subscriptions'],
      request: { query: tokenQuery },
      responses: {
        200: { description: 'A page with an unsubscribe button.' },
        400: errorResponses[400],
      },
    }),
    handle((context) => {
      const token = context.req.query('token') ?? '';
      return context.html(
        renderPage(
          'Unsubscribe',
          <form method="post" action={`/api/unsubscribe?token=${encodeURIComponent(token)}`}>
            <button type="submit">Stop sending me change notices</button>
          </form>,
        ),
      );
    }),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/unsubscribe',
      operationId: 'unsubscribe',
      security: [],
      summary: 'Unsubscribe (RFC 8058 one-click: body List-Unsubscribe=One-Click)',
      description:
        'Mail providers post here directly from the List-Unsubscribe-Post header, so this route takes no Origin check: the secret token is the authorisation.',
      tags: ['Subscriptions'],
      request: { query: tokenQuery },
      responses: {
        200: { description: 'Unsubscribed (also when already unsubscribed).' },
        404: { description: 'Unknown token.' },
      },
    }),
    handle(async (context) => {
      const token = context.req.query('token') ?? '';
      const now = server.now();
      await enforceLimit(server.limiters.tokensPerIp, clientIp(context, server.trustProxy), now);
      const row = await server.store.subscribers.byUnsubscribeToken(token);
      if (!row) return errorResponse(context, 404, 'This unsubscribe link is not valid.');
      if (row.unsubscribedAt === null) await server.store.subscribers.unsubscribe(row.id, now.toISOString());
      if (wantsJson(context)) return context.json({ status: 'unsubscribed' }, 200);
      return context.html(renderPage('Unsubscribed', <p>You will get no more change notices at this address.</p>));
    }),
  );

  return app;
}
