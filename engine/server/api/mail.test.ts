import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../mail/test-support/smtp-sink.ts';
import { openStore, type Store } from '../../store/open-store.ts';
import { fillSqliteStore } from '../../store/test-support/sqlite-faults.ts';
import { createServerMailer, type ServerMailer } from './mail.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-server-mail-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('server mail queue', () => {
  it('delivers queued mail over real SMTP and records it as sent', async () => {
    const sink = await startSmtpSink();
    const store = await openStore(join(scratch, 'smtp.db'));
    const mailer = createServerMailer({
      store,
      smtpUrl: sink.url,
      outboxDir: scratch,
      from: 'Trust <trust@acme.example>',
      log: () => {},
    });
    try {
      await mailer.queue({
        to: 'ada@customer.example',
        subject: 'Confirm your subscription',
        text: 'Open the link.',
      });
      await mailer.idle();
      expect(sink.received).toHaveLength(1);
      expect(sink.received[0]?.to).toEqual(['ada@customer.example']);
      expect(sink.received[0]?.parsed.subject).toBe('Confirm your subscription');
      expect(await store.mailQueue.list()).toMatchObject([
        { attempts: 1, error: null, sentAt: expect.any(String) },
      ]);
    } finally {
      mailer.close();
      await store.close();
      await sink.close();
    }
  });

  it('keeps a refused message queued with its error, and sends mail left from before a restart', async () => {
    const sink = await startSmtpSink({ rejectRecipients: ['gone@customer.example'] });
    const path = join(scratch, 'restart.db');
    const first = await openStore(path);
    const logged: string[] = [];
    const refusing = createServerMailer({
      store: first,
      smtpUrl: sink.url,
      outboxDir: scratch,
      from: 'trust@acme.example',
      log: (line) => logged.push(line),
    });
    await refusing.queue({ to: 'gone@customer.example', subject: 'Receipt', text: 'x' });
    await refusing.idle();
    const [failed] = await first.mailQueue.list();
    expect(failed).toMatchObject({ attempts: 1, sentAt: null });
    expect(failed?.error).toMatch(/550|Mailbox unavailable/);
    expect(logged[0]).toMatch(/could not send "Receipt" \(attempt 1; next at /);
    // The process stops before a second message goes out…
    refusing.close();
    await first.mailQueue.enqueue(
      { to: 'lin@customer.example', subject: 'Your link', text: 'y' },
      new Date().toISOString(),
    );
    await first.close();
    // …and the next start sends it.
    const second = await openStore(path);
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
      await second.close();
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
    const store = await openStore(join(scratch, 'overlap.db'));
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
        await mailer.queue({ to: `${n}@customer.example`, subject: 'Batch', text: 'x' });
      // Queued while those are being written: its timer fires during that drain.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await mailer.queue({ to: 'late@customer.example', subject: 'Late', text: 'y' });
      expect(await eventually(sent, 41)).toBe(41);
      // The regression: a timer that fired mid-drain stayed set, and no later mail went out.
      await mailer.queue({ to: 'last@customer.example', subject: 'Last', text: 'z' });
      expect(await eventually(sent, 42)).toBe(42);
    } finally {
      mailer.close();
      await store.close();
    }
  });

  it('sends new mail at once while a failed message waits for its retry', async () => {
    const sink = await startSmtpSink({ rejectRecipients: ['gone@customer.example'] });
    const store = await openStore(join(scratch, 'retry-wait.db'));
    const mailer = createServerMailer({
      store,
      smtpUrl: sink.url,
      outboxDir: scratch,
      from: 'trust@acme.example',
      log: () => {},
    });
    try {
      await mailer.queue({ to: 'gone@customer.example', subject: 'Refused', text: 'x' });
      await mailer.idle();
      // The refused message retries in a minute; the next one must not wait for that.
      await mailer.queue({ to: 'lin@customer.example', subject: 'Fresh', text: 'y' });
      expect(await eventually(() => sink.received.length, 1)).toBe(1);
      expect(sink.received[0]?.parsed.subject).toBe('Fresh');
    } finally {
      mailer.close();
      await store.close();
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
      const [row] = await store.mailQueue.list();
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
    const store = await openStore(join(scratch, 'outage.db'));
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
      await mailer.queue({ to: 'ada@customer.example', subject: 'Your link', text: 'x' });
      await mailer.idle();
      const waits = await followRetries(store, mailer, clock, clock.at.getTime() + 24 * 3_600_000);
      // Backing off, never more than an hour apart, and still trying after a day.
      expect(waits[0]).toBe(60_000);
      expect(Math.max(...waits)).toBe(3_600_000);
      expect((await store.mailQueue.list())[0]).toMatchObject({
        sentAt: null,
        abandonedAt: null,
        error: expect.stringMatching(/421/),
      });
      expect((await store.alerts.open()).map((alert) => alert.key)).toEqual(['mail:queue:delayed']);
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
      expect((await store.mailQueue.list())[0]?.sentAt).toBe(clock.at.toISOString());
      expect(await store.alerts.open()).toEqual([]);
    } finally {
      mailer.close();
      await store.close();
      await sink.close();
    }
  });

  it('gives up after three days, says so, and sends the message again on resend', async () => {
    const sink = await startSmtpSink({ refusing: true });
    const store = await openStore(join(scratch, 'abandon.db'));
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
      await mailer.queue({ to: 'ada@customer.example', subject: 'Receipt', text: 'x' });
      await mailer.idle();
      await followRetries(store, mailer, clock, Number.POSITIVE_INFINITY);
      const [row] = await store.mailQueue.list();
      expect(row?.abandonedAt).toBe(clock.at.toISOString());
      expect(
        Date.parse(row?.abandonedAt ?? '') - Date.parse(row?.createdAt ?? ''),
      ).toBeGreaterThanOrEqual(3 * 86_400_000);
      expect(logged.join('\n')).toMatch(/gave up on "Receipt" to ada@customer.example/);
      expect(await store.alerts.open()).toMatchObject([
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
      expect(await mailer.resend(row?.id ?? 0)).toBe(true);
      await mailer.idle();
      expect(sink.received.map((mail) => mail.parsed.subject)).toEqual(['Receipt']);
      expect(await store.alerts.open()).toEqual([]);
      expect(await mailer.resend(row?.id ?? 0)).toBe(false);
    } finally {
      mailer.close();
      await store.close();
      await sink.close();
    }
  });

  it('survives a full disk: logs it, sends nothing twice, and records the mail once space returns', async () => {
    const sink = await startSmtpSink();
    const store = await openStore(join(scratch, 'full.db'));
    const clock = { at: new Date('2026-11-23T10:00:00Z') };
    const logged: string[] = [];
    const queued = clock.at.toISOString();
    await store.mailQueue.enqueue(
      { to: 'ada@customer.example', subject: 'Your link', text: 'x' },
      queued,
    );
    // Fill the database to its (lowered) size limit, so the next write fails with SQLITE_FULL.
    const disk = fillSqliteStore(store);
    const mailer = createServerMailer({
      store,
      smtpUrl: sink.url,
      outboxDir: scratch,
      from: 'trust@acme.example',
      log: (line) => logged.push(line),
      now: () => clock.at,
    });
    const row = async () => (await store.mailQueue.list())[0];
    try {
      await mailer.idle();
      expect(sink.received).toHaveLength(1);
      expect((await row())?.sentAt).toBeNull();
      expect(logged.join('\n')).toMatch(/mail state could not be saved \(SQLITE_FULL/);
      expect(mailer.problem()?.message).toMatch(/SQLITE_FULL/);
      // Still full: the delivered message is not sent again.
      clock.at = new Date(clock.at.getTime() + 60_000);
      await mailer.idle();
      expect(sink.received).toHaveLength(1);
      // Space returns: the mail is recorded as sent, and new mail flows.
      disk.release();
      clock.at = new Date(clock.at.getTime() + 60_000);
      await mailer.idle();
      expect((await row())?.sentAt).not.toBeNull();
      expect(mailer.problem()).toBeUndefined();
      await mailer.queue({ to: 'lin@customer.example', subject: 'Receipt', text: 'y' });
      await mailer.idle();
      expect(sink.received.map((mail) => mail.parsed.subject)).toEqual(['Your link', 'Receipt']);
      expect(logged.at(-1)).toMatch(/mail state is saved again/);
    } finally {
      mailer.close();
      await store.close();
      await sink.close();
    }
  });
});
