import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { createTransport, type Transporter } from 'nodemailer';
import type { Store } from '../../store/open-store.ts';
import { type MailQueueRow, mailQueue } from '../../store/schema.ts';

/** One transactional message: confirmation link, report receipt, access link. */
export interface ServerMail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

/**
 * The server's own mail. `queue` only writes a row (fast, durable, same answer time whether
 * or not a mail goes out); a background loop sends queued rows, backing off while requests
 * keep arriving so sending never slows the forms down, and retrying failures.
 */
export interface ServerMailer {
  /** Stores a message for sending; never throws at the request for a mail problem. */
  queue(mail: ServerMail): void;
  /** Tells the sender a request is being served (it yields to them). */
  busy(): void;
  /** Resolves once no queued message is due (sent, or waiting for a retry later). */
  idle(): Promise<void>;
  close(): void;
}

/** Where server mail goes: SMTP when `smtpUrl` is set, else `.eml` files in `outboxDir`. */
export interface ServerMailerOptions {
  store: Store;
  smtpUrl?: string | undefined;
  outboxDir: string;
  from: string;
  log?: (line: string) => void;
}

const maxAttempts = 5;
const batchSize = 25;
/** While requests arrive, small batches keep each pause of the event loop short. */
const busyBatchSize = 4;
/** While requests arrive, the sender waits this long between batches. */
const yieldMs = 50;

/** Creates the durable background mailer (nodemailer over SMTP, or an outbox folder). */
export function createServerMailer(options: ServerMailerOptions): ServerMailer {
  const { store } = options;
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const transporter: Transporter = options.smtpUrl
    ? createTransport({ url: options.smtpUrl, pool: true, maxConnections: 2 })
    : createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let lastRequest = 0;
  let timer: NodeJS.Timeout | undefined;
  /** When `timer` fires (ms since the epoch). */
  let timerAt = 0;
  let running = false;
  let closed = false;
  let waiters: (() => void)[] = [];

  async function deliver(row: MailQueueRow): Promise<void> {
    const info = await transporter.sendMail({
      from: options.from,
      to: row.to,
      subject: row.subject,
      text: row.text,
      headers: row.headers ?? {},
      messageId: `<attest.mail-${row.id}.${randomBytes(4).toString('hex')}@${/@([^>\s]+)>?$/.exec(options.from)?.[1] ?? 'attest.invalid'}>`,
    });
    if (options.smtpUrl) return;
    if (!Buffer.isBuffer(info.message)) throw new Error('stream transport returned no buffer');
    await mkdir(options.outboxDir, { recursive: true });
    const name = `${row.createdAt.replace(/[-:]/g, '')}-mail-${row.id}.eml`;
    const partial = join(options.outboxDir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(partial, info.message, { flag: 'wx' });
      await rename(partial, join(options.outboxDir, name));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  const due = () =>
    store.db
      .select()
      .from(mailQueue)
      .where(
        and(
          isNull(mailQueue.sentAt),
          lte(mailQueue.nextAttemptAt, new Date().toISOString()),
          lte(mailQueue.attempts, maxAttempts - 1),
        ),
      )
      .orderBy(asc(mailQueue.id))
      .limit(Date.now() - lastRequest < yieldMs ? busyBatchSize : batchSize)
      .all();

  async function drain(): Promise<void> {
    // A timer that fired is gone, even when a drain is running (which picks up its rows):
    // left set, it would make every later schedule() a no-op and stop the mail.
    timer = undefined;
    if (running || closed) return;
    running = true;
    try {
      for (;;) {
        if (closed) return;
        const rows = due();
        if (rows.length === 0) break;
        await Promise.all(
          rows.map(async (row) => {
            let failure: string | undefined;
            try {
              await deliver(row);
            } catch (error) {
              failure = (error as Error).message;
            }
            // Closed meanwhile: the row stays queued and is sent after the next start.
            if (closed) return;
            const attempts = row.attempts + 1;
            if (failure === undefined) {
              store.db
                .update(mailQueue)
                .set({ sentAt: new Date().toISOString(), attempts, error: null })
                .where(eq(mailQueue.id, row.id))
                .run();
              return;
            }
            const next = new Date(Date.now() + 2 ** attempts * 30_000).toISOString();
            store.db
              .update(mailQueue)
              .set({ attempts, nextAttemptAt: next, error: failure })
              .where(eq(mailQueue.id, row.id))
              .run();
            log(
              `attest: could not send "${row.subject}" (attempt ${attempts} of ${maxAttempts}): ${failure}`,
            );
          }),
        );
        if (Date.now() - lastRequest < yieldMs)
          await new Promise((resolve) => setTimeout(resolve, yieldMs));
      }
    } finally {
      running = false;
    }
    const retry = store.db
      .select({ at: mailQueue.nextAttemptAt })
      .from(mailQueue)
      .where(and(isNull(mailQueue.sentAt), lte(mailQueue.attempts, maxAttempts - 1)))
      .orderBy(asc(mailQueue.nextAttemptAt))
      .limit(1)
      .get();
    if (retry && !closed) schedule(Math.max(0, Date.parse(retry.at) - Date.now()));
    for (const resolve of waiters) resolve();
    waiters = [];
  }

  /** Drains in `delay` ms, unless a drain is due sooner already (a later retry is moved up). */
  function schedule(delay: number): void {
    if (closed) return;
    const at = Date.now() + delay;
    if (timer && timerAt <= at) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => void drain(), delay);
    timer.unref();
  }

  // Prepared once: queueing runs inside every form request.
  const insert = store.sqlite.prepare(
    'INSERT INTO mail_queue ("to", subject, text, headers, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)',
  );

  // Mail left over from before a restart goes out now.
  schedule(0);

  return {
    queue(mail) {
      const now = new Date().toISOString();
      insert.run(
        mail.to,
        mail.subject,
        mail.text,
        mail.headers ? JSON.stringify(mail.headers) : null,
        now,
        now,
      );
      schedule(Date.now() - lastRequest < yieldMs ? yieldMs : 0);
    },
    busy() {
      lastRequest = Date.now();
    },
    idle() {
      if (!running && due().length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (!running) {
          clearTimeout(timer);
          timer = undefined;
          void drain();
        }
      });
    },
    close() {
      closed = true;
      clearTimeout(timer);
      transporter.close();
      for (const resolve of waiters) resolve();
      waiters = [];
    },
  };
}
