import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasuredSla } from '../../evaluate/sla.ts';
import { createServerContext } from '../api/context.ts';
import { createTestServer, signIn, type TestServer } from '../test-support.ts';
import { advanceReport } from './reports.ts';

let server: TestServer;
let clock = new Date('2026-11-23T09:00:00Z');
beforeAll(async () => {
  server = await createTestServer({ now: () => clock });
});
afterAll(() => server.close());

describe('vulnerability reports', () => {
  it('stores a report, answers with its tracking id and mails a receipt at once', async () => {
    const response = await server.postForm('/api/reports', {
      title: 'Reflected XSS in search',
      description: 'The q parameter is echoed unescaped.',
      steps: 'Open /search?q=<svg onload=alert(1)>',
      severity: 'high',
      contact: 'finder@research.example',
    });
    expect(response.status).toBe(200);
    const [row] = await server.store.vulnerabilityReports.list(100);
    expect(row).toMatchObject({
      status: 'received',
      severity: 'high',
      receivedAt: clock.toISOString(),
    });
    expect(row?.trackingId).toMatch(/^VR-[A-Z2-9]{8}$/);
    expect(await response.text()).toContain(`Report ${row?.trackingId} received`);
    const [mail] = await server.mails();
    expect(mail?.subject).toContain(row?.trackingId);
    expect(mail?.text).toContain(row?.trackingId);
  });

  it('moves reports forward only, time-stamps each step, audits it, and measures the SLA from it', async () => {
    const context = createServerContext({ ...server.options, now: () => clock });
    const by = { actor: 'ada@acme.example', ip: '127.0.0.1' };
    clock = new Date('2026-11-23T15:00:00Z');
    expect((await advanceReport(context, 1, 'acknowledged', by))?.acknowledgedAt).toBe(
      clock.toISOString(),
    );
    clock = new Date('2026-11-24T09:00:00Z');
    expect((await advanceReport(context, 1, 'triaged', by))?.triagedAt).toBe(clock.toISOString());
    expect(await advanceReport(context, 1, 'acknowledged', by)).toBeUndefined();
    expect((await advanceReport(context, 1, 'fixed', by))?.resolvedAt).toBe(clock.toISOString());
    expect((await server.store.audit.page(0, 1_000)).map((entry) => entry.action)).toEqual([
      'report.acknowledged',
      'report.triaged',
      'report.fixed',
    ]);

    const sla = (await (await server.app.request('/api/reports/sla')).json()) as MeasuredSla;
    expect(sla.reports).toBe(1);
    expect(sla.acknowledge).toMatchObject({
      done: 1,
      medianHours: 6,
      p90Hours: 6,
      target: '2 business days',
      withinTarget: 1,
    });
    expect(sla.triage).toMatchObject({
      done: 1,
      medianHours: 24,
      target: '5 business days',
      withinTarget: 1,
    });
  });

  it('rejects an unknown severity and a missing contact with field errors', async () => {
    const response = await server.app.request(`${server.origin}/api/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.origin },
      body: JSON.stringify({ title: 'x', description: 'y', severity: 'apocalyptic' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(['contact', 'severity']);
  });

  it('limits form posts per client address with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let post = 0; post < 25; post++) {
      last = await server.postForm('/api/reports', {
        title: `flood ${post}`,
        description: 'd',
        contact: 'f@research.example',
      });
      statuses.push(last.status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(20);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last?.text()).toContain('Too many attempts');
  });

  it('measures only reports an admin acknowledged, says how many wait, and leaves out spam', async () => {
    const sla = async () =>
      (await (await server.app.request('/api/reports/sla')).json()) as MeasuredSla;
    // The flood above left junk reports nobody reviewed: they neither sink nor pad the figure.
    const before = await sla();
    expect(before.reports).toBe(1);
    expect(before.unreviewed).toBeGreaterThanOrEqual(19);
    expect(before.acknowledge).toMatchObject({ withinTarget: 1, missed: 0 });
    // A junk report acknowledged late by mistake counts (and misses)…
    const junk = (await server.store.vulnerabilityReports.list(100)).reverse()[1];
    clock = new Date('2026-12-04T09:00:00Z');
    const context = createServerContext({ ...server.options, now: () => clock });
    await advanceReport(context, junk?.id ?? 0, 'acknowledged', { actor: 'ada@acme.example' });
    expect((await sla()).acknowledge).toMatchObject({ withinTarget: 1, missed: 1 });
    // …until an admin marks it as spam from the report page.
    const lin = await signIn(server.store, {
      email: 'lin@acme.example',
      role: 'admin',
      now: clock,
    });
    const post = (csrf: string) =>
      server.app.request(`${server.origin}/admin/reports/${junk?.id}/spam`, {
        method: 'POST',
        headers: {
          Origin: server.origin,
          Cookie: lin.cookie,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ _csrf: csrf }),
      });
    expect((await post('')).status).toBe(403);
    expect((await post(lin.csrf)).status).toBe(303);
    const after = await sla();
    expect(after.reports).toBe(1);
    expect(after.acknowledge).toMatchObject({ withinTarget: 1, missed: 0 });
    expect(after.unreviewed).toBe(before.unreviewed - 1);
  });
});
