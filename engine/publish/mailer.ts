import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';

/** How a message left: over SMTP, or as an `.eml` file in the outbox directory. */
export type MailTransport = 'smtp' | 'outbox';

/** One notification email to one subscriber. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The subscriber's unsubscribe link; sent as List-Unsubscribe (and one-click when https). */
  unsubscribeUrl: string;
  publicationId: number;
  subscriberId: number;
}

/** What became of a message the mailer accepted. */
export interface SentMail {
  transport: MailTransport;
  messageId: string;
  /** The `.eml` file written, in outbox mode. */
  file: string | undefined;
}

/** Sends notification emails; `send` throws when the message could not be delivered. */
export interface Mailer {
  readonly transport: MailTransport;
  send(mail: OutgoingMail): Promise<SentMail>;
  /** Closes open SMTP connections; a no-op in outbox mode. */
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
function fileTime(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '');
}

/** Nodemailer message options shared by both transports. */
function messageOptions(mail: OutgoingMail, from: string) {
  const oneClick = mail.unsubscribeUrl.startsWith('https://');
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    // Stable across re-runs, so a receiving server can drop a duplicate of the same notice.
    messageId: `<attest.publication-${mail.publicationId}.subscriber-${mail.subscriberId}@${domainOf(from)}>`,
    headers: {
      'List-Unsubscribe': `<${mail.unsubscribeUrl}>`,
      // RFC 8058 one-click unsubscribe; the RFC allows it only for https links.
      ...(oneClick ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
      'Auto-Submitted': 'auto-generated',
    },
  };
}

function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transporter = createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 1,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    transport: 'smtp',
    async send(mail) {
      const info = await transporter.sendMail(messageOptions(mail, from));
      return { transport: 'smtp', messageId: info.messageId, file: undefined };
    },
    close: () => transporter.close(),
  };
}

function createOutboxMailer(outboxDir: string, from: string): Mailer {
  const transporter = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    transport: 'outbox',
    async send(mail) {
      const info = await transporter.sendMail(messageOptions(mail, from));
      if (!Buffer.isBuffer(info.message)) throw new Error('stream transport returned no buffer');
      await mkdir(outboxDir, { recursive: true });
      const name = `${fileTime(new Date())}-${mail.publicationId}-${mail.subscriberId}.eml`;
      const file = join(outboxDir, name);
      const partial = join(outboxDir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(partial, info.message, { flag: 'wx' });
        await rename(partial, file);
      } catch (error) {
        await rm(partial, { force: true });
        throw new Error(`could not write ${file}`, { cause: error });
      }
      return { transport: 'outbox', messageId: info.messageId, file };
    },
    close: () => transporter.close(),
  };
}

/**
 * Creates the mailer notifications go through: SMTP (via nodemailer) when `smtpUrl` is set,
 * otherwise an outbox that writes each message atomically as
 * `<outboxDir>/<ISO time>-<publicationId>-<subscriberId>.eml`. Every message carries
 * List-Unsubscribe (plus RFC 8058 List-Unsubscribe-Post for https links) and a Message-ID
 * derived from the publication and subscriber.
 */
export function createMailer(options: MailerOptions): Mailer {
  return options.smtpUrl
    ? createSmtpMailer(options.smtpUrl, options.from)
    : createOutboxMailer(options.outboxDir, options.from);
}
