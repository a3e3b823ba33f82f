import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer } from '../mail/mailer.ts';
import { startSmtpSink } from '../mail/test-support/smtp-sink.ts';
import { notificationMail, type OutgoingMail } from './notification-mail.ts';

const from = 'Example Trust <trust@example.com>';
const dir = mkdtempSync(join(tmpdir(), 'attest-mailer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mail: OutgoingMail = {
  to: 'dpo@customer.example',
  subject: 'Example: 1 subprocessor change',
  text: 'New subprocessor: Sentry',
  html: '<p>New subprocessor: Sentry</p>',
  unsubscribeUrl: 'https://trust.example.com/api/unsubscribe?token=abc',
  publicationId: 7,
  subscriberId: 3,
};

/** A header exactly as sent, unfolded. */
function headerLine(parsed: ParsedMail | undefined, key: string): string | undefined {
  return parsed?.headerLines.find((line) => line.key === key)?.line.replace(/\r?\n/g, '');
}

describe('publication notices through createMailer', () => {
  it('sends over SMTP with unsubscribe headers and a stable Message-ID', async () => {
    const sink = await startSmtpSink();
    const mailer = createMailer({ smtpUrl: sink.url, outboxDir: join(dir, 'unused'), from });
    try {
      const sent = await mailer.send(notificationMail(mail));
      expect(sent).toEqual({
        transport: 'smtp',
        messageId: '<attest.publication-7.subscriber-3@example.com>',
        file: undefined,
      });
      expect(sink.received).toHaveLength(1);
      const [message] = sink.received;
      expect(message?.to).toEqual(['dpo@customer.example']);
      expect(message?.from).toBe('trust@example.com');
      expect(message?.parsed.messageId).toBe(sent.messageId);
      expect(message?.parsed.subject).toBe(mail.subject);
      expect(headerLine(message?.parsed, 'list-unsubscribe')).toBe(
        'List-Unsubscribe: <https://trust.example.com/api/unsubscribe?token=abc>',
      );
      expect(headerLine(message?.parsed, 'list-unsubscribe-post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
    } finally {
      mailer.close();
      await sink.close();
    }
  });

  it('without SMTP, writes each message as a parseable .eml file in the outbox', async () => {
    const outboxDir = join(dir, 'outbox');
    const mailer = createMailer({ outboxDir, from });
    const sent = await mailer.send(notificationMail(mail));
    const second = await mailer.send(
      notificationMail({
        ...mail,
        subscriberId: 4,
        unsubscribeUrl: 'http://localhost:4321/api/unsubscribe?token=def',
      }),
    );
    mailer.close();

    const files = readdirSync(outboxDir).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^\d{8}T\d{6}\.\d{3}Z-7-3\.eml$/);
    expect(files[1]).toMatch(/^\d{8}T\d{6}\.\d{3}Z-7-4\.eml$/);
    expect(sent.transport).toBe('outbox');
    expect(sent.file).toBe(join(outboxDir, files[0] ?? ''));

    const parsed = await simpleParser(readFileSync(join(outboxDir, files[0] ?? '')));
    expect(parsed.messageId).toBe('<attest.publication-7.subscriber-3@example.com>');
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.text?.trim()).toBe('New subprocessor: Sentry');
    expect(parsed.html).toContain('<p>New subprocessor: Sentry</p>');
    expect(headerLine(parsed, 'list-unsubscribe-post')).toBeDefined();

    // RFC 8058 one-click is for https links only; a plain http link keeps List-Unsubscribe alone.
    const plain = await simpleParser(readFileSync(second.file ?? ''));
    expect(headerLine(plain, 'list-unsubscribe')).toBe(
      'List-Unsubscribe: <http://localhost:4321/api/unsubscribe?token=def>',
    );
    expect(headerLine(plain, 'list-unsubscribe-post')).toBeUndefined();
  });

  it('fails loudly when the SMTP server refuses the recipient', async () => {
    const sink = await startSmtpSink({ rejectRecipients: ['dpo@customer.example'] });
    const mailer = createMailer({ smtpUrl: sink.url, outboxDir: dir, from });
    try {
      await expect(mailer.send(notificationMail(mail))).rejects.toThrow(/550/);
      expect(sink.received).toHaveLength(0);
    } finally {
      mailer.close();
      await sink.close();
    }
  });
});
