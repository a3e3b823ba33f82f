import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';

/** One transactional message: confirmation link, report receipt, access link. */
export interface ServerMail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

/**
 * Sends the server's own messages in the background, so a form answers at once and in the
 * same time whether or not a mail goes out (no timing hint about existing addresses).
 */
export interface ServerMailer {
  /** Queues a message; failures are logged, never thrown at the request. */
  queue(mail: ServerMail): void;
  /** Resolves when every queued message was handled (for tests and shutdown). */
  idle(): Promise<void>;
  close(): void;
}

/** Where server mail goes: SMTP when `smtpUrl` is set, else `.eml` files in `outboxDir`. */
export interface ServerMailerOptions {
  smtpUrl?: string | undefined;
  outboxDir: string;
  from: string;
  /** Messages sent at the same time (default 4). */
  concurrency?: number;
  log?: (line: string) => void;
}

/** Creates the background mailer of the server (nodemailer over SMTP, or an outbox folder). */
export function createServerMailer(options: ServerMailerOptions): ServerMailer {
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const transporter: Transporter = options.smtpUrl
    ? createTransport({ url: options.smtpUrl, pool: true, maxConnections: 2 })
    : createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const pending: ServerMail[] = [];
  let active = 0;
  let waiters: (() => void)[] = [];
  const limit = options.concurrency ?? 4;

  async function deliver(mail: ServerMail): Promise<void> {
    const info = await transporter.sendMail({ from: options.from, ...mail });
    if (options.smtpUrl) return;
    if (!Buffer.isBuffer(info.message)) throw new Error('stream transport returned no buffer');
    await mkdir(options.outboxDir, { recursive: true });
    const name = `${new Date().toISOString().replace(/[-:]/g, '')}-${randomBytes(6).toString('hex')}.eml`;
    const partial = join(options.outboxDir, `.${name}.tmp`);
    try {
      await writeFile(partial, info.message, { flag: 'wx' });
      await rename(partial, join(options.outboxDir, name));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  function pump(): void {
    while (active < limit && pending.length > 0) {
      const mail = pending.shift() as ServerMail;
      active++;
      deliver(mail)
        .catch((error: unknown) =>
          log(`attest: could not send "${mail.subject}": ${(error as Error).message}`),
        )
        .finally(() => {
          active--;
          pump();
        });
    }
    if (active === 0 && pending.length === 0) {
      for (const resolve of waiters) resolve();
      waiters = [];
    }
  }

  return {
    queue(mail) {
      pending.push(mail);
      pump();
    },
    idle: () =>
      active === 0 && pending.length === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push(resolve)),
    close: () => transporter.close(),
  };
}
