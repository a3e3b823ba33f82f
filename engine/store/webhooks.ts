import { randomBytes } from 'node:crypto';
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from './schema.ts';
import type { Repositories } from './store.ts';

export type { WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow };

/** Every event type an endpoint can subscribe to, with what it reports. */
export const webhookEventTypes = {
  'access_request.created': 'A prospect asked for gated documents (accepting the NDA).',
  'access_request.approved': 'An access request was approved (by a person or the allow-list).',
  'access_request.rejected': 'An access request was rejected.',
  'access_request.revoked': "A request's download links were revoked.",
  'document.downloaded': 'A gated document was downloaded through a signed link.',
  'subscription.confirmed': 'A subscriber confirmed their address.',
  'vulnerability_report.received': 'A vulnerability report arrived.',
  'vulnerability_report.triaged': 'A vulnerability report was triaged.',
  'publication.created': 'A new version of the trust center was published, with its changes.',
  'claim.status_changed':
    "A claim's status changed between publications (e.g. verified → failing).",
} as const;

export type WebhookEventType = keyof typeof webhookEventTypes;

/** Whether `type` is one of {@link webhookEventTypes}. */
export function isWebhookEventType(type: string): type is WebhookEventType {
  return Object.hasOwn(webhookEventTypes, type);
}

/** The event types the Slack endpoint gets (it only posts some of them, see {@link slackWants}). */
export const slackEventTypes: readonly WebhookEventType[] = [
  'access_request.created',
  'claim.status_changed',
];

/** An event to deliver: its type and its data (JSON). */
export interface WebhookEvent {
  type: WebhookEventType;
  data: Record<string, unknown>;
}

/**
 * Whether Slack is told about `event`: every new access request, and a public claim that
 * starts failing (not every status change).
 */
export function slackWants(event: WebhookEvent): boolean {
  if (event.type === 'access_request.created') return true;
  if (event.type !== 'claim.status_changed') return false;
  const { before, after, control } = event.data as {
    before?: string;
    after?: string;
    control?: { visibility?: string };
  };
  return after === 'failing' && before !== 'failing' && control?.visibility === 'public';
}

/** A delivery to queue. */
export interface QueuedDelivery {
  messageId: string;
  eventType: string;
  body: string;
}

/** The outcome of one attempt, and where the delivery stands after it. */
export interface DeliveryAttempt {
  at: string;
  durationMs: number;
  statusCode: number | null;
  responseExcerpt: string | null;
  error: string | null;
  /** Attempts so far, this one included. */
  attempts: number;
  deliveredAt: string | null;
  nextAttemptAt: string;
  abandonedAt: string | null;
}

/** Registered endpoints, the deliveries queued for them, and every attempt. */
export interface Webhooks {
  createEndpoint(
    endpoint: Omit<WebhookEndpointRow, 'id' | 'disabledAt'>,
  ): Promise<WebhookEndpointRow>;
  /** Every endpoint, oldest first. */
  listEndpoints(): Promise<WebhookEndpointRow[]>;
  getEndpoint(id: number): Promise<WebhookEndpointRow | undefined>;
  /** Disables (`at`) or enables (null) an endpoint; false when there is none. */
  setDisabled(id: number, at: string | null): Promise<boolean>;
  /** Queues a delivery, due at `at`; returns its id. */
  enqueue(endpointId: number, delivery: QueuedDelivery, at: string): Promise<number>;
  /**
   * Claims up to `limit` deliveries due at `now`, oldest first, for one sender: in one atomic
   * statement their next attempt moves to `leaseUntil`, so no other sender (another replica
   * on the same database) gets them meanwhile. One whose sender dies is due again after it.
   */
  claimDue(now: string, limit: number, leaseUntil: string): Promise<WebhookDeliveryRow[]>;
  /** Records one attempt and where the delivery stands after it, atomically. */
  recordAttempt(deliveryId: number, attempt: DeliveryAttempt): Promise<void>;
  /** Queues a delivery again at once (delivered or given up on alike); false when there is none. */
  replay(id: number, at: string): Promise<boolean>;
  getDelivery(id: number): Promise<WebhookDeliveryRow | undefined>;
  /** An endpoint's deliveries, newest first, up to `limit`. */
  deliveriesOf(endpointId: number, limit: number): Promise<WebhookDeliveryRow[]>;
  /** The attempts of these deliveries, oldest first. */
  attemptsOf(deliveryIds: readonly number[]): Promise<WebhookAttemptRow[]>;
  /** When the earliest waiting delivery is due, if there is one. */
  nextAttemptAt(): Promise<string | undefined>;
  /** How many deliveries were given up on (and not replayed since). */
  countAbandoned(): Promise<number>;
}

/** A new Standard Webhooks message id. */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

/**
 * Queues `event` for every enabled endpoint subscribed to its type (Slack only for what
 * {@link slackWants}), through `store`: called inside the transaction that writes the change
 * the event reports, so both are stored or neither. Each delivery gets its own message id and
 * the body `{"type","timestamp","data"}`. Returns how many deliveries were queued.
 */
export async function queueEvent(
  store: Repositories,
  event: WebhookEvent,
  at: string,
): Promise<number> {
  const body = JSON.stringify({ type: event.type, timestamp: at, data: event.data });
  let queued = 0;
  for (const endpoint of await store.webhooks.listEndpoints()) {
    if (endpoint.disabledAt !== null || !endpoint.events.includes(event.type)) continue;
    if (endpoint.kind === 'slack' && !slackWants(event)) continue;
    await store.webhooks.enqueue(
      endpoint.id,
      { messageId: newMessageId(), eventType: event.type, body },
      at,
    );
    queued++;
  }
  return queued;
}

/**
 * Keeps the one Slack endpoint row in step with the configuration: created (enabled) when
 * Slack is configured and there is none, enabled or disabled to match otherwise.
 */
export async function syncSlackEndpoint(
  store: Repositories,
  configured: boolean,
  at: string,
): Promise<void> {
  await store.transaction(async (tx) => {
    const existing = (await tx.webhooks.listEndpoints()).find((row) => row.kind === 'slack');
    if (!existing) {
      if (configured)
        await tx.webhooks.createEndpoint({
          kind: 'slack',
          url: 'ATTEST_SLACK_WEBHOOK_URL',
          description: 'Slack (from the environment)',
          events: [...slackEventTypes],
          secret: '',
          createdAt: at,
          createdBy: 'configuration',
        });
      return;
    }
    if (configured === (existing.disabledAt === null)) return;
    await tx.webhooks.setDisabled(existing.id, configured ? null : at);
  });
}
