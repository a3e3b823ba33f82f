import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ViewCounter } from '../api/view-counter.ts';
import {
  createTestServer,
  linkIn,
  type SignedIn,
  signIn,
  type TestServer,
} from '../test-support.ts';

let server: TestServer;
let viewer: SignedIn;
const clock = new Date('2026-11-23T10:00:00Z');

const get = (path: string, init: RequestInit = {}) =>
  server.app.request(`${server.origin}${path}`, init);
const asViewer = (path: string) => get(path, { headers: { Cookie: viewer.cookie } });

beforeAll(async () => {
  server = await createTestServer({ now: () => clock });
  mkdirSync(join(server.dir, 'dist', 'documents'), { recursive: true });
  const pdf = await PDFDocument.create();
  pdf.addPage();
  writeFileSync(join(server.dir, 'dist', 'documents', 'security-overview.pdf'), await pdf.save());
  const gated = join(server.dir, 'data', 'gated-documents');
  mkdirSync(gated, { recursive: true });
  writeFileSync(join(gated, 'pentest-summary.pdf'), await pdf.save());
  viewer = await signIn(server.store, { email: 'vic@acme.example', role: 'viewer', now: clock });
});
afterAll(() => server.close());

describe('viewer insight', () => {
  it('counts full GETs of pages and public documents per day, and nothing about the visitor', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('set-cookie')).toBeNull();
    await get('/');
    // Not counted: a HEAD, a revalidation answered 304, a miss, the stylesheet.
    expect((await get('/', { method: 'HEAD' })).status).toBe(200);
    const etag = home.headers.get('etag') ?? '';
    expect((await get('/', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await get('/nothing-here')).status).toBe(404);
    expect((await get('/admin/admin.css')).status).toBe(200);
    const crawler = {
      'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    };
    expect((await get('/', { headers: crawler })).status).toBe(200);
    expect((await get('/documents/security-overview.pdf')).status).toBe(200);

    const page = await asViewer('/admin/insight');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(await server.store.viewCounts.since('2026-11-01')).toEqual([
      { day: '2026-11-23', path: '/', kind: 'page', count: 2 },
      { day: '2026-11-23', path: '/documents/security-overview.pdf', kind: 'file', count: 1 },
    ]);
    // The chart is SVG drawn on the server, styled by classes only (the CSP forbids more).
    expect(html).toContain('<svg class="chart"');
    expect(html).toMatch(/<rect class="bar-page"[^>]*><title>2026-11-23: 2 page views<\/title>/);
    expect(html).toContain('1 document download');
    expect(html).not.toMatch(/\sstyle=|<script/);
  });

  it('adds up what several replicas counted, as increments', async () => {
    const now = () => new Date('2026-11-22T08:00:00Z');
    const first = new ViewCounter(server.store.viewCounts, { now, flushMs: 0 });
    const second = new ViewCounter(server.store.viewCounts, { now, flushMs: 0 });
    for (let index = 0; index < 3; index++) first.count('/controls/mfa', 'page');
    second.count('/controls/mfa', 'page');
    second.count('/controls/mfa', 'page');
    await Promise.all([first.close(), second.close()]);
    await first.flush();
    expect(
      (await server.store.viewCounts.since('2026-11-22')).find((row) => row.day === '2026-11-22'),
    ).toEqual({ day: '2026-11-22', path: '/controls/mfa', kind: 'page', count: 5 });
  });

  it('shows gated downloads per company and exports everything as CSV', async () => {
    const request = await server.postForm('/api/access-requests', {
      document: 'pentest-summary',
      name: 'Grace Hopper',
      email: 'grace@customer.example',
      company: 'Customer Ltd',
      reason: 'Vendor review',
      nda: 'accept',
    });
    expect(request.status).toBe(200);
    const admin = await signIn(server.store, {
      email: 'ada@acme.example',
      role: 'admin',
      now: clock,
    });
    const [row] = await server.store.accessRequests.list(1);
    const approve = await server.app.request(`${server.origin}/admin/requests/${row?.id}/approve`, {
      method: 'POST',
      headers: {
        Cookie: admin.cookie,
        Origin: server.origin,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: admin.csrf, days: '7' }),
    });
    expect(approve.status).toBe(303);
    const mail = (await server.mails()).find(
      (each) => each.subject === 'Your document access was approved',
    );
    const download = await server.app.request(
      linkIn(mail, `${server.origin}/documents/access/pentest-summary/`),
    );
    expect(download.status).toBe(200);

    const html = await (await asViewer('/admin/insight?days=7')).text();
    expect(html).toMatch(
      /<td>Customer Ltd<\/td><td class="number">1<\/td><td>pentest-summary<\/td><td>grace@customer.example<\/td>/,
    );

    const csv = await asViewer('/admin/insight.csv?days=7');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="insight-7-days.csv"',
    );
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toContainEqual({
      day: '2026-11-23',
      kind: 'gated download',
      'path or document': 'pentest-summary',
      company: 'Customer Ltd',
      count: '1',
    });
    expect(rows).toContainEqual({
      day: '2026-11-23',
      kind: 'page view',
      'path or document': '/',
      company: '',
      count: '2',
    });
    expect(rows).toContainEqual({
      day: '2026-11-22',
      kind: 'page view',
      'path or document': '/controls/mfa',
      company: '',
      count: '5',
    });
    // An unknown period falls back to 30 days rather than failing.
    expect(
      (await asViewer('/admin/insight.csv?days=nonsense')).headers.get('content-disposition'),
    ).toContain('insight-30-days');
  });
});

describe('the dashboard', () => {
  it('shows pending requests, open reports against their SLA and recent downloads, with counts and plurals right', async () => {
    await server.postForm('/api/access-requests', {
      document: 'pentest-summary',
      name: 'Alan Turing',
      email: 'alan@elsewhere.example',
      company: 'Elsewhere GmbH',
      reason: '',
      nda: 'accept',
    });
    await server.store.vulnerabilityReports.create({
      trackingId: 'VR-OVERDUE1',
      title: 'Reflected XSS on the search page',
      description: 'd',
      steps: '',
      severity: 'high',
      contact: 'eve@example.org',
      status: 'received',
      receivedAt: '2026-11-13T10:00:00.000Z',
    });
    const response = await asViewer('/admin');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Dashboard</h1>');
    // The brand header names the organisation.
    expect(html).toContain(`${server.snapshot.organisation.name} <span class="brand-sub">`);
    expect(html).toMatch(/>1 access request</);
    expect(html).not.toMatch(/1 access requests|— h\b/);
    expect(html).toContain('median time to acknowledge: no reports yet');
    expect(html).toMatch(/VR-OVERDUE1.*overdue by \d+ days/s);
    expect(html).toMatch(/Customer Ltd<\/td><td>Grace Hopper \(grace@customer\.example\)/);
    expect(html).toContain('aria-current="page"');
    expect(html).not.toMatch(/\sstyle=|<script/);
  });

  it('pages long lists and says when a list is empty', async () => {
    const subscribers = await (await asViewer('/admin/subscribers')).text();
    expect(subscribers).toContain('class="empty"');
    for (let index = 0; index < 30; index++)
      await server.store.accessRequests.create({
        name: `Prospect ${index}`,
        email: `p${index}@bulk.example`,
        company: 'Bulk',
        reason: '',
        documents: ['pentest-summary'],
        ndaVersion: '1',
        ndaSha256: 'f'.repeat(64),
        ndaAcceptedAt: clock.toISOString(),
        ip: null,
        userAgent: null,
        createdAt: clock.toISOString(),
      });
    const first = await (await asViewer('/admin/requests')).text();
    expect(first).toContain('32 access requests; 31 waiting for a decision.');
    expect(first).toContain('Page 1 of 2');
    expect(first).toContain('href="/admin/requests?page=2"');
    const second = await (await asViewer('/admin/requests?page=2')).text();
    expect(second).toContain('Page 2 of 2');
    expect(second).toContain('grace@customer.example');
    // A page past the end shows the last one rather than an error.
    expect((await asViewer('/admin/requests?page=99')).status).toBe(200);
  });
});
