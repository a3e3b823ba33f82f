import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Snapshot } from '../../evaluate/snapshot.ts';
import type { Store } from '../../store/store.ts';
import type { SsoSettings } from '../auth/sso-settings.ts';
import type { ServerOptions } from './context.ts';
import { createServerMailer } from './mail.ts';
import { ViewCounter } from './view-counter.ts';
import { createWebhookSender } from './webhook-sender.ts';
import { webhookPolicyFromEnv } from './webhook-target.ts';

/**
 * The HMAC key: `ATTEST_SECRET` (at least 32 characters), else a random key kept only in
 * memory — with one warning, because every emailed link then dies on restart.
 */
export function serverSecret(env: NodeJS.ProcessEnv, log: (line: string) => void): Buffer {
  const configured = env.ATTEST_SECRET;
  if (configured && configured.length >= 32) return Buffer.from(configured, 'utf8');
  log(
    configured
      ? 'attest: ATTEST_SECRET is shorter than 32 characters; using a random key instead — signed links stop working on restart.'
      : 'attest: ATTEST_SECRET is not set; using a random key — signed links and confirmation links stop working on restart.',
  );
  return randomBytes(32);
}

/** The newest publication's snapshot, re-read only when a new publication appears. */
export function latestSnapshotReader(store: Store): () => Promise<Snapshot | undefined> {
  let cached: { id: number; snapshot: Snapshot } | undefined;
  return async () => {
    const latest = await store.publications.latestId();
    if (latest === undefined) return undefined;
    if (cached?.id !== latest) {
      const publication = await store.publications.get(latest);
      if (publication) cached = { id: latest, snapshot: publication.snapshot };
    }
    return cached?.snapshot;
  };
}

/**
 * `ATTEST_TRUST_PROXY`: the number of the operator's own proxies in front of the server
 * (`1` for one reverse proxy, `2` for a CDN in front of it, …); unset, empty or `0` for
 * none. Anything else is refused with a warning and trusts no proxy.
 */
export function trustProxyFromEnv(value: string | undefined, log: (line: string) => void): number {
  if (value === undefined || value.trim() === '') return 0;
  const hops = Number(value);
  if (Number.isInteger(hops) && hops >= 0 && hops <= 10) return hops;
  log(
    `attest: ATTEST_TRUST_PROXY must be the number of your proxies (0–10), got "${value}"; trusting no proxy.`,
  );
  return 0;
}

/** `ATTEST_MAIL_LEASE_MS`: how long a replica's claim on a due message lasts (default ten minutes). */
function leaseFromEnv(value: string | undefined): { claimLeaseMs?: number } {
  const ms = Number(value);
  return value && Number.isInteger(ms) && ms >= 1000 ? { claimLeaseMs: ms } : {};
}

/**
 * Server options for `attest serve` from the environment: `ATTEST_SECRET`,
 * `ATTEST_PUBLIC_URL` (else the organisation's URL, else the listening address), `SMTP_URL`
 * (else `DIR/data/outbox/`), `ATTEST_ALLOWED_DOMAINS` (comma-separated) and
 * `ATTEST_TRUST_PROXY` (see {@link trustProxyFromEnv}), the webhook policy
 * (`ATTEST_WEBHOOK_ALLOW_PRIVATE`, `ATTEST_WEBHOOK_ALLOW_HOSTS`) and Slack
 * (`ATTEST_SLACK_WEBHOOK_URL`, `ATTEST_SLACK_SIGNING_SECRET`); the static site's origin
 * (`ATTEST_SITE_ORIGIN`) and single sign-on (`ATTEST_OIDC_*`, `ATTEST_SSO_ONLY`, see
 * `ssoSettingsFromEnv`) come validated from the caller, which reads them before publishing.
 */
export async function serverOptionsFromEnv(input: {
  dir: string;
  store: Store;
  listening: string;
  env?: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** The static site's origin allowed to post forms and call /api (ATTEST_SITE_ORIGIN). */
  siteOrigin?: string | undefined;
  /** Single sign-on to the admin area, read early by the caller with `ssoSettingsFromEnv`. */
  sso?: SsoSettings | undefined;
}): Promise<ServerOptions> {
  const env = input.env ?? process.env;
  const getSnapshot = latestSnapshotReader(input.store);
  const organisation = (await getSnapshot())?.organisation;
  const webhookPolicy = webhookPolicyFromEnv(env);
  const slack = {
    webhookUrl: env.ATTEST_SLACK_WEBHOOK_URL || undefined,
    signingSecret: env.ATTEST_SLACK_SIGNING_SECRET || undefined,
  };
  const from = organisation
    ? `${organisation.name} Trust <${organisation.contacts.security}>`
    : 'Attest <attest@localhost>';
  return {
    store: input.store,
    dir: input.dir,
    secret: serverSecret(env, input.log),
    publicUrl: env.ATTEST_PUBLIC_URL ?? organisation?.url ?? input.listening,
    getSnapshot,
    mailer: createServerMailer({
      store: input.store,
      smtpUrl: env.SMTP_URL,
      outboxDir: join(input.dir, 'data', 'outbox'),
      from,
      log: input.log,
      ...leaseFromEnv(env.ATTEST_MAIL_LEASE_MS),
    }),
    allowDomains: (env.ATTEST_ALLOWED_DOMAINS ?? '')
      .split(',')
      .map((domain) => domain.trim())
      .filter(Boolean),
    trustProxy: trustProxyFromEnv(env.ATTEST_TRUST_PROXY, input.log),
    webhookPolicy,
    slack,
    webhooks: await createWebhookSender({
      store: input.store,
      policy: webhookPolicy,
      slack,
      log: input.log,
    }),
    viewCounter: new ViewCounter(input.store.viewCounts),
    ...(input.siteOrigin ? { siteOrigin: input.siteOrigin } : {}),
    ...(input.sso ? { sso: input.sso } : {}),
  };
}
