import type { Snapshot } from '../../evaluate/snapshot.ts';
import type { AccessPolicy } from '../../load/access-rules.ts';
import type { Store } from '../../store/store.ts';
import { createOidcClient, type OidcClient } from '../auth/oidc-client.ts';
import type { SsoSettings } from '../auth/sso-settings.ts';
import type { ServerMailer } from './mail.ts';
import { createLimiters, defaultRateLimits, type Limiters, type RateLimits } from './rate-limit.ts';
import { ViewCounter } from './view-counter.ts';
import type { SlackSettings, WebhookSender } from './webhook-sender.ts';
import { defaultWebhookPolicy, type WebhookPolicy } from './webhook-target.ts';

/** What the API, the signed links and the admin area need from the running server. */
export interface ServerOptions {
  store: Store;
  /** The organisation directory; gated PDFs are read from `DIR/data/gated-documents/`. */
  dir: string;
  mailer: ServerMailer;
  /** HMAC key for signed links and confirmation tokens (ATTEST_SECRET, or random per start). */
  secret: Buffer;
  /** The public origin used in every emailed link, e.g. `https://trust.example.com`. */
  publicUrl: string;
  /** The snapshot being served (documents, NDA text, declared SLAs). */
  getSnapshot: () => Promise<Snapshot | undefined>;
  /** Email domains whose access requests are approved at once (ATTEST_ALLOWED_DOMAINS). */
  allowDomains?: readonly string[];
  /**
   * The organisation's auto-approval rules (`policies/access.yaml` and its CRM exports) as
   * last loaded; tried after `allowDomains`.
   */
  accessRules?: () => AccessPolicy | undefined;
  /** Days a signed document link works (default 7). */
  linkDays?: number;
  rateLimits?: Partial<RateLimits>;
  /**
   * How many proxies of your own stand in front of the server (`true` is one): the client
   * IP is then the address the outermost of them appended to X-Forwarded-For, and
   * X-Forwarded-Proto says whether the client used TLS. Never set it without such a proxy.
   */
  trustProxy?: boolean | number;
  /**
   * The origin of the static export whose forms post here (`ATTEST_SITE_ORIGIN`), e.g.
   * `https://trust.example.com`: `/api` answers CORS for exactly that origin and accepts
   * its form posts. Empty or absent: only the server's own and public origins.
   */
  siteOrigin?: string;
  /** Single sign-on to the admin area through an OpenID Connect provider (ATTEST_OIDC_*). */
  sso?: SsoSettings | undefined;
  /** Sends queued webhook and Slack deliveries (absent: they stay queued for another replica). */
  webhooks?: WebhookSender;
  /** Which private addresses webhook endpoints may reach (none by default). */
  webhookPolicy?: WebhookPolicy;
  /** Slack's incoming webhook and signing secret (ATTEST_SLACK_*); absent: no Slack. */
  slack?: SlackSettings;
  /**
   * Counts anonymous page views and file downloads, flushed to the store every minute
   * (default: one created on the store, flushed by a timer that does not hold the process).
   */
  viewCounter?: ViewCounter;
  now?: () => Date;
}

/** A sender that sends nothing: deliveries stay queued for a process that has one. */
const noSender: WebhookSender = { drain: async () => {}, kick: () => {}, close: () => {} };

/** {@link ServerOptions} with defaults applied and the rate limiters created. */
export interface ServerContext extends Required<Omit<ServerOptions, 'rateLimits' | 'sso'>> {
  limiters: Limiters;
  /** Single sign-on settings and its client, when configured. */
  sso: { settings: SsoSettings; client: OidcClient } | undefined;
}

/** Where the identity provider sends people back to (register it as the redirect URI). */
export const ssoCallbackPath = '/admin/sso/callback';

export function createServerContext(options: ServerOptions): ServerContext {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  return {
    allowDomains: [],
    accessRules: () => undefined,
    linkDays: 7,
    trustProxy: false,
    siteOrigin: '',
    webhooks: noSender,
    webhookPolicy: defaultWebhookPolicy,
    slack: {},
    now: () => new Date(),
    ...options,
    viewCounter:
      options.viewCounter ??
      new ViewCounter(options.store.viewCounts, options.now ? { now: options.now } : {}),
    publicUrl,
    limiters: createLimiters(
      { ...defaultRateLimits, ...options.rateLimits },
      // Replicas share a PostgreSQL database, and so one allowance per key; one SQLite file
      // serves one machine, whose memory is enough.
      options.store.dialect === 'postgres' ? options.store.rateCounters : undefined,
    ),
    sso: options.sso
      ? {
          settings: options.sso,
          client: createOidcClient(options.sso, `${publicUrl}${ssoCallbackPath}`),
        }
      : undefined,
  };
}
