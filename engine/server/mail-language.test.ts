import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../mail/test-support/smtp-sink.ts';
import { createServerContext } from './api/context.ts';
import { approveRequest } from './gated/access.ts';
import { createTestServer, type TestServer } from './test-support.ts';

let sink: SmtpSink;
let server: TestServer;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await createTestServer({}, undefined, sink.url);
});
afterAll(async () => {
  await server.close();
  await sink.close();
});

/** The mails the SMTP server received for `to`, once the queue is idle. */
async function mailsTo(to: string) {
  await server.mailer.idle();
  return sink.received.filter((mail) => mail.to.includes(to)).map((mail) => mail.parsed);
}

describe('a subscription made from a page in another language', () => {
  it('is confirmed by a mail in that language, delivered over SMTP, and the language is kept', async () => {
    const response = await server.postForm('/api/subscribe', {
      email: 'claire@client.example',
      topic: 'subprocessors',
      language: 'fr',
    });
    expect(response.status).toBe(200);
    // The page the form lands on speaks French too, and leads back to the French pages.
    const page = await response.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('Consultez votre boîte de réception');
    expect(page).toContain('<a href="/fr/">Retour au centre de confiance</a>');
    const [mail] = await mailsTo('claire@client.example');
    expect(mail?.subject).toBe('Confirmez votre abonnement');
    expect(mail?.text).toContain(
      `Quelqu’un (vous, espérons-le) a demandé à être prévenu des changements de sous-traitants sur ${server.origin}.`,
    );
    expect(mail?.text).toContain('Ouvrez ce lien dans un délai de 7 jours pour confirmer :');
    expect(mail?.text).toContain(`${server.origin}/api/subscribe/confirm?token=`);
    const [row] = await server.store.subscribers.list(1);
    expect(row).toMatchObject({ email: 'claire@client.example', language: 'fr' });
  });

  it('stays in English from an English page, word for word as before', async () => {
    await server.postForm('/api/subscribe', { email: 'ada@customer.example', topic: 'all' });
    const [mail] = await mailsTo('ada@customer.example');
    expect(mail?.subject).toBe('Confirm your subscription');
    expect(mail?.text).toContain(
      `Someone (hopefully you) asked to be told about every published change on ${server.origin}.\n\nOpen this link within 7 days to confirm:\n`,
    );
  });

  it('refuses a language Attest does not write in, with the reason', async () => {
    const response = await server.app.request(`${server.origin}/api/subscribe`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        Origin: server.origin,
      },
      body: JSON.stringify({ email: 'jan@client.example', topic: 'all', language: 'nl' }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('choose one of en, fr, de, es');
  });
});

describe('a document request made from a page in another language', () => {
  it('is acknowledged and approved by mails in that language', async () => {
    const response = await server.postForm('/api/access-requests', {
      document: 'pentest-summary',
      name: 'Claire Martin',
      email: 'claire@cabinet.example',
      company: 'Cabinet Martin',
      nda: 'accept',
      language: 'de',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/Anfrage Nr\. \d+ erhalten/);
    const [received] = await mailsTo('claire@cabinet.example');
    expect(received?.subject).toMatch(/^Wir haben Ihre Dokumentenanfrage Nr\. \d+ erhalten$/);
    expect(received?.text).toContain('Name (wie eingegeben): "Claire Martin"');
    const [row] = await server.store.accessRequests.list(1);
    if (!row) throw new Error('no request stored');
    expect(row.language).toBe('de');
    await approveRequest(createServerContext(server.options), row.id, {
      actor: 'ada@acme.example',
    });
    const approved = (await mailsTo('claire@cabinet.example'))[1];
    expect(approved?.subject).toBe('Ihr Zugang zu den Dokumenten wurde freigegeben');
    expect(approved?.text).toMatch(
      /Sie können die angefragten Dokumente bis zum \d{4}-\d\d-\d\d herunterladen\./,
    );
    expect(approved?.text).toContain('Angefragt von (wie eingegeben): "Claire Martin"');
  });
});
