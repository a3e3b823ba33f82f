import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';

/** One mail `attest serve` wrote to `DIR/data/outbox/` (no SMTP_URL), parsed by mailparser. */
export interface OutboxMail {
  file: string;
  to: string;
  subject: string;
  text: string;
  mail: ParsedMail;
}

/** Every mail in `outboxDir`, parsed, oldest first (file names start with the time). */
export async function readOutbox(outboxDir: string): Promise<OutboxMail[]> {
  const files = (await readdir(outboxDir).catch(() => [] as string[]))
    .filter((name) => name.endsWith('.eml'))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const mail = await simpleParser(await readFile(join(outboxDir, file)));
      const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
      return {
        file,
        to: to?.value[0]?.address ?? '',
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        mail,
      };
    }),
  );
}

/**
 * Waits (up to `timeoutMs`) for the mail to `to` whose subject matches `subject`: mail is
 * sent in the background, so it lands a moment after the request that queued it.
 */
export async function waitForMail(
  outboxDir: string,
  to: string,
  subject: RegExp,
  timeoutMs = 15_000,
): Promise<OutboxMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await readOutbox(outboxDir)).find(
      (mail) => mail.to === to && subject.test(mail.subject),
    );
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no mail to ${to} with subject ${subject} in ${outboxDir}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The links in a mail's text that lead to `origin`. */
export function linksTo(mail: OutboxMail, origin: string): string[] {
  return [...mail.text.matchAll(/https?:\/\/\S+/g)]
    .map(([link]) => link)
    .filter((link) => link.startsWith(`${origin}/`));
}
