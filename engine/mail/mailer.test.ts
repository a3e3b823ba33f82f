import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer, type MailMessage } from './mailer.ts';
import { startSmtpSink } from './test-support/smtp-sink.ts';

const from = 'Acme Trust <trust@acme.example>';
const scratch = mkdtempSync(join(tmpdir(), 'attest-mail-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const message: MailMessage = {
  to: 'ada@customer.example',
  subject: 'Confirm your subscription',
  text: 'Open the link.',
  headers: { 'Auto-Submitted': 'auto-replied' },
  messageKey: 'attest.mail-12.abcd',
  fileName: 'mail-12',
  fileTime: new Date('2026-11-20T14:02:00.123Z'),
};

describe('createMailer', () => {
  it('sends over SMTP with the Message-ID on the From domain', async () => {
    const sink = await startSmtpSink();
    const mailer = createMailer({ smtpUrl: sink.url, outboxDir: join(scratch, 'unused'), from });
    try {
      expect(mailer.transport).toBe('smtp');
      const sent = await mailer.send(message);
      expect(sent).toEqual({
        transport: 'smtp',
        messageId: '<attest.mail-12.abcd@acme.example>',
        file: undefined,
      });
      expect(sink.received).toHaveLength(1);
      expect(sink.received[0]?.to).toEqual(['ada@customer.example']);
      expect(sink.received[0]?.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    } finally {
      mailer.close();
      await sink.close();
    }
  });

  it('without SMTP, writes a text-only message as <time>-<fileName>.eml and no stray files', async () => {
    const outboxDir = join(scratch, 'outbox');
    const mailer = createMailer({ outboxDir, from });
    const sent = await mailer.send(message);
    mailer.close();
    expect(readdirSync(outboxDir)).toEqual(['20261120T140200.123Z-mail-12.eml']);
    expect(sent).toEqual({
      transport: 'outbox',
      messageId: '<attest.mail-12.abcd@acme.example>',
      file: join(outboxDir, '20261120T140200.123Z-mail-12.eml'),
    });
    const parsed = await simpleParser(readFileSync(sent.file ?? ''));
    expect(parsed.subject).toBe('Confirm your subscription');
    expect(parsed.text?.trim()).toBe('Open the link.');
    expect(parsed.html).toBe(false);
  });

  it('names the file it could not write, with the reason, and leaves no partial file', async () => {
    const outboxDir = join(scratch, 'taken');
    // A directory where the message file should go: the final rename fails.
    mkdirSync(join(outboxDir, '20261120T140200.123Z-mail-12.eml'), { recursive: true });
    const mailer = createMailer({ outboxDir, from });
    await expect(mailer.send(message)).rejects.toThrow(
      /^could not write .*taken.20261120T140200\.123Z-mail-12\.eml: E[A-Z]+/,
    );
    mailer.close();
    expect(readdirSync(outboxDir)).toEqual(['20261120T140200.123Z-mail-12.eml']);
  });
});
