import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support.ts';
import { quoteSubmitted, singleLine } from './mail-text.ts';

/** What an attacker types to make our mail say something we never wrote. */
const injected =
  'Bug\r\n\r\nURGENT: your account is locked. Reset it at https://evil.example/reset\u2028' +
  'Subject: pwned\u202Egnp.exe';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

describe('text a visitor submitted, in mail from the security address', () => {
  it('is one line, capped with an ellipsis, quoted and labelled', () => {
    expect(singleLine('a\r\n\tb\u0000c')).toBe('a b c');
    expect(singleLine('x'.repeat(500))).toHaveLength(200);
    expect(singleLine('x'.repeat(500)).endsWith('…')).toBe(true);
    expect(quoteSubmitted('Title', 'say "hi"\nthere')).toBe(
      'Title (as submitted): "say \\"hi\\" there"',
    );
  });

  it('cannot add lines or headers to a report receipt', async () => {
    const response = await server.postForm('/api/reports', {
      title: injected.slice(0, 200),
      description: 'x',
      severity: 'low',
      contact: 'victim@customer.example',
    });
    expect(response.status).toBe(200);
    const [mail] = await server.mails();
    const lines = (mail?.text ?? '').split('\n');
    // The attacker's words appear only inside the one labelled, quoted line.
    const mentions = lines.filter((line) => line.includes('evil.example'));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatch(/^Title \(as submitted\): "Bug URGENT: .*"$/);
    expect(mail?.text).not.toContain('\u202E');
    expect(mail?.subject).toMatch(/^Report VR-[A-Z2-9]{8} received$/);
    expect(mail?.headers.has('x-pwned')).toBe(false);
  });

  it('cannot add lines to the receipt of a document request', async () => {
    const response = await server.postForm('/api/access-requests', {
      document: 'pentest-summary',
      name: injected.slice(0, 200),
      email: 'victim@elsewhere.example',
      company: 'Customer Ltd',
      nda: 'accept',
    });
    expect(response.status).toBe(200);
    const mail = (await server.mails()).find((each) => each.subject?.includes('document request'));
    const mentions = (mail?.text ?? '').split('\n').filter((line) => line.includes('evil.example'));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatch(/^Name \(as submitted\): "Bug URGENT: .*"$/);
  });
});
