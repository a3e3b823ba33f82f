import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createTransport } from 'nodemailer';

/** How a message left: over SMTP, or as an `.eml` file in the outbox directory. */
export type MailTransport = 'smtp' | 'outbox';

/** One message to one recipient, as the server and the publication notices hand it over. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** Left of the `@` of the Message-ID; the From address's domain is the right. */
  messageKey: string;
  /** Names the `.eml` file in outbox mode: `<time>-<fileName>.eml`. */
  fileName: string;
  /** The time in the outbox file name; default: now. */
  fileTime?: Date | undefined;
}

/** What became of a message the mailer accepted. */
export interface SentMail {
  transport: MailTransport;
  messageId: string;
  /** The `.eml` file written, in outbox mode. */
  file: string | undefined;
}

/** Sends mail; `send` throws when the message could not be delivered (or written). */
export interface Mailer {
  readonly transport: MailTransport;
  send(message: MailMessage): Promise<SentMail>;
  /** Closes open SMTP connections. */
  close(): void;
}

/** Where mail goes: over SMTP when `smtpUrl` is given, otherwise into `outboxDir`. */
export interface MailerOptions {
  /** e.g. `smtps://user:pass@smtp.example.com` — from the environment (`SMTP_URL`), never YAML. */
  smtpUrl?: string | undefined;
  /** Directory for `.eml` files when no SMTP server is configured (e.g. `data/outbox/`). */
  outboxDir: string;
  /** The From address, e.g. `Example Trust <trust@example.com>`. */
  from: string;
}

/** The domain of the From address, for Message-IDs (`Name <a@b.example>` → `b.example`). */
function domainOf(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'attest.invalid';
}

/** `2026-11-20T14:02:00.123Z` in ISO 8601 basic format, which is safe in file names. */
function basicTime(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '');
}

/** Writes `bytes` to `file` atomically: a temporary file beside it, then a rename. */
async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  const partial = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(partial, bytes, { flag: 'wx' });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw new Error(`could not write ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Creates the one mailer of Attest: SMTP (nodemailer, a small connection pool) when
 * `smtpUrl` is set, otherwise an outbox that writes each message atomically as
 * `<outboxDir>/<ISO basic time>-<fileName>.eml`. Each message gets the Message-ID
 * `<messageKey@domain of From>`.
 */
export function createMailer(options: MailerOptions): Mailer {
  const { smtpUrl, outboxDir, from } = options;
  const transporter = smtpUrl
    ? createTransport({
        url: smtpUrl,
        pool: true,
        maxConnections: 2,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      })
    : createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const transport: MailTransport = smtpUrl ? 'smtp' : 'outbox';
  return {
    transport,
    async send(message) {
      const info = await transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html === undefined ? {} : { html: message.html }),
        headers: message.headers ?? {},
        messageId: `<${message.messageKey}@${domainOf(from)}>`,
      });
      if (transport === 'smtp') return { transport, messageId: info.messageId, file: undefined };
      if (!Buffer.isBuffer(info.message)) throw new Error('stream transport returned no buffer');
      await mkdir(outboxDir, { recursive: true });
      const file = join(
        outboxDir,
        `${basicTime(message.fileTime ?? new Date())}-${message.fileName}.eml`,
      );
      await writeAtomically(file, info.message);
      return { transport, messageId: info.messageId, file };
    },
    close: () => transporter.close(),
  };
}
