/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { appendAudit } from '../../audit/audit-log.ts';
import {
  isWebhookEventType,
  type WebhookEndpointRow,
  webhookEventTypes,
} from '../../store/webhooks.ts';
import { errorResponse } from '../api/errors.ts';
import { newWebhookSecret } from '../api/webhook-signature.ts';
import { checkWebhookUrl, WebhookTargetError } from '../api/webhook-target.ts';
import { ActionButton, CsrfField, renderAdminPage, Table } from './layout.tsx';
import {
  type AdminContext,
  type AdminRoute,
  actor,
  adminOnly,
  day,
  idParam,
  notFound,
  who,
} from './route-helpers.ts';

/** How many deliveries an endpoint's page shows. */
const shownDeliveries = 100;

function endpointState(endpoint: WebhookEndpointRow): string {
  return endpoint.disabledAt ? `disabled ${day(endpoint.disabledAt)}` : 'active';
}

/** The endpoint list and the form that registers a new one. */
async function listPage(context: AdminContext, server: Parameters<AdminRoute['handler']>[1]) {
  const { csrf } = who(context);
  const endpoints = await server.store.webhooks.listEndpoints();
  return renderAdminPage(
    'Webhooks',
    who(context),
    <>
      <p>
        Each event is queued with the change that causes it and delivered in the background,
        signed per Standard Webhooks (<code>webhook-id</code>, <code>webhook-timestamp</code>,{' '}
        <code>webhook-signature</code>), and retried with back-off when the receiver fails.
      </p>
      {endpoints.length === 0 ? (
        <p>No endpoint is registered yet.</p>
      ) : (
        <Table label="Webhook endpoints">
          <tr><th>#</th><th>URL</th><th>Description</th><th>Events</th><th>Status</th><th>Added</th></tr>
          {endpoints.map((endpoint) => (
            <tr>
              <td>{endpoint.id}</td>
              <td><a href={`/admin/webhooks/${endpoint.id}`}>{endpoint.kind === 'slack' ? 'Slack (ATTEST_SLACK_WEBHOOK_URL)' : endpoint.url}</a></td>
              <td>{endpoint.description}</td>
              <td>{endpoint.events.join(', ')}</td>
              <td>{endpointState(endpoint)}</td>
              <td>{day(endpoint.createdAt)} by {endpoint.createdBy}</td>
            </tr>
          ))}
        </Table>
      )}
      <h2>Add an endpoint</h2>
      <form method="post" action="/admin/webhooks">
        <CsrfField token={csrf} />
        <label>URL <input type="url" name="url" required size={60} placeholder="https://hooks.example.com/attest" /></label>
        <label>Description <input name="description" maxlength={200} size={40} /></label>
        <fieldset>
          <legend>Events</legend>
          {Object.entries(webhookEventTypes).map(([type, meaning]) => (
            <label>
              <input type="checkbox" name="events" value={type} /> <code>{type}</code> — {meaning}
            </label>
          ))}
        </fieldset>
        <button type="submit">Add and show the signing secret</button>
      </form>
    </>,
  );
}

/**
 * Webhook endpoints (admin only): register one (its URL checked against the SSRF policy,
 * its signing secret shown once), see each delivery with every attempt's status code,
 * answer excerpt or error, replay a delivery, disable or enable an endpoint.
 */
export const webhookRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/webhooks',
    roles: adminOnly,
    handler: async (context, server) => context.html(await listPage(context, server)),
  },
  {
    method: 'POST',
    path: '/admin/webhooks',
    roles: adminOnly,
    handler: async (context, server) => {
      const body = await context.req.parseBody({ all: true });
      const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
      const listed = Array.isArray(body.events) ? body.events : body.events === undefined ? [] : [body.events];
      const events = [...new Set(listed.map(text))];
      const fields: Record<string, string[]> = {};
      const url = text(body.url);
      const description = text(body.description).slice(0, 200);
      if (events.length === 0) fields.events = ['choose at least one event'];
      const unknown = events.filter((type) => !isWebhookEventType(type));
      if (unknown.length > 0) fields.events = [`unknown event types: ${unknown.join(', ')}`];
      if (url.length > 2_000) fields.url = ['the URL is longer than 2,000 characters'];
      else {
        try {
          await checkWebhookUrl(url, server.webhookPolicy);
        } catch (error) {
          if (!(error instanceof WebhookTargetError)) throw error;
          fields.url = [error.message];
        }
      }
      if (Object.keys(fields).length > 0) return errorResponse(context, 400, 'Some fields need attention.', fields);
      const secret = newWebhookSecret();
      const by = actor(context, server);
      const now = server.now().toISOString();
      const endpoint = await server.store.transaction(async (tx) => {
        const row = await tx.webhooks.createEndpoint({
          kind: 'webhook',
          url,
          description,
          events,
          secret,
          createdAt: now,
          createdBy: by.actor,
        });
        await appendAudit(tx, { ...by, at: now, action: 'webhook.create', target: `webhook:${row.id} ${url} [${events.join(', ')}]` });
        return row;
      });
      return context.html(
        renderAdminPage(
          'Endpoint added',
          who(context),
          <>
            <p>
              Deliveries to <code>{endpoint.url}</code> are signed with this secret. Copy it now: it is not
              shown again.
            </p>
            <p><code id="secret">{secret}</code></p>
            <p><a href={`/admin/webhooks/${endpoint.id}`}>See the endpoint's deliveries</a></p>
          </>,
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/admin/webhooks/:id',
    roles: adminOnly,
    handler: async (context, server) => {
      const id = idParam(context);
      const endpoint = id ? await server.store.webhooks.getEndpoint(id) : undefined;
      if (!endpoint) return notFound(context);
      const { csrf } = who(context);
      const deliveries = await server.store.webhooks.deliveriesOf(endpoint.id, shownDeliveries);
      const attempts = await server.store.webhooks.attemptsOf(deliveries.map((row) => row.id));
      const state = (row: (typeof deliveries)[number]) =>
        row.deliveredAt
          ? `delivered ${day(row.deliveredAt)}`
          : row.abandonedAt
            ? `given up ${day(row.abandonedAt)}`
            : `waiting (next attempt ${day(row.nextAttemptAt)})`;
      return context.html(
        renderAdminPage(
          `Webhook #${endpoint.id}`,
          who(context),
          <>
            <p>
              {endpoint.kind === 'slack' ? 'Slack, from ATTEST_SLACK_WEBHOOK_URL' : <code>{endpoint.url}</code>} ·{' '}
              {endpoint.description || 'no description'} · {endpointState(endpoint)}
            </p>
            <p>Events: {endpoint.events.join(', ')}</p>
            {endpoint.kind === 'webhook' ? (
              endpoint.disabledAt ? (
                <ActionButton action={`/admin/webhooks/${endpoint.id}/enable`} csrf={csrf} label="Enable" />
              ) : (
                <ActionButton action={`/admin/webhooks/${endpoint.id}/disable`} csrf={csrf} label="Disable" />
              )
            ) : null}
            <h2>Deliveries ({deliveries.length === shownDeliveries ? `newest ${shownDeliveries}` : deliveries.length})</h2>
            {deliveries.length === 0 ? (
              <p>Nothing was queued for this endpoint yet.</p>
            ) : (
              <Table label="Deliveries">
                <tr><th>#</th><th>Event</th><th>Queued</th><th>Status</th><th>Attempts</th><th></th></tr>
                {deliveries.map((row) => (
                  <tr>
                    <td>{row.id}</td>
                    <td><code>{row.eventType}</code><br /><small><code>{row.messageId}</code></small></td>
                    <td>{day(row.createdAt)}</td>
                    <td>{state(row)}</td>
                    <td>
                      {attempts
                        .filter((attempt) => attempt.deliveryId === row.id)
                        .map((attempt) => (
                          <div>
                            {day(attempt.at)}: {attempt.statusCode ?? 'no answer'} in {attempt.durationMs} ms
                            {attempt.error ? ` — ${attempt.error}` : ''}
                            {attempt.responseExcerpt ? <pre>{attempt.responseExcerpt.slice(0, 300)}</pre> : null}
                          </div>
                        ))}
                    </td>
                    <td><ActionButton action={`/admin/webhooks/deliveries/${row.id}/replay`} csrf={csrf} label="Replay" /></td>
                  </tr>
                ))}
              </Table>
            )}
          </>,
        ),
      );
    },
  },
  ...(['disable', 'enable'] as const).map(
    (change): AdminRoute => ({
      method: 'POST',
      path: `/admin/webhooks/:id/${change}`,
      roles: adminOnly,
      handler: async (context, server) => {
        const id = idParam(context);
        const endpoint = id ? await server.store.webhooks.getEndpoint(id) : undefined;
        if (!endpoint || endpoint.kind !== 'webhook') return notFound(context);
        const now = server.now().toISOString();
        await server.store.transaction(async (tx) => {
          await tx.webhooks.setDisabled(endpoint.id, change === 'disable' ? now : null);
          await appendAudit(tx, { ...actor(context, server), at: now, action: `webhook.${change}`, target: `webhook:${endpoint.id} ${endpoint.url}` });
        });
        return context.redirect(`/admin/webhooks/${endpoint.id}`, 303);
      },
    }),
  ),
  {
    method: 'POST',
    path: '/admin/webhooks/deliveries/:id/replay',
    roles: adminOnly,
    handler: async (context, server) => {
      const id = idParam(context);
      const delivery = id ? await server.store.webhooks.getDelivery(id) : undefined;
      if (!delivery) return notFound(context);
      const now = server.now().toISOString();
      await server.store.transaction(async (tx) => {
        await tx.webhooks.replay(delivery.id, now);
        await appendAudit(tx, { ...actor(context, server), at: now, action: 'webhook.replay', target: `delivery:${delivery.id} ${delivery.eventType} (webhook:${delivery.endpointId})` });
      });
      server.webhooks.kick();
      return context.redirect(`/admin/webhooks/${delivery.endpointId}`, 303);
    },
  },
];
