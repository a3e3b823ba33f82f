import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangelogEntry } from '../evaluate/snapshot.ts';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { createMailer } from '../mail/mailer.ts';
import { type SmtpSink, startSmtpSink } from '../mail/test-support/smtp-sink.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { addSubscriber, notifySubscribers, unsubscribeUrlFor } from './notify.ts';

const from = 'Example Trust <trust@example.com>';
const unsubscribeBase = 'https://trust.example.com/api/unsubscribe';
const now = () => new Date('2026-11-20T15:00:00.000Z');
const snapshot = createSnapshotFixture();

const entries: ChangelogEntry[] = [
  ...snapshot.changelog,
  {
    date: '2026-11-19',
    kind: 'subprocessor',
    subject: 'oldmail',
    title: 'Subprocessor leaving: Old Mail Inc.',
    text: 'Old Mail Inc. stops sending our transactional email.',
  },
  {
    date: '2026-11-18',
    kind: 'control',
    subject: 'backups',
    title: 'Backups <script>alert("x")</script>',
    text: 'Retention raised to 30 days.',
  },
];

let dir: string;
let store: Store;
let publicationId: number;
let sinks: SmtpSink[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'attest-notify-'));
  store = await openStore(join(dir, 'attest.db'));
  publicationId = await store.publications.save(snapshot, { builtAt: '2026-11-20T15:00:00.000Z' });
});

afterEach(async () => {
  await Promise.all(sinks.map((sink) => sink.close()));
  sinks = [];
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function sink(rejectRecipients: string[] = []): Promise<SmtpSink> {
  const started = await startSmtpSink({ rejectRecipients });
  sinks.push(started);
  return started;
}

/** Two confirmed subscribers (one per topic), one unconfirmed, one unsubscribed. */
async function seedSubscribers() {
  const dpo = await addSubscriber(store, {
    email: 'dpo@customer.example',
    topic: 'subprocessors',
    confirmed: true,
  });
  const ciso = await addSubscriber(store, {
    email: 'ciso@customer.example',
    topic: 'all',
    confirmed: true,
  });
  await addSubscriber(store, { email: 'pending@customer.example', topic: 'all', confirmed: false });
  const gone = await addSubscriber(store, {
    email: 'gone@customer.example',
    topic: 'all',
    confirmed: true,
  });
  await store.subscribers.unsubscribe(gone.id, '2026-11-19T00:00:00.000Z');
  return { dpo, ciso };
}

function notify(
  mailer: ReturnType<typeof createMailer>,
  list: readonly ChangelogEntry[] = entries,
) {
  return notifySubscribers({
    store,
    mailer,
    publicationId,
    snapshot,
    entries: list,
    unsubscribeBase,
    now,
  });
}

function recorded() {
  return store.notifications.list();
}

describe('notifySubscribers', () => {
  it('sends each confirmed subscriber one merged message for their topic, once', async () => {
    const { dpo, ciso } = await seedSubscribers();
    const server = await sink();
    const mailer = createMailer({ smtpUrl: server.url, outboxDir: join(dir, 'outbox'), from });

    expect(await notify(mailer)).toEqual({ sent: 2, failed: 0, skipped: 0, alreadySent: 0 });
    const byRecipient = new Map(server.received.map((mail) => [mail.to.join(','), mail.parsed]));
    expect([...byRecipient.keys()].sort()).toEqual([
      'ciso@customer.example',
      'dpo@customer.example',
    ]);

    const toDpo = byRecipient.get('dpo@customer.example');
    expect(toDpo?.subject).toBe('Example: 2 subprocessor changes');
    expect(toDpo?.text).toContain('New subprocessor: Sentry');
    expect(toDpo?.text).toContain('Subprocessor leaving: Old Mail Inc.');
    expect(toDpo?.text).toContain('To object, write to privacy@example.com before 2026-12-15.');
    expect(toDpo?.text).not.toContain('Encryption in transit');

    const toCiso = byRecipient.get('ciso@customer.example');
    expect(toCiso?.subject).toBe('Example: 4 trust center updates');
    for (const entry of entries) expect(toCiso?.text).toContain(entry.title);
    expect(toCiso?.html).toContain('Backups &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(toCiso?.html).not.toContain('<script');

    for (const [subscriber, parsed] of [
      [dpo, toDpo],
      [ciso, toCiso],
    ] as const) {
      const link = unsubscribeUrlFor(unsubscribeBase, subscriber.unsubscribeToken);
      expect(link).toMatch(/^https:\/\/trust\.example\.com\/api\/unsubscribe\?token=[\w-]{43}$/);
      expect(parsed?.text).toContain(`Unsubscribe: ${link}`);
      expect(parsed?.html).toContain(`href="${link}"`);
      const lines = parsed?.headerLines.map((header) => header.line.replace(/\r?\n/g, '')) ?? [];
      expect(lines).toContain(`List-Unsubscribe: <${link}>`);
      expect(lines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    }

    expect(await recorded()).toEqual([
      {
        id: expect.any(Number),
        publicationId,
        subscriberId: dpo.id,
        email: 'dpo@customer.example',
        subject: 'Example: 2 subprocessor changes',
        transport: 'smtp',
        messageId: toDpo?.messageId,
        status: 'sent',
        error: null,
        sentAt: '2026-11-20T15:00:00.000Z',
      },
      expect.objectContaining({
        subscriberId: ciso.id,
        status: 'sent',
        messageId: toCiso?.messageId,
      }),
    ]);

    expect(await notify(mailer)).toEqual({ sent: 0, failed: 0, skipped: 0, alreadySent: 2 });
    mailer.close();
    expect(server.received).toHaveLength(2);
    expect(await recorded()).toHaveLength(2);
  });

  it('skips subscribers whose topic the publication does not touch', async () => {
    const { ciso } = await seedSubscribers();
    const server = await sink();
    const mailer = createMailer({ smtpUrl: server.url, outboxDir: join(dir, 'outbox'), from });
    const controlsOnly = entries.filter((entry) => entry.kind === 'control');
    expect(await notify(mailer, controlsOnly)).toEqual({
      sent: 1,
      failed: 0,
      skipped: 1,
      alreadySent: 0,
    });
    mailer.close();
    expect(server.received.map((mail) => mail.to)).toEqual([['ciso@customer.example']]);
    expect((await recorded()).map((row) => row.subscriberId)).toEqual([ciso.id]);
  });

  it('records a refused recipient as failed, sends the others, and retries it later', async () => {
    const { dpo, ciso } = await seedSubscribers();
    const refusing = await sink(['dpo@customer.example']);
    const first = createMailer({ smtpUrl: refusing.url, outboxDir: join(dir, 'outbox'), from });
    expect(await notify(first)).toEqual({ sent: 1, failed: 1, skipped: 0, alreadySent: 0 });
    first.close();
    expect(refusing.received.map((mail) => mail.to)).toEqual([['ciso@customer.example']]);
    const [failed, sent] = await recorded();
    expect(failed).toMatchObject({ subscriberId: dpo.id, status: 'failed', messageId: null });
    expect(failed?.error).toMatch(/550/);
    expect(sent).toMatchObject({ subscriberId: ciso.id, status: 'sent', error: null });

    const healthy = await sink();
    const second = createMailer({ smtpUrl: healthy.url, outboxDir: join(dir, 'outbox'), from });
    expect(await notify(second)).toEqual({ sent: 1, failed: 0, skipped: 0, alreadySent: 1 });
    second.close();
    expect(healthy.received.map((mail) => mail.to)).toEqual([['dpo@customer.example']]);
    expect((await recorded()).map((row) => [row.subscriberId, row.status, row.error])).toEqual([
      [dpo.id, 'sent', null],
      [ciso.id, 'sent', null],
    ]);
  });

  it('without SMTP, writes one .eml file per subscriber into the outbox', async () => {
    const { dpo, ciso } = await seedSubscribers();
    const outboxDir = join(dir, 'outbox');
    const mailer = createMailer({ outboxDir, from });
    expect(await notify(mailer)).toEqual({ sent: 2, failed: 0, skipped: 0, alreadySent: 0 });
    expect(await notify(mailer)).toEqual({ sent: 0, failed: 0, skipped: 0, alreadySent: 2 });
    mailer.close();

    const files = readdirSync(outboxDir).sort((a, b) => a.slice(-8).localeCompare(b.slice(-8)));
    expect(files.map((file) => file.replace(/^\d{8}T\d{6}\.\d{3}Z-/, ''))).toEqual(
      [`${publicationId}-${dpo.id}.eml`, `${publicationId}-${ciso.id}.eml`].sort((a, b) =>
        a.slice(-8).localeCompare(b.slice(-8)),
      ),
    );
    const parsed = await Promise.all(
      files.map((file) => simpleParser(readFileSync(join(outboxDir, file)))),
    );
    const subjects = parsed.map((mail) => mail.subject).sort();
    expect(subjects).toEqual([
      'Example: 2 subprocessor changes',
      'Example: 4 trust center updates',
    ]);
    expect(
      (await recorded()).every((row) => row.transport === 'outbox' && row.status === 'sent'),
    ).toBe(true);
  });
});

describe('addSubscriber', () => {
  it('returns the existing row for an address already subscribed to the topic', async () => {
    const first = await addSubscriber(store, {
      email: 'DPO@customer.example',
      topic: 'subprocessors',
      confirmed: true,
    });
    const again = await addSubscriber(store, {
      email: ' dpo@customer.example ',
      topic: 'subprocessors',
      confirmed: false,
    });
    expect(again).toEqual(first);
    expect(first.email).toBe('dpo@customer.example');
    expect(first.confirmedAt).not.toBeNull();
    const other = await addSubscriber(store, {
      email: 'dpo@customer.example',
      topic: 'all',
      confirmed: false,
    });
    expect(other.id).not.toBe(first.id);
    expect(other.confirmedAt).toBeNull();
    expect(other.unsubscribeToken).not.toBe(first.unsubscribeToken);
    expect(await store.subscribers.list(10)).toHaveLength(2);
  });
});
