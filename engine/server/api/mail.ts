import { randomBytes } from 'node:crypto';
import { createMailer } from '../../mail/mailer.ts';
import { syncAlerts } from '../../store/alerts.ts';
import type { MailQueueRow } from '../../store/mail-queue.ts';
import type { Repositories, Store } from '../../store/store.ts';
import {
  defaultRetryForMs,
  queueAlertPrefix,
  queueAlerts,
  retryDelayMs,
  syncMailAlerts,
} from './mail-retry.ts';

/** One transactional message: confirmation link, report receipt, access link. */
export interface ServerMail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

/** A failure of the mailer's own bookkeeping (e.g. a full disk), while it lasts. */
export interface MailerProblem {
  since: string;
  message: string;
}

/**
 * The server's own mail. `queue` only writes a row (fast, durable, same answer time whether
 * or not a mail goes out); a background loop sends queued rows, backing off while requests
 * keep arriving so sending never slows the forms down, and retrying failures for days.
 */
export interface ServerMailer {
  /**
   * Stores a message for sending, through `store` when given (a transaction the message
   * belongs to), else the mailer's own store.
   */
  queue(mail: ServerMail, store?: Repositories): Promise<void>;
  /** Puts an abandoned message back in the queue as if new; false when there is none. */
  resend(id: number): Promise<boolean>;
  /** Tells the sender a request is being served (it yields to them). */
  busy(): void;
  /** Resolves once no queued message is due (sent, or waiting for a retry later). */
  idle(): Promise<void>;
  /** The storage failure the loop is retrying through, if any (shown in the admin area). */
  problem(): MailerProblem | undefined;
  close(): void;
}

/** Where server mail goes: SMTP when `smtpUrl` is set, else `.eml` files in `outboxDir`. */
export interface ServerMailerOptions {
  store: Store;
  smtpUrl?: string | undefined;
  outboxDir: string;
  from: string;
  log?: (line: string) => void;
  /** The clock retries are timed on; tests and replays advance it. Default: system time. */
  now?: () => Date;
  /** How long a message is retried before it is abandoned (default 3 days). */
  retryForMs?: number;
  /**
   * How long a claimed message is this process's alone (default ten minutes, far beyond one
   * SMTP attempt): when the process dies holding it, another sends it once this has passed.
   */
  claimLeaseMs?: number;
}

const batchSize = 25;
/** While requests arrive, small batches keep each pause of the event loop short. */
const busyBatchSize = 4;
/** While requests arrive, the sender waits this long between batches. */
const yieldMs = 50;
/** After a storage failure, the loop tries again this often. */
const storageRetryMs = 30_000;
const storageAlertKey = 'mail:storage';
const defaultClaimLeaseMs = 10 * 60_000;

/** Creates the durable background mail queue on top of the one mailer (SMTP, or an outbox folder). */
export function createServerMailer(options: ServerMailerOptions): ServerMailer {
  const { store } = options;
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const retryForMs = options.retryForMs ?? defaultRetryForMs;
  const claimLeaseMs = options.claimLeaseMs ?? defaultClaimLeaseMs;
  const mailer = createMailer(options);
  let lastRequest = 0;
  let timer: NodeJS.Timeout | undefined;
  /** When `timer` fires (ms since the epoch). */
  let timerAt = 0;
  let running = false;
  let closed = false;
  let waiters: (() => void)[] = [];
  /**
   * Messages delivered whose "sent" could not be written (a full disk): kept here so they
   * are recorded once the store takes writes again, and never sent twice meanwhile.
   */
  const unrecorded = new Map<number, { sentAt: string; attempts: number }>();
  let storageProblem: MailerProblem | undefined;
  /** The queue alerts as last written, to write only when they change. */
  let alertsWritten: string | undefined;

  async function deliver(row: MailQueueRow): Promise<void> {
    await mailer.send({
      to: row.to,
      subject: row.subject,
      text: row.text,
      headers: row.headers ?? undefined,
      messageKey: `attest.mail-${row.id}.${randomBytes(4).toString('hex')}`,
      fileName: `mail-${row.id}`,
      fileTime: new Date(row.createdAt),
    });
  }

  /** Queued messages whose next attempt is due, not abandoned, not sent (by this process either). */
  const due = async () =>
    (
      await store.mailQueue.due(
        now().toISOString(),
        (Date.now() - lastRequest < yieldMs ? busyBatchSize : batchSize) + unrecorded.size,
      )
    ).filter((row) => !unrecorded.has(row.id));

  /**
   * Claims the due messages for this process: another server on the same database does not
   * get them until the claim lease has passed, so each is sent once; one whose sender
   * died before recording it is sent again after that.
   */
  const claim = async () => {
    const at = now();
    return (
      await store.mailQueue.claimDue(
        at.toISOString(),
        (Date.now() - lastRequest < yieldMs ? busyBatchSize : batchSize) + unrecorded.size,
        new Date(at.getTime() + claimLeaseMs).toISOString(),
      )
    ).filter((row) => !unrecorded.has(row.id));
  };

  function markSent(id: number, sent: { sentAt: string; attempts: number }): Promise<void> {
    return store.mailQueue.markSent(id, sent);
  }

  /** Records a failed attempt: the next one after the back-off, or abandonment after days. */
  async function markFailed(row: MailQueueRow, failure: string): Promise<void> {
    const at = now();
    const attempts = row.attempts + 1;
    const giveUp = at.getTime() - Date.parse(row.createdAt) >= retryForMs;
    const next = new Date(at.getTime() + retryDelayMs(attempts));
    await store.mailQueue.markFailed(row.id, {
      attempts,
      lastAttemptAt: at.toISOString(),
      nextAttemptAt: next.toISOString(),
      error: failure,
      abandonedAt: giveUp ? at.toISOString() : null,
    });
    log(
      giveUp
        ? `attest: gave up on "${row.subject}" to ${row.to} after ${attempts} attempts: ${failure}; resend it from Admin → Mail`
        : `attest: could not send "${row.subject}" (attempt ${attempts}; next at ${next.toISOString()}): ${failure}`,
    );
  }

  /** Sends one due message and records the outcome; a storage failure is thrown. */
  async function attempt(row: MailQueueRow): Promise<void> {
    // A claim half run out may soon be another sender's: leave the message to whoever
    // claims it next rather than risk sending it twice.
    if (Date.parse(row.nextAttemptAt) - now().getTime() < claimLeaseMs / 2) return;
    let failure: string | undefined;
    try {
      await deliver(row);
    } catch (error) {
      failure = (error as Error).message;
    }
    // Closed meanwhile: the row stays queued and is sent after the next start.
    if (closed) return;
    if (failure !== undefined) return markFailed(row, failure);
    const sent = { sentAt: now().toISOString(), attempts: row.attempts + 1 };
    unrecorded.set(row.id, sent);
    await markSent(row.id, sent);
    unrecorded.delete(row.id);
  }

  /** Writes the queue alerts (abandoned, delayed mail) when they changed since the last write. */
  async function updateAlerts(): Promise<void> {
    const at = now();
    const current = await queueAlerts(store, at);
    const key = JSON.stringify(current);
    if (key === alertsWritten) return;
    for (const alert of await syncAlerts(store, queueAlertPrefix, current, at))
      log(`attest: ${alert.message}`);
    alertsWritten = key;
  }

  /** One pass: records what earlier passes could not, sends what is due, updates alerts. */
  async function sendDue(): Promise<void> {
    for (const [id, sent] of unrecorded) {
      await markSent(id, sent);
      unrecorded.delete(id);
    }
    for (;;) {
      if (closed) return;
      const rows = await claim();
      if (rows.length === 0) break;
      const outcomes = await Promise.allSettled(rows.map(attempt));
      const broken = outcomes.find((outcome) => outcome.status === 'rejected');
      // A storage failure ends the pass: retrying at once would resend and fail again.
      if (broken) throw broken.reason;
      if (Date.now() - lastRequest < yieldMs)
        await new Promise((resolve) => setTimeout(resolve, yieldMs));
    }
    await updateAlerts();
  }

  /** Logs a storage failure once, and raises it as an alert when the store lets us. */
  async function storageFailed(error: unknown): Promise<void> {
    const message = (error as Error).message ?? String(error);
    const code = (error as { code?: string }).code;
    const text = `mail state could not be saved (${code ?? 'error'}: ${message}); retrying every ${storageRetryMs / 1000} s, delivered mail is not sent twice`;
    if (storageProblem?.message !== text) log(`attest: ${text}`);
    storageProblem = { since: storageProblem?.since ?? now().toISOString(), message: text };
    try {
      await syncAlerts(
        store,
        storageAlertKey,
        [{ key: storageAlertKey, severity: 'critical', message: `Mail: ${text}.` }],
        now(),
      );
    } catch {
      // The store refuses writes (that is the problem); the admin Mail page shows it.
    }
  }

  async function storageRecovered(): Promise<void> {
    if (!storageProblem) return;
    await syncAlerts(store, storageAlertKey, [], now());
    log(`attest: mail state is saved again (failing since ${storageProblem.since})`);
    storageProblem = undefined;
  }

  /** When the earliest waiting message is due, from now (ms), or undefined with none. */
  async function nextRetryIn(): Promise<number | undefined> {
    const retry = await store.mailQueue.nextAttemptAt();
    return retry === undefined ? undefined : Math.max(0, Date.parse(retry) - now().getTime());
  }

  async function drain(): Promise<void> {
    // A timer that fired is gone, even when a drain is running (which picks up its rows):
    // left set, it would make every later schedule() a no-op and stop the mail.
    timer = undefined;
    if (running || closed) return;
    running = true;
    let failed = false;
    try {
      await sendDue();
      await storageRecovered();
    } catch (error) {
      // Never an unhandled rejection: background mail must not end the server.
      failed = true;
      await storageFailed(error);
    } finally {
      running = false;
    }
    try {
      const retry = failed ? storageRetryMs : await nextRetryIn();
      if (retry !== undefined) schedule(retry);
    } catch (error) {
      await storageFailed(error);
      schedule(storageRetryMs);
    }
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

  // Mail left over from before a restart (pending, or waiting for a retry) goes out now.
  schedule(0);

  return {
    async queue(mail, through = store) {
      await through.mailQueue.enqueue(mail, now().toISOString());
      schedule(Date.now() - lastRequest < yieldMs ? yieldMs : 0);
    },
    async resend(id) {
      if (!(await store.mailQueue.resend(id, now().toISOString()))) return false;
      await syncMailAlerts(store, now());
      alertsWritten = undefined;
      schedule(0);
      return true;
    },
    busy() {
      lastRequest = Date.now();
    },
    async idle() {
      let pending = true;
      try {
        pending = running || (await due()).length > 0 || unrecorded.size > 0;
      } catch {
        // A store that cannot be read: let a drain find out and report it.
      }
      if (!pending) return;
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (!running) {
          clearTimeout(timer);
          timer = undefined;
          void drain();
        }
      });
    },
    problem: () => storageProblem,
    close() {
      closed = true;
      clearTimeout(timer);
      mailer.close();
      for (const resolve of waiters) resolve();
      waiters = [];
    },
  };
}
