import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/audit-log.ts';
import { repoRoot } from '../../fs/test-organisations.ts';
import { createServerContext } from '../api/context.ts';
import { createTestServer, linkIn, type TestServer } from '../test-support.ts';
import { approveRequest, listRequests, revokeRequest } from './access.ts';
import { currentNda } from './nda.ts';

let server: TestServer;
let clock = new Date('2026-11-23T10:00:00Z');

function writePdf(path: string, text: string): Promise<void> {
  return new Promise((resolve) => {
    const pdf = new PDFDocument();
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => {
      writeFileSync(path, Buffer.concat(chunks));
      resolve();
    });
    pdf.text(text);
    // Two pages, so the stamp is checked on more than the first.
    pdf.addPage();
    pdf.text(`${text}, page 2`);
    pdf.end();
  });
}

/** The text of each page of a PDF. */
async function pdfPages(bytes: ArrayBuffer): Promise<string[]> {
  const standardFontDataUrl = join(repoRoot, 'node_modules/pdfjs-dist/standard_fonts/');
  const pdf = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  return pages;
}

const request = {
  document: ['pentest-summary', 'soc2-readiness-letter'],
  name: 'Grace Hopper',
  company: 'Customer Ltd',
  reason: 'Vendor review',
  nda: 'accept',
};

beforeAll(async () => {
  server = await createTestServer({ allowDomains: ['customer.example'], now: () => clock });
  const folder = join(server.dir, 'data', 'gated-documents');
  mkdirSync(folder, { recursive: true });
  await writePdf(join(folder, 'pentest-summary.pdf'), 'Penetration test summary for prospects');
  await writePdf(join(folder, 'soc2-readiness-letter.pdf'), 'Readiness letter');
});
afterAll(() => server.close());

describe('gated documents', () => {
  it('auto-approves an allow-listed domain, records the NDA acceptance, and mails one signed link per document', async () => {
    const response = await server.postForm(
      '/api/access-requests',
      { ...request, email: 'grace@customer.example' },
      { 'User-Agent': 'TestBrowser/1' },
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Approved');
    const [row] = await server.store.accessRequests.list(100);
    const nda = currentNda(server.snapshot);
    expect(row).toMatchObject({
      status: 'approved',
      ndaVersion: nda.version,
      ndaSha256: nda.sha256,
      userAgent: 'TestBrowser/1',
    });
    expect(row?.ndaAcceptedAt).toBe(clock.toISOString());
    const mails = await server.mails();
    const approval = mails.find((mail) => mail.subject === 'Your document access was approved');
    const link = linkIn(approval, `${server.origin}/documents/access/pentest-summary/`);

    const download = await server.app.request(link, { headers: { 'User-Agent': 'TestBrowser/1' } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const pages = await pdfPages(await download.arrayBuffer());
    expect(pages[0]).toContain('Penetration test summary');
    expect(pages[1]).toContain('page 2');
    // Every page carries who it was sent to, when, and through which grant.
    const [download0] = await server.store.accessRequests.downloads();
    const stamp = `Confidential: provided to Grace Hopper <grace@customer.example>, Customer Ltd, on 2026-11-23 under grant ${download0?.grantId}.`;
    expect(pages).toHaveLength(2);
    for (const page of pages) expect(page).toContain(stamp);
    expect(await server.store.accessRequests.downloads()).toMatchObject([
      {
        documentId: 'pentest-summary',
        userAgent: 'TestBrowser/1',
        watermark: expect.stringContaining(stamp),
      },
    ]);
    const actions = (await server.store.audit.page(0, 1_000)).map((entry) => entry.action);
    expect(actions).toEqual(['access.approve', 'document.download']);
    expect((await verifyAuditLog(server.store)).ok).toBe(true);
    const [listed] = await listRequests(createServerContext(server.options));
    expect(listed?.grants.map((grant) => [grant.documentId, grant.downloads])).toEqual([
      ['pentest-summary', 1],
      ['soc2-readiness-letter', 0],
    ]);

    // A file that cannot be stamped (here: not a PDF at all) is never sent unstamped.
    const letter = join(server.dir, 'data', 'gated-documents', 'soc2-readiness-letter.pdf');
    writeFileSync(letter, 'not a PDF');
    const unstampable = await server.app.request(
      linkIn(approval, `${server.origin}/documents/access/soc2-readiness-letter/`),
      { headers: { Accept: 'text/html' } },
    );
    expect(unstampable.status).toBe(503);
    expect(await unstampable.text()).toMatch(/cannot be prepared for download/);
    expect(await server.store.accessRequests.downloads()).toHaveLength(1);
    await writePdf(letter, 'Readiness letter');
  });

  it('refuses tampered, other-document, expired and revoked links with a 403 page and never the file', async () => {
    const mails = await server.mails();
    const approval = mails.find((mail) => mail.subject === 'Your document access was approved');
    const link = linkIn(approval, `${server.origin}/documents/access/pentest-summary/`);
    const token = link.split('/').at(-1) ?? '';
    const expectRefused = async (url: string, text: RegExp) => {
      const response = await server.app.request(url, { headers: { Accept: 'text/html' } });
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toContain('text/html');
      const body = await response.text();
      expect(body).toMatch(text);
      expect(body).not.toContain('%PDF');
    };
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    await expectRefused(`/documents/access/pentest-summary/${flipped}`, /not valid/);
    await expectRefused(`/documents/access/soc2-readiness-letter/${token}`, /different document/);
    const traversal = await server.app.request(
      `/documents/access/..%2F..%2Fdata%2Fattest.db/${token}`,
    );
    expect(traversal.status).toBe(404);

    clock = new Date(clock.getTime() + 8 * 86_400_000);
    await expectRefused(link, /expired/);
    clock = new Date('2026-11-23T10:00:00Z');

    const context = createServerContext({ ...server.options, now: () => clock });
    expect(await revokeRequest(context, 1, { actor: 'ada@acme.example' })).toBe(2);
    await expectRefused(link, /withdrawn/);
  });

  it('keeps other requests pending until an admin approves them for N days', async () => {
    const response = await server.app.request(`${server.origin}/api/access-requests`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        Origin: server.origin,
      },
      body: JSON.stringify({
        ...request,
        document: 'pentest-summary',
        email: 'lin@elsewhere.example',
      }),
    });
    expect(response.status).toBe(202);
    const { id, status } = (await response.json()) as { id: number; status: string };
    expect(status).toBe('pending');
    const context = createServerContext({ ...server.options, now: () => clock });
    const grants = await approveRequest(context, id, { actor: 'ada@acme.example' }, 2);
    expect(grants?.[0]?.expiresAt).toBe(new Date(clock.getTime() + 2 * 86_400_000).toISOString());
    expect(await approveRequest(context, id, { actor: 'ada@acme.example' })).toBeUndefined();
  });

  it('rejects a request without NDA acceptance or for a public document, naming the fields', async () => {
    const response = await server.app.request(`${server.origin}/api/access-requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.origin },
      body: JSON.stringify({
        ...request,
        document: 'security-policy',
        email: 'x@y.example',
        nda: undefined,
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { fields: Record<string, string[]> } };
    expect(body.error.fields.nda).toEqual(['accept the confidentiality terms to continue']);
    const second = await server.app.request(`${server.origin}/api/access-requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.origin },
      body: JSON.stringify({ ...request, document: 'security-policy', email: 'x@y.example' }),
    });
    expect(
      ((await second.json()) as { error: { fields: Record<string, string[]> } }).error.fields
        .document,
    ).toEqual(['"security-policy" is not a document shared on request']);
  });

  it('shows the NDA in force with its version and hash', async () => {
    const page = await (await server.app.request('/documents/nda')).text();
    const nda = currentNda(server.snapshot);
    expect(page).toContain(nda.sha256);
    expect(page).toContain(`Version ${nda.version}`);
    expect(page).toContain('<h2>');
  });

  it('answers an internal failure with a bare 500: no stack trace, no internals', async () => {
    const broken = await createTestServer({
      getSnapshot: async () => {
        throw new Error('database file /secret/path is corrupt');
      },
    });
    try {
      const response = await broken.app.request(`${broken.origin}/api/access-requests`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: broken.origin },
        body: JSON.stringify({ ...request, email: 'x@y.example' }),
      });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        error: { code: 'internal', message: 'Something went wrong on our side.' },
      });
      expect(text).not.toContain('/secret/path');
    } finally {
      void broken.close();
    }
  });
});

describe('auto-approval rules (policies/access.yaml)', () => {
  it("approves a request from a CRM account's domain at once and audits the rule and the row that matched", async () => {
    const crm = await createTestServer({ now: () => clock });
    try {
      const approved = await crm.postForm('/api/access-requests', {
        ...request,
        email: 'dana@eu.globex-logistics.example',
      });
      expect(approved.status).toBe(200);
      expect(await approved.text()).toContain('Approved');
      const waiting = await crm.postForm('/api/access-requests', {
        ...request,
        email: 'sam@unknown-prospect.example',
      });
      expect(await waiting.text()).toContain('Received');
      const rows = await crm.store.accessRequests.list(10);
      expect(rows.map((row) => [row.email, row.status, row.decidedBy])).toEqual([
        ['sam@unknown-prospect.example', 'pending', null],
        ['dana@eu.globex-logistics.example', 'approved', 'auto (rule customers)'],
      ]);
      const [entry] = await crm.store.audit.page(0, 10);
      expect(entry).toMatchObject({ action: 'access.approve', actor: 'auto (rule customers)' });
      expect(entry?.target).toContain(
        'for 30 days — rule customers matched globex-logistics.example (policies/crm/accounts.csv:2)',
      );
      // The rule's `days: 30` sets how long the mailed links work.
      const grants = await crm.store.accessRequests.grantsOf([rows[1]?.id ?? 0]);
      expect(grants[0]?.expiresAt).toBe(new Date(clock.getTime() + 30 * 86_400_000).toISOString());
      expect((await verifyAuditLog(crm.store)).ok).toBe(true);
    } finally {
      await crm.close();
    }
  });

  it('tries ATTEST_ALLOWED_DOMAINS first, and names it in the audit entry', async () => {
    const both = await createTestServer({
      now: () => clock,
      allowDomains: ['globex-logistics.example'],
    });
    try {
      await both.postForm('/api/access-requests', {
        ...request,
        email: 'dana@globex-logistics.example',
      });
      const [entry] = await both.store.audit.page(0, 10);
      expect(entry?.actor).toBe('auto (rule ATTEST_ALLOWED_DOMAINS)');
      expect(entry?.target).toContain(
        'for 7 days — rule ATTEST_ALLOWED_DOMAINS matched globex-logistics.example (environment)',
      );
    } finally {
      await both.close();
    }
  });
});
