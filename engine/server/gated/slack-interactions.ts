import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { appendAudit } from '../../audit/audit-log.ts';
import { newMessageId } from '../../store/webhooks.ts';
import type { ServerContext } from '../api/context.ts';
import { errorResponse } from '../api/errors.ts';
import { clientIp, userAgent } from '../api/http.ts';
import {
  isSlackResponseUrl,
  slackActions,
  slackReplyBody,
  slackReplyType,
} from '../api/slack-message.ts';
import { approveRequest, rejectRequest } from './access.ts';

/** Where Slack posts button clicks (the app's Interactivity Request URL). */
export const slackInteractionsPath = '/api/slack/interactions';

/** How far Slack's request timestamp may be from our clock (Slack's own advice: 5 minutes). */
const maxSkewSeconds = 300;

/**
 * Records a refused Slack request in the audit log: bad or missing signature, a timestamp
 * out of the window, a replay, an oversized or malformed payload. Anyone can send such a
 * request, so past the per-address token limit (60 in 10 minutes) refusals are still
 * refused but no longer each written to the log.
 */
export async function auditSlackRefusal(
  server: ServerContext,
  context: Context,
  reason: string,
): Promise<void> {
  const ip = clientIp(context, server.trustProxy);
  const now = server.now();
  if (!(await server.limiters.tokensPerIp.hit(`slack:${ip}`, now.getTime())).ok) return;
  await appendAudit(server.store, {
    actor: 'slack (unverified)',
    action: 'slack.refused',
    target: reason,
    at: now.toISOString(),
    ip,
    userAgent: userAgent(context),
  });
}

/** Slack's `v0=` signature of `v0:timestamp:body` under the signing secret. */
export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Compares two signatures in constant time. */
function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

interface BlockActions {
  type: 'block_actions';
  response_url?: string;
  user: { id: string; username?: string; name?: string };
  actions: { action_id: string; value?: string }[];
}

/** The click a payload carries, or a reason it carries none we act on. */
function readClick(payload: string | undefined):
  | {
      action: 'approve' | 'reject';
      requestId: number;
      user: string;
      userId: string;
      responseUrl: string | undefined;
    }
  | { problem: string } {
  let parsed: BlockActions;
  try {
    parsed = JSON.parse(payload ?? '') as BlockActions;
  } catch {
    return { problem: 'the payload field is not JSON' };
  }
  if (parsed?.type !== 'block_actions')
    return { problem: 'only button clicks (block_actions) are handled' };
  const click = parsed.actions?.[0];
  const action =
    click?.action_id === slackActions.approve
      ? 'approve'
      : click?.action_id === slackActions.reject
        ? 'reject'
        : undefined;
  const requestId = Number(click?.value);
  if (!action || !Number.isInteger(requestId) || requestId < 1)
    return { problem: 'the click is not an Approve or Reject of an access request' };
  const id = typeof parsed.user?.id === 'string' ? parsed.user.id : '';
  if (!/^[A-Z0-9]{1,32}$/.test(id)) return { problem: 'the payload names no Slack user' };
  const name = String(parsed.user.username ?? parsed.user.name ?? '').slice(0, 80);
  const responseUrl = typeof parsed.response_url === 'string' ? parsed.response_url : undefined;
  return {
    action,
    requestId,
    user: `slack:${id}${name ? ` (${name})` : ''}`,
    userId: id,
    responseUrl,
  };
}

/**
 * `POST /api/slack/interactions`: Approve / Reject clicked on a Slack message. The request
 * must carry Slack's `X-Slack-Signature` over `v0:timestamp:body` with the signing secret
 * (`ATTEST_SLACK_SIGNING_SECRET`) and an `X-Slack-Request-Timestamp` within five minutes; a
 * signature seen before is a replay. The decision runs through the admin area's own code
 * (approve: grants, mail, audit; reject: audit), recorded as the Slack user. Every refusal
 * is a 4xx with its reason, and audited.
 */
export function slackInteractionRoutes(server: ServerContext): Hono {
  const app = new Hono();
  /**
   * Signatures accepted within the window (→ their timestamp), so a captured request cannot
   * be sent again. Only Slack can add one (each is verified first); each leaves the map once
   * its timestamp is out of the window anyway.
   */
  const seen = new Map<string, number>();

  app.post(slackInteractionsPath, async (context) => {
    const secret = server.slack.signingSecret;
    if (!secret)
      return errorResponse(
        context,
        404,
        'Slack interactivity is not configured (ATTEST_SLACK_SIGNING_SECRET).',
      );
    const refuse = async (status: 400 | 401 | 409, reason: string) => {
      await auditSlackRefusal(server, context, reason);
      return errorResponse(context, status, `Refused: ${reason}.`);
    };
    const body = await context.req.text();
    const timestamp = context.req.header('x-slack-request-timestamp') ?? '';
    const signature = context.req.header('x-slack-signature') ?? '';
    if (!/^\d{1,12}$/.test(timestamp) || !signature)
      return refuse(401, 'the X-Slack-Request-Timestamp or X-Slack-Signature header is missing');
    const nowSeconds = Math.floor(server.now().getTime() / 1000);
    if (Math.abs(nowSeconds - Number(timestamp)) > maxSkewSeconds)
      return refuse(
        401,
        'the request timestamp is more than five minutes away (a replay, or a wrong clock)',
      );
    if (!sameSignature(signature, slackSignature(secret, timestamp, body)))
      return refuse(401, 'the Slack signature does not match');
    for (const [key, at] of seen) if (Math.abs(nowSeconds - at) > maxSkewSeconds) seen.delete(key);
    if (seen.has(signature))
      return refuse(409, 'this signed request was already handled (a replay)');
    seen.set(signature, Number(timestamp));

    const click = readClick(new URLSearchParams(body).get('payload') ?? undefined);
    if ('problem' in click) return refuse(400, click.problem);
    const by = {
      actor: click.user,
      ip: clientIp(context, server.trustProxy),
      userAgent: userAgent(context),
    };
    const done =
      click.action === 'approve'
        ? (await approveRequest(server, click.requestId, by)) !== undefined
        : await rejectRequest(server, click.requestId, by);
    const text = done
      ? `Request #${click.requestId} ${click.action === 'approve' ? 'approved' : 'rejected'} by <@${click.userId}>.`
      : `Request #${click.requestId} was not pending any more; nothing changed.`;
    if (done && click.responseUrl) await replyInSlack(server, click.responseUrl, text);
    return context.json({ response_type: 'in_channel', replace_original: false, text }, 200);
  });
  return app;
}

/**
 * Queues the decision for the message whose button was clicked (through the same queue as
 * every Slack message): posted to the click's `response_url`, it replaces the buttons.
 */
async function replyInSlack(
  server: ServerContext,
  responseUrl: string,
  text: string,
): Promise<void> {
  if (!isSlackResponseUrl(responseUrl, server.slack.webhookUrl)) return;
  const endpoint = (await server.store.webhooks.listEndpoints()).find(
    (row) => row.kind === 'slack' && row.disabledAt === null,
  );
  if (!endpoint) return;
  const at = server.now().toISOString();
  await server.store.webhooks.enqueue(
    endpoint.id,
    {
      messageId: newMessageId(),
      eventType: slackReplyType,
      body: slackReplyBody(responseUrl, text, at),
    },
    at,
  );
}
