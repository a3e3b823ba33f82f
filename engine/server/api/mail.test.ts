import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../publish/test-support/smtp-sink.ts';
import { openStore } from '../../store/open-store.ts';
import { mailQueue } from '../../store/schema.ts';
import { createServerMailer } from './mail.ts';

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
    expect(logged[0]).toMatch(/could not send "Receipt" \(attempt 1 of 5\)/);
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
});
