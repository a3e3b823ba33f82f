import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../mail/test-support/smtp-sink.ts';
import { openAlerts } from '../../store/alerts.ts';
import { openStore, type Store } from '../../store/open-store.ts';
import { mailQueue } from '../../store/schema.ts';
import { createServerMailer, type ServerMailer } from './mail.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-server-mail-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('server mail queue', () => {
  it('delivers queued mail over real SMTP and records it as sent', async () => {
    const sink = await startSmtpSink();
    const store = openStore(join(scratch, 'smtp.db'));
    const mailer = createServerMailer({
      store,
      smtpUrl: sink.url,
      outboxDir: scratch,
      from: 'Trust <trust@acme.example>',
      log: () => {},
    });
    try {
      mailer.queue({
        to: 'ada@customer.example',
        subject: 'Confirm your subscription',
        text: 'Open the link.',
      });
      await mailer.idle();
      expect(sink.received).toHaveLength(1);
      expect(sink.received[0]?.to).toEqual(['ada@customer.example']);
      expect(sink.received[0]?.parsed.subject).toBe('Confirm your subscription');
      expect(store.db.select().from(mailQueue).all()).toMatchObject([
        { attempts: 1, error: null, sentAt: expect.any(String) },
      ]);
    } finally {
      mailer.close();
      store.close();
      await sink.close();
    }
  });

  it('keeps a refused message queued with its error, and sends mail left from before a restart', async () => {
    const sink = await startSmtpSink({ rejectRecipients: ['gone@customer.example'] });
    const path = join(scratch, 'restart.db');
    const first = openStore(path);
    const logged: string[] = [];
    const refusing = createServerMailer({
      store: first,
      smtpUrl: sink.url,
      outboxDir: scratch,
      from: 'trust@acme.example',
      log: (line) => logged.push(line),
    });
    refusing.queue({ to: 'gone@customer.example', subject: 'Receipt', text: 'x' });
    await refusing.idle();
    const [failed] = first.db.select().from(mailQueue).all();
    expect(failed).toMatchObject({ attempts: 1, sentAt: null });
    expect(failed?.error).toMatch(/550|Mailbox unavailable/);
    expect(logged[0]).toMatch(/could not send "Receipt" \(attempt 1; next at /);
    // The process stops before a second message goes out…
    refusing.close();
    first.sqlite
      .prepare(
        'INSERT INTO mail_queue ("to", subject, text, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?)',
      )
      .run(
        'lin@customer.example',
        'Your link',
        'y',
        new Date().toISOString(),
        new Date().toISOString(),
      );
    first.close();
    // …and the next start sends it.
    const second = openStore(path);
    const mailer = createServerMailer({
      store: second,
      smtpUrl: sink.url,
      outboxDir: scratch,
      from: 'trust@acme.example',
      log: () => {},
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await mailer.idle();
      expect(sink.received.map((mail) => mail.parsed.subject)).toEqual(['Your link']);
    } finally {
      mailer.close();
      second.close();
      await sink.close();
    }
  });
  /** Polls `count()` until it reaches `want`, without idle() (which would start a drain itself). */
  async function eventually(count: () => number, want: number): Promise<number> {
    const deadline = Date.now() + 3_000;
    while (count() < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return count();
  }

  it('keeps sending when mail is queued while a batch is being sent', async () => {
    const store = openStore(join(scratch, 'overlap.db'));
    const outbox = join(scratch, 'overlap-outbox');
    const mailer = createServerMailer({
      store,
      outboxDir: outbox,
      from: 'trust@acme.example',
      log: () => {},
    });
    const sent = () =>
      existsSync(outbox) ? readdirSync(outbox).filter((name) => name.endsWith('.eml')).length : 0;
    try {
      for (let n = 0; n < 40; n++)
        mailer.queue({ to: `${n}@customer.example`, subject: 'Batch', text: 'x' });
      // Queued while those are being written: its timer fires during that drain.
      await new Promise((resolve) => setTimeout(resolve, 5));
      mailer.queue({ to: 'late@customer.example', subject: 'Late', text: 'y' });
      expect(await eventually(sent, 41)).toBe(41);
      // The regression: a timer that fired mid-drain stayed set, and no later mail went out.
      mailer.queue({ to: 'last@customer.example', subject: 'Last', text: 'z' });
      expect(await eventually(sent, 42)).toBe(42);
    } finally {
      mailer.close();
      store.close();
    }
  });

  it('sends new mail at once while a failed message waits for its retry', async () => {
    const sink = await startSmtpSink({ rejectRecipients: ['gone@customer.example'] });
    const store = openStore(join(scratch, 'retry-wait.db'));
    const mailer = createServerMailer({
      store,
      smtpUrl: sink.url,
      outboxDir: scratch,
      from: 'trust@acme.example',
      log: () => {},
    });
    try {
      mailer.queue({ to: 'gone@customer.example', subject: 'Refused', text: 'x' });
      await mailer.idle();
      // The refused message retries in a minute; the next one must not wait for that.
      mailer.queue({ to: 'lin@customer.example', subject: 'Fresh', text: 'y' });
      expect(await eventually(() => sink.received.length, 1)).toBe(1);
      expect(sink.received[0]?.parsed.subject).toBe('Fresh');
    } finally {
      mailer.close();
      store.close();
      await sink.close();
    }
  });

  /**
   * Moves the injected clock from one attempt of the (only) unsent message to the next,
   * letting the mailer try each time, until `stop` holds or `untilMs` passes.
   */
  async function followRetries(
    store: Store,
    mailer: ServerMailer,
    clock: { at: Date },
    untilMs: number,
    stop: () => boolean = () => false,
  ): Promise<number[]> {
    const waits: number[] = [];
    while (clock.at.getTime() < untilMs && !stop()) {
      const row = store.db.select().from(mailQueue).get();
      const next = Date.parse(row?.nextAttemptAt ?? '');
      // No later attempt planned (sent, or given up): nothing more will happen.
      if (!row || row.sentAt || row.abandonedAt || !(next > clock.at.getTime())) break;
      waits.push(next - clock.at.getTime());
      clock.at = new Date(next);
      await mailer.idle();
    }
    return waits;
  }

  it('keeps retrying through a day of SMTP outage, across a restart, and delivers when SMTP returns', async () => {
    const sink = await startSmtpSink({ refusing: true });
    const store = openStore(join(scratch, 'outage.db'));
    const clock = { at: new Date('2026-11-23T10:00:00Z') };
    const start = () =>
      createServerMailer({
        store,
        smtpUrl: sink.url,
        outboxDir: scratch,
        from: 'trust@acme.example',
        log: () => {},
        now: () => clock.at,
      });
    let mailer = start();
    try {
      mailer.queue({ to: 'ada@customer.example', subject: 'Your link', text: 'x' });
      await mailer.idle();
      const waits = await followRetries(store, mailer, clock, clock.at.getTime() + 24 * 3_600_000);
      // Backing off, never more than an hour apart, and still trying after a day.
      expect(waits[0]).toBe(60_000);
      expect(Math.max(...waits)).toBe(3_600_000);
      expect(store.db.select().from(mailQueue).get()).toMatchObject({
        sentAt: null,
        abandonedAt: null,
        error: expect.stringMatching(/421/),
      });
      expect(openAlerts(store).map((alert) => alert.key)).toEqual(['mail:queue:delayed']);
      // The server restarts; then the mail server comes back.
      mailer.close();
      mailer = start();
      sink.refusing = false;
      await followRetries(
        store,
        mailer,
        clock,
        Number.POSITIVE_INFINITY,
        () => sink.received.length > 0,
      );
      expect(sink.received.map((mail) => mail.parsed.subject)).toEqual(['Your link']);
      expect(store.db.select().from(mailQueue).get()?.sentAt).toBe(clock.at.toISOString());
      expect(openAlerts(store)).toEqual([]);
    } finally {
      mailer.close();
      store.close();
      await sink.close();
    }
  });

  it('gives up after three days, says so, and sends the message again on resend', async () => {
    const sink = await startSmtpSink({ refusing: true });
    const store = openStore(join(scratch, 'abandon.db'));
    const clock = { at: new Date('2026-11-23T10:00:00Z') };
    const logged: string[] = [];
    const start = () =>
      createServerMailer({
        store,
        smtpUrl: sink.url,
        outboxDir: scratch,
        from: 'trust@acme.example',
        log: (line) => logged.push(line),
        now: () => clock.at,
      });
    let mailer = start();
    try {
      mailer.queue({ to: 'ada@customer.example', subject: 'Receipt', text: 'x' });
      await mailer.idle();
      await followRetries(store, mailer, clock, Number.POSITIVE_INFINITY);
      const [row] = store.db.select().from(mailQueue).all();
      expect(row?.abandonedAt).toBe(clock.at.toISOString());
      expect(
        Date.parse(row?.abandonedAt ?? '') - Date.parse(row?.createdAt ?? ''),
      ).toBeGreaterThanOrEqual(3 * 86_400_000);
      expect(logged.join('\n')).toMatch(/gave up on "Receipt" to ada@customer.example/);
      expect(openAlerts(store)).toMatchObject([
        {
          key: 'mail:queue:abandoned',
          severity: 'critical',
          message: expect.stringMatching(/^1 message was never delivered/),
        },
      ]);
      // A restart with SMTP back does not send an abandoned message on its own…
      sink.refusing = false;
      mailer.close();
      mailer = start();
      await mailer.idle();
      expect(sink.received).toEqual([]);
      // …a resend does, and the alert clears.
      expect(mailer.resend(row?.id ?? 0)).toBe(true);
      await mailer.idle();
      expect(sink.received.map((mail) => mail.parsed.subject)).toEqual(['Receipt']);
      expect(openAlerts(store)).toEqual([]);
      expect(mailer.resend(row?.id ?? 0)).toBe(false);
    } finally {
      mailer.close();
      store.close();
      await sink.close();
    }
  });

  it('survives a full disk: logs it, sends nothing twice, and records the mail once space returns', async () => {
    const sink = await startSmtpSink();
    const store = openStore(join(scratch, 'full.db'));
    const clock = { at: new Date('2026-11-23T10:00:00Z') };
    const logged: string[] = [];
    const queued = clock.at.toISOString();
    store.sqlite
      .prepare(
        'INSERT INTO mail_queue ("to", subject, text, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?)',
      )
      .run('ada@customer.example', 'Your link', 'x', queued, queued);
    // Fill the database to its (lowered) size limit, so the next write fails with SQLITE_FULL.
    const pages = Number(store.sqlite.pragma('page_count', { simple: true }));
    store.sqlite.pragma(`max_page_count = ${pages + 1}`);
    const filler = store.sqlite.prepare(
      "INSERT INTO mail_queue (\"to\", subject, text, created_at, attempts, next_attempt_at, sent_at) VALUES ('', '', ?, '', 0, '', '')",
    );
    for (const size of [400, 100, 30, 0]) {
      try {
        for (;;) filler.run('x'.repeat(size));
      } catch (error) {
        expect((error as { code?: string }).code).toBe('SQLITE_FULL');
      }
    }
    const mailer = createServerMailer({
      store,
      smtpUrl: sink.url,
      outboxDir: scratch,
      from: 'trust@acme.example',
      log: (line) => logged.push(line),
      now: () => clock.at,
    });
    const row = () => store.db.select().from(mailQueue).where(eq(mailQueue.id, 1)).get();
    try {
      await mailer.idle();
      expect(sink.received).toHaveLength(1);
      expect(row()?.sentAt).toBeNull();
      expect(logged.join('\n')).toMatch(/mail state could not be saved \(SQLITE_FULL/);
      expect(mailer.problem()?.message).toMatch(/SQLITE_FULL/);
      // Still full: the delivered message is not sent again.
      clock.at = new Date(clock.at.getTime() + 60_000);
      await mailer.idle();
      expect(sink.received).toHaveLength(1);
      // Space returns: the mail is recorded as sent, and new mail flows.
      store.sqlite.pragma('max_page_count = 1073741823');
      clock.at = new Date(clock.at.getTime() + 60_000);
      await mailer.idle();
      expect(row()?.sentAt).not.toBeNull();
      expect(mailer.problem()).toBeUndefined();
      mailer.queue({ to: 'lin@customer.example', subject: 'Receipt', text: 'y' });
      await mailer.idle();
      expect(sink.received.map((mail) => mail.parsed.subject)).toEqual(['Your link', 'Receipt']);
      expect(logged.at(-1)).toMatch(/mail state is saved again/);
    } finally {
      mailer.close();
      store.close();
      await sink.close();
    }
  });
});
