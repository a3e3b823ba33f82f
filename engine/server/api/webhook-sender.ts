import { syncAlerts } from '../../store/alerts.ts';
import type { Store } from '../../store/store.ts';
import {
  type DeliveryAttempt,
  syncSlackEndpoint,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from '../../store/webhooks.ts';
import { slackDelivery } from './slack-message.ts';
import { postWebhook, type WebhookResponse } from './webhook-post.ts';
import { signWebhook } from './webhook-signature.ts';
import type { ResolveHost, WebhookPolicy } from './webhook-target.ts';

/** Slack, from the environment: where messages go, and the key interactions are signed with. */
export interface SlackSettings {
  /** `ATTEST_SLACK_WEBHOOK_URL`: an incoming webhook. */
  webhookUrl?: string | undefined;
  /** `ATTEST_SLACK_SIGNING_SECRET`: verifies Approve / Reject clicks. */
  signingSecret?: string | undefined;
}

/** Sends queued webhook and Slack deliveries in the background. */
export interface WebhookSender {
  /** Sends what is due now, then resolves (tests and replays call it; the loop does too). */
  drain(): Promise<void>;
  /** Asks for a drain soon: something was queued or replayed. */
  kick(): void;
  close(): void;
}

/** How long after a change the queue is looked at (changes within it are sent together). */
const kickDelayMs = 100;

export interface WebhookSenderOptions {
  store: Store;
  policy: WebhookPolicy;
  slack?: SlackSettings;
  now?: () => Date;
  log?: (line: string) => void;
  /** How often the queue is looked at for deliveries other replicas queued (default 5 s). */
  pollMs?: number;
  /** Attempts before a delivery is given up on (default 10: about four hours of retries). */
  maxAttempts?: number;
  /** Per attempt: the deadline (default 10 s) and the resolver (tests point names at addresses). */
  post?: { timeoutMs?: number; resolve?: ResolveHost };
}

/** Wait after the first failure; it doubles after each further one… */
export const firstWebhookRetryMs = 30_000;
/** …up to this. */
const maxWebhookRetryMs = 2 * 3_600_000;
const batchSize = 10;

/** The wait before the next attempt of a delivery that has failed `attempts` times. */
export function webhookRetryDelayMs(attempts: number): number {
  return Math.min(maxWebhookRetryMs, firstWebhookRetryMs * 2 ** Math.max(0, attempts - 1));
}

/** Why an attempt failed, in words shown in the admin area. */
class DeliveryFailure extends Error {
  constructor(
    message: string,
    /** Retrying cannot help (the endpoint is disabled): give up at once. */
    readonly final = false,
  ) {
    super(message);
  }
}

/** Prefix of the alert about deliveries given up on. */
const alertPrefix = 'webhooks:';

/**
 * Creates the background sender: it keeps the Slack endpoint in step with the settings,
 * then claims due deliveries under a lease (so replicas sharing the database each send a
 * delivery once), signs webhooks per Standard Webhooks, posts them through the SSRF guard,
 * records every attempt, and retries failures with exponential back-off up to a limit.
 */
export async function createWebhookSender(options: WebhookSenderOptions): Promise<WebhookSender> {
  const { store, policy } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const maxAttempts = options.maxAttempts ?? 10;
  const timeoutMs = options.post?.timeoutMs ?? 10_000;
  const leaseMs = 3 * timeoutMs + 60_000;
  await syncSlackEndpoint(store, Boolean(options.slack?.webhookUrl), now().toISOString());

  let closed = false;
  let running: Promise<void> | undefined;
  let again = false;
  let kickTimer: NodeJS.Timeout | undefined;
  const endpoints = new Map<number, WebhookEndpointRow | undefined>();

  /** The request for one delivery: its URL, headers and body. */
  function prepare(
    endpoint: WebhookEndpointRow,
    row: WebhookDeliveryRow,
  ): { url: string; headers: Record<string, string>; body: string } {
    if (endpoint.kind === 'slack') {
      const delivery = slackDelivery(row.body, options.slack?.webhookUrl);
      if (!delivery)
        throw new DeliveryFailure(`Slack is not told about ${row.eventType} events`, true);
      if (!delivery.url)
        throw new DeliveryFailure('Slack is not configured (set ATTEST_SLACK_WEBHOOK_URL)');
      return {
        url: delivery.url,
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Attest-Webhooks/1' },
        body: JSON.stringify(delivery.message),
      };
    }
    const timestamp = Math.floor(now().getTime() / 1000);
    return {
      url: endpoint.url,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Attest-Webhooks/1',
        'webhook-id': row.messageId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(endpoint.secret, row.messageId, timestamp, row.body),
      },
      body: row.body,
    };
  }

  async function endpointOf(id: number): Promise<WebhookEndpointRow | undefined> {
    if (!endpoints.has(id)) endpoints.set(id, await store.webhooks.getEndpoint(id));
    return endpoints.get(id);
  }

  async function attempt(row: WebhookDeliveryRow): Promise<void> {
    const started = performance.now();
    let response: WebhookResponse | undefined;
    let error: string | null = null;
    let final = false;
    try {
      const endpoint = await endpointOf(row.endpointId);
      if (!endpoint || endpoint.disabledAt !== null)
        throw new DeliveryFailure('the endpoint is disabled', true);
      const request = prepare(endpoint, row);
      response = await postWebhook(request.url, request.headers, request.body, {
        policy,
        timeoutMs,
        ...(options.post?.resolve ? { resolve: options.post.resolve } : {}),
      });
      if (response.status < 200 || response.status > 299)
        throw new DeliveryFailure(`the receiver answered ${response.status}`);
    } catch (caught) {
      error = (caught as Error).message;
      final = caught instanceof DeliveryFailure && caught.final;
    }
    if (closed) return;
    const at = now();
    const attempts = row.attempts + 1;
    const giveUp = error !== null && (final || attempts >= maxAttempts);
    const outcome: DeliveryAttempt = {
      at: at.toISOString(),
      durationMs: Math.round(performance.now() - started),
      statusCode: response?.status ?? null,
      responseExcerpt: response?.excerpt ?? null,
      error,
      attempts,
      deliveredAt: error === null ? at.toISOString() : null,
      nextAttemptAt:
        error === null || giveUp
          ? at.toISOString()
          : new Date(at.getTime() + webhookRetryDelayMs(attempts)).toISOString(),
      abandonedAt: giveUp ? at.toISOString() : null,
    };
    await store.webhooks.recordAttempt(row.id, outcome);
    if (error !== null)
      log(
        giveUp
          ? `attest: gave up on webhook delivery #${row.id} (${row.eventType}) after ${attempts} attempts: ${error}; replay it from Admin → Webhooks`
          : `attest: webhook delivery #${row.id} (${row.eventType}) failed (attempt ${attempts}; next at ${outcome.nextAttemptAt}): ${error}`,
      );
  }

  /** The abandoned count the alert was last written for. */
  let alerted: number | undefined;

  /** Raises (or clears) the alert about deliveries given up on, when their number changed. */
  async function updateAlert(): Promise<void> {
    const abandoned = await store.webhooks.countAbandoned();
    if (abandoned === alerted) return;
    const alerts =
      abandoned === 0
        ? []
        : [
            {
              key: `${alertPrefix}abandoned`,
              severity: 'warning' as const,
              message: `${abandoned} webhook or Slack deliver${abandoned === 1 ? 'y was' : 'ies were'} given up on; see Admin → Webhooks to replay.`,
            },
          ];
    await syncAlerts(store, alertPrefix, alerts, now());
    alerted = abandoned;
  }

  async function sendDue(): Promise<void> {
    endpoints.clear();
    for (;;) {
      if (closed) return;
      const at = now();
      const rows = await store.webhooks.claimDue(
        at.toISOString(),
        batchSize,
        new Date(at.getTime() + leaseMs).toISOString(),
      );
      if (rows.length === 0) break;
      await Promise.all(rows.map(attempt));
    }
    if (!closed) await updateAlert();
  }

  async function drain(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await sendDue();
        } catch (error) {
          // Never ends the server: claimed rows come back once their lease runs out.
          if (!closed)
            log(`attest: webhook deliveries could not be sent: ${(error as Error).message}`);
        }
      } while (again && !closed);
    })();
    try {
      await running;
    } finally {
      running = undefined;
    }
  }

  const poll = setInterval(() => void drain(), options.pollMs ?? 5_000);
  poll.unref();

  return {
    drain,
    kick() {
      if (closed || kickTimer) return;
      // Kicks within a moment share one look at the queue: under a burst of form posts the
      // queue is read a few times a second, not once per request.
      kickTimer = setTimeout(() => {
        kickTimer = undefined;
        void drain();
      }, kickDelayMs);
      kickTimer.unref();
    },
    close() {
      closed = true;
      clearInterval(poll);
      clearTimeout(kickTimer);
    },
  };
}
