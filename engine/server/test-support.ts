import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { evaluateOrganisation } from '../evaluate/evaluate.ts';
import type { Snapshot } from '../evaluate/snapshot.ts';
import { loadOrganisationFromDir } from '../fs/read-organisation.ts';
import { copyOrganisation } from '../fs/test-organisations.ts';
import { databasePath } from '../store/database-path.ts';
import { openStore, type Store } from '../store/open-store.ts';
import type { ServerOptions } from './api/context.ts';
import { createServerMailer, type ServerMailer } from './api/mail.ts';
import { createWebhookSender, type WebhookSender } from './api/webhook-sender.ts';
import { defaultWebhookPolicy } from './api/webhook-target.ts';
import { createApp } from './app.ts';
import { createSession } from './auth/sessions.ts';
import { createUser, type Role } from './auth/users.ts';

/** A real trust-center app over a temporary organisation, SQLite file and mail outbox. */
export interface TestServer {
  app: ReturnType<typeof createApp>;
  store: Store;
  dir: string;
  mailer: ServerMailer;
  /** Sends queued webhook and Slack deliveries when `drain()` is called (it polls only hourly). */
  webhooks: WebhookSender;
  snapshot: Snapshot;
  origin: string;
  /** The options the app was created with (to build a context for direct calls). */
  options: ServerOptions;
  /** Waits for queued mail and parses every `.eml` in the outbox (oldest first). */
  mails(): Promise<ParsedMail[]>;
  /** Posts a form the way a browser on the site would (same Origin, Accept: text/html). */
  postForm(
    path: string,
    fields: Record<string, string | string[]>,
    headers?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Builds the bundled organisation's snapshot (no checks run) into a temporary directory. */
export async function createTestServer(
  overrides: Partial<ServerOptions> = {},
  /** A `postgres://` URL to use instead of a SQLite file in the test's directory. */
  database?: string,
  /** Where mail goes: a real SMTP server (`smtp://127.0.0.1:<port>`), else the outbox. */
  smtpUrl?: string,
): Promise<TestServer> {
  const dir = copyOrganisation('.', mkdtempSync(join(tmpdir(), 'attest-server-')));
  const { model } = await loadOrganisationFromDir(dir);
  if (!model) throw new Error('the bundled organisation does not load');
  const snapshot = evaluateOrganisation(model, [], {
    now: new Date('2026-11-20T12:00:00Z'),
    publishedAt: '2026-11-20T12:00:00Z',
  });
  const distDir = join(dir, 'dist');
  mkdirSync(distDir);
  writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>Trust</title>');
  // A SQLite file in the test's own directory, whatever DATABASE_URL says, unless told.
  const store = await openStore(database ?? databasePath(dir, {}));
  const outboxDir = join(dir, 'data', 'outbox');
  const mailer = createServerMailer({
    store,
    ...(smtpUrl ? { smtpUrl } : {}),
    outboxDir,
    from: 'Trust <trust@acme.example>',
    log: () => {},
  });
  const webhooks =
    overrides.webhooks ??
    (await createWebhookSender({
      store,
      policy: overrides.webhookPolicy ?? defaultWebhookPolicy,
      slack: overrides.slack ?? {},
      ...(overrides.now ? { now: overrides.now } : {}),
      log: () => {},
      pollMs: 3_600_000,
      post: { timeoutMs: 5_000 },
    }));
  const origin = 'http://trust.test';
  const options: ServerOptions = {
    store,
    dir,
    mailer,
    webhooks,
    secret: Buffer.alloc(32, 7),
    publicUrl: origin,
    getSnapshot: async () => snapshot,
    // policies/access.yaml and its CRM export, as `attest serve` hands them over.
    accessRules: () => model.access,
    ...overrides,
  };
  const app = createApp({ distDir, server: options });
  return {
    app,
    store,
    dir,
    mailer,
    webhooks,
    snapshot,
    origin,
    options,
    async mails() {
      await mailer.idle();
      let names: string[] = [];
      try {
        names = readdirSync(outboxDir)
          .filter((name) => name.endsWith('.eml'))
          .sort();
      } catch {
        return [];
      }
      return Promise.all(names.map((name) => simpleParser(readFileSync(join(outboxDir, name)))));
    },
    async postForm(path, fields, headers = {}) {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) {
        for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
      }
      return app.request(`${origin}${path}`, {
        method: 'POST',
        body,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'text/html,application/xhtml+xml',
          Origin: origin,
          ...headers,
        },
      });
    },
    async close() {
      mailer.close();
      webhooks.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The first link in a mail's text that starts with `prefix`. */
export function linkIn(mail: ParsedMail | undefined, prefix: string): string {
  const match = (mail?.text ?? '').split(/\s+/).find((word) => word.startsWith(prefix));
  if (!match) throw new Error(`no link starting with ${prefix} in: ${mail?.text}`);
  return match;
}

/** The cookie and CSRF token of a signed-in admin-area session (second factor done). */
export interface SignedIn {
  cookie: string;
  csrf: string;
}

/** Creates a user with `role` and signs them in: what an admin-area request needs. */
export async function signIn(
  store: Store,
  user: { email: string; role: Role; now?: Date },
): Promise<SignedIn> {
  const now = user.now ?? new Date();
  const { user: created } = await createUser(store, { ...user, now });
  const { token, session } = await createSession(store, {
    userId: created.id,
    verified: true,
    ip: null,
    userAgent: null,
    now,
  });
  return { cookie: `attest_session=${token}`, csrf: session.csrfToken };
}

/** A tiny cookie jar over `app.request`, posting forms the way the admin pages do. */
export function formBrowser(server: Pick<TestServer, 'app' | 'origin'>) {
  let cookie = '';
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await server.app.request(`${server.origin}${path}`, {
      ...init,
      headers: {
        Origin: server.origin,
        ...(cookie ? { Cookie: cookie } : {}),
        ...(init.headers as Record<string, string>),
      },
    });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0] ?? '';
    return response;
  };
  return {
    get: (path: string) => request(path),
    post: (path: string, fields: Record<string, string>) =>
      request(path, {
        method: 'POST',
        body: new URLSearchParams(fields),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    cookie: () => cookie,
  };
}
