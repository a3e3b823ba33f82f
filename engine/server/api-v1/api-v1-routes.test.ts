import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../checks/result.ts';
import { renderJsonReport } from '../../render/check-report/json.ts';
import { type ApiScope, apiScopes, createApiToken, revokeApiToken } from '../auth/api-tokens.ts';
import { createTestServer, signIn, type TestServer } from '../test-support.ts';
import { apiV1Operations } from './v1-routes.ts';

let server: TestServer;
const clock = new Date('2026-12-07T12:00:00Z');
const admin = { actor: 'ada@acme.example' };
/** One live token per scope, and tokens with every scope that expired or were revoked. */
const tokens = {} as Record<ApiScope | 'expired' | 'revoked', string>;

beforeAll(async () => {
  // Every operation is refused many times here; the guess allowance has its own test.
  server = await createTestServer({
    now: () => clock,
    rateLimits: { tokensPerIp: { max: 1_000, windowMs: 600_000 } },
  });
  for (const scope of apiScopes) {
    const created = await createApiToken(server.store, {
      name: `only ${scope}`,
      scopes: [scope],
      days: 30,
      by: admin,
      now: clock,
    });
    tokens[scope] = created.token;
  }
  const expired = await createApiToken(server.store, {
    name: 'expired',
    scopes: apiScopes,
    days: 1,
    by: admin,
    now: new Date(clock.getTime() - 2 * 86_400_000),
  });
  tokens.expired = expired.token;
  const revoked = await createApiToken(server.store, {
    name: 'revoked',
    scopes: apiScopes,
    days: 30,
    by: admin,
    now: clock,
  });
  await revokeApiToken(server.store, revoked.row.id, admin, clock);
  tokens.revoked = revoked.token;
});
afterAll(() => server.close());

/** Stores a pending access request and returns its id. */
async function pendingRequest(): Promise<number> {
  const row = await server.store.accessRequests.create({
    name: 'Bea Buyer',
    email: 'bea@customer.example',
    company: 'Customer',
    reason: 'vendor review',
    documents: ['security-policy'],
    ndaVersion: '1',
    ndaSha256: 'f'.repeat(64),
    ndaAcceptedAt: clock.toISOString(),
    ip: '192.0.2.7',
    userAgent: 'test',
    createdAt: clock.toISOString(),
  });
  return row.id;
}

function checkResult(fields: Partial<CheckResult> = {}): CheckResult {
  return {
    status: 'pass',
    observed: { value: 'TLSv1.2' },
    expected: { equals: 'TLSv1.2' },
    message: 'tls.min is "TLSv1.2"',
    controlId: 'encryption-in-transit',
    visibility: 'public',
    evidenceIndex: 0,
    evidenceId: undefined,
    check: 'config',
    target: 'settings.json',
    description: undefined,
    durationMs: 3,
    at: '2026-12-07T11:00:00.000Z',
    attempts: 1,
    waiver: undefined,
    definition: '0123456789abcdef0123456789abcdef',
    override: undefined,
    ...fields,
  };
}

let reportStart = Date.parse('2026-12-07T10:00:00Z');
/** A fresh JSON check report, as `attest check --format json` writes it. */
function checkReport(): string {
  reportStart += 60_000;
  const startedAt = new Date(reportStart).toISOString();
  return renderJsonReport({
    organisation: 'Acme',
    startedAt,
    finishedAt: startedAt,
    results: [checkResult({ at: startedAt })],
    titles: {},
    sources: {},
    pathPrefix: '',
  });
}

const questionnaireCsv =
  'Question,Answer\nIs customer data encrypted in transit?,\nDo you run a bug bounty?,\n';

function questionnaireForm(): FormData {
  const form = new FormData();
  form.set('file', new File([questionnaireCsv], 'vendor-review.csv', { type: 'text/csv' }));
  return form;
}

/** A request each operation accepts when the token may use it. */
const validRequests: Record<string, () => Promise<{ path: string; init?: RequestInit }>> = {
  listAccessRequests: async () => ({ path: '/api/v1/access-requests' }),
  approveAccessRequest: async () => ({
    path: `/api/v1/access-requests/${await pendingRequest()}/approve`,
    init: {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ days: 10 }),
    },
  }),
  rejectAccessRequest: async () => ({
    path: `/api/v1/access-requests/${await pendingRequest()}/reject`,
    init: { method: 'POST' },
  }),
  revokeAccessRequest: async () => ({
    path: `/api/v1/access-requests/${await pendingRequest()}/revoke`,
    init: { method: 'POST' },
  }),
  answerQuestionnaire: async () => ({
    path: '/api/v1/questionnaires/answer',
    init: { method: 'POST', body: questionnaireForm() },
  }),
  listVulnerabilityReports: async () => ({ path: '/api/v1/reports' }),
  importCheckResults: async () => ({
    path: '/api/v1/check-results',
    init: {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: checkReport(),
    },
  }),
  getSnapshot: async () => ({ path: '/api/v1/snapshot' }),
};

async function call(
  operationId: string,
  authorization: string | undefined,
  extra: Record<string, string> = {},
) {
  const build = validRequests[operationId];
  if (!build) throw new Error(`no request for ${operationId}`);
  const { path, init = {} } = await build();
  return server.app.request(`${server.origin}${path}`, {
    ...init,
    headers: {
      ...(init.headers as Record<string, string> | undefined),
      ...(authorization ? { Authorization: authorization } : {}),
      ...extra,
    },
  });
}

describe('every /api/v1 operation × token', () => {
  const operations = apiV1Operations;

  it('has a request for every operation in this test', () => {
    expect(Object.keys(validRequests).sort()).toEqual(
      operations.map((operation) => operation.route.operationId).sort(),
    );
  });

  for (const { route, scope } of operations) {
    const id = route.operationId ?? '';
    it(`${route.method.toUpperCase()} ${route.path}: ${scope} only`, async () => {
      const missing = await call(id, undefined);
      expect(missing.status, 'no token').toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="attest"');
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
        'unauthorized',
      );

      for (const [label, header] of [
        ['malformed', 'Bearer not-a-token'],
        ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
        ['unknown', `Bearer attest_${'A'.repeat(43)}`],
        ['expired', `Bearer ${tokens.expired}`],
        ['revoked', `Bearer ${tokens.revoked}`],
      ] as const) {
        const refused = await call(id, header);
        expect(refused.status, label).toBe(401);
        expect(refused.headers.get('www-authenticate'), label).toMatch(
          /^Bearer realm="attest", error="invalid_token"/,
        );
      }

      for (const held of apiScopes) {
        const response = await call(id, `Bearer ${tokens[held]}`);
        if (held === scope) {
          expect(response.status, `${held}: ${await response.clone().text()}`).toBe(200);
        } else {
          expect(response.status, held).toBe(403);
          expect(response.headers.get('www-authenticate')).toBe(
            `Bearer realm="attest", error="insufficient_scope", scope="${scope}"`,
          );
          expect(
            ((await response.json()) as { error: { message: string } }).error.message,
          ).toContain(scope);
        }
      }
    });
  }

  it('answers 429 once an address has had its allowance of refused tokens', async () => {
    const strict = await createTestServer({
      rateLimits: { tokensPerIp: { max: 2, windowMs: 600_000 } },
    });
    try {
      const guess = () =>
        strict.app.request(`${strict.origin}/api/v1/snapshot`, {
          headers: { Authorization: `Bearer attest_${'B'.repeat(43)}`, Accept: 'text/html' },
        });
      expect((await guess()).status).toBe(401);
      expect((await guess()).status).toBe(401);
      const limited = await guess();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('content-type')).toMatch(/json/);
      const refusals = (await strict.store.audit.recent(10)).filter(
        (entry) => entry.action === 'token.refused',
      );
      expect(refusals).toHaveLength(2);
    } finally {
      await strict.close();
    }
  });

  it('never takes a session cookie as a token', async () => {
    const { cookie } = await signIn(server.store, {
      email: 'root@acme.example',
      role: 'admin',
      now: clock,
    });
    const response = await server.app.request(`${server.origin}/api/v1/access-requests`, {
      headers: { Cookie: cookie },
    });
    expect(response.status).toBe(401);
  });

  it('audits every refusal of a presented token, naming the token', async () => {
    const entries = await server.store.audit.recent(2_000);
    const refused = entries.filter((entry) => entry.action === 'token.refused');
    expect(
      refused.some(
        (entry) => entry.actor.endsWith(' expired') && entry.target.endsWith(': expired'),
      ),
    ).toBe(true);
    expect(
      refused.some(
        (entry) => entry.actor.endsWith(' revoked') && entry.target.endsWith(': revoked'),
      ),
    ).toBe(true);
    expect(
      refused.some((entry) => entry.target === 'GET /api/v1/snapshot: needs scope snapshot:read'),
    ).toBe(true);
    expect(refused.some((entry) => entry.actor.startsWith('token:unknown attest_AAAAA'))).toBe(
      true,
    );
    expect(entries.some((entry) => entry.action === 'token.create')).toBe(true);
    expect(entries.some((entry) => entry.action === 'token.revoke')).toBe(true);
  });
});

describe('the /api/v1 operations', () => {
  const as = (scope: ApiScope, init: RequestInit = {}) => ({
    ...init,
    headers: {
      Authorization: `Bearer ${tokens[scope]}`,
      ...(init.headers as Record<string, string>),
    },
  });
  const request = (path: string, scope: ApiScope, init: RequestInit = {}) =>
    server.app.request(`${server.origin}${path}`, as(scope, init));

  it('approves a request once, mails the links and records the token as the decider', async () => {
    const id = await pendingRequest();
    const approved = await request(`/api/v1/access-requests/${id}/approve`, 'requests:write', {
      method: 'POST',
    });
    expect(approved.status).toBe(200);
    const body = (await approved.json()) as {
      status: string;
      grants: { documentId: string; expiresAt: string }[];
    };
    expect(body.status).toBe('approved');
    expect(body.grants.map((grant) => grant.documentId)).toEqual(['security-policy']);
    const again = await request(`/api/v1/access-requests/${id}/reject`, 'requests:write', {
      method: 'POST',
    });
    expect(again.status).toBe(409);
    const list = (await (
      await request('/api/v1/access-requests?limit=500', 'requests:read')
    ).json()) as {
      requests: { id: number; decidedBy: string; ip?: string; grants: unknown[] }[];
    };
    const row = list.requests.find((entry) => entry.id === id);
    expect(row?.decidedBy).toMatch(/^token:\d+ only requests:write$/);
    expect(row?.grants).toHaveLength(1);
    expect(row && 'ip' in row).toBe(false);
    const mails = await server.mails();
    expect(mails.at(-1)?.subject).toBe('Your document access was approved');
  });

  it('answers bad input with 4xx and a reason, never a 500', async () => {
    const cases: [string, ApiScope, RequestInit, number][] = [
      ['/api/v1/access-requests/abc/approve', 'requests:write', { method: 'POST' }, 400],
      ['/api/v1/access-requests/999999/approve', 'requests:write', { method: 'POST' }, 404],
      ['/api/v1/access-requests/999999/revoke', 'requests:write', { method: 'POST' }, 404],
      [
        '/api/v1/access-requests/99999999999999999999/reject',
        'requests:write',
        { method: 'POST' },
        400,
      ],
      [
        `/api/v1/access-requests/${await pendingRequest()}/approve`,
        'requests:write',
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"days": 9999}' },
        400,
      ],
      [
        `/api/v1/access-requests/${await pendingRequest()}/approve`,
        'requests:write',
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"days": ' },
        400,
      ],
      ['/api/v1/access-requests?limit=0', 'requests:read', {}, 400],
      [
        '/api/v1/questionnaires/answer',
        'questionnaires:answer',
        { method: 'POST', body: 'plain' },
        400,
      ],
      [
        '/api/v1/questionnaires/answer',
        'questionnaires:answer',
        {
          method: 'POST',
          body: (() => {
            const form = new FormData();
            form.set('file', new File(['not a zip'], 'fake.xlsx'));
            return form;
          })(),
        },
        400,
      ],
      ['/api/v1/check-results', 'results:write', { method: 'POST', body: '{"version": 1' }, 400],
      [
        '/api/v1/check-results',
        'results:write',
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"version": 9}' },
        400,
      ],
      [
        '/api/v1/check-results',
        'results:write',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: 'x'.repeat(6 * 1024 * 1024),
        },
        413,
      ],
      [
        `/api/v1/access-requests/${await pendingRequest()}/approve`,
        'requests:write',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: `{"days": 1, "x": "${'y'.repeat(40_000)}"}`,
        },
        413,
      ],
    ];
    for (const [path, scope, init, status] of cases) {
      const response = await request(path, scope, init);
      const body = (await response.json()) as { error: { message: string } };
      expect(response.status, `${path} ${String(init.body).slice(0, 30)}`).toBe(status);
      expect(body.error.message.length).toBeGreaterThan(10);
    }
  });

  it('answers a questionnaire with the filled file and the review rows, even from another origin', async () => {
    const response = await request('/api/v1/questionnaires/answer', 'questionnaires:answer', {
      method: 'POST',
      body: questionnaireForm(),
      headers: { Origin: 'https://crm.example' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      fileName: string;
      file: string;
      total: number;
      review: { question: string; answer: string; citations: string }[];
    };
    expect(body.fileName).toBe('vendor-review.answered.csv');
    expect(body.total).toBe(2);
    expect(Buffer.from(body.file, 'base64').toString()).toContain(
      'Is customer data encrypted in transit?',
    );
    expect(body.review.map((row) => row.question)).toEqual([
      'Is customer data encrypted in transit?',
      'Do you run a bug bounty?',
    ]);
    // An unverified claim is left blank for a person to review; a declared fact is answered.
    expect(body.review[0]).toMatchObject({ answer: '', needsReview: 'yes' });
    expect(body.review[1]).toMatchObject({ answer: 'No', needsReview: 'no' });
    expect(body.review[1]?.citations).toContain('policies/disclosure.yaml');
  });

  it('imports a check report once and lists the stored run', async () => {
    const report = checkReport();
    const post = () =>
      request('/api/v1/check-results', 'results:write', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: report,
      });
    expect(await (await post()).json()).toMatchObject({ runs: 1, results: 1, skipped: [] });
    expect(await (await post()).json()).toMatchObject({
      runs: 0,
      skipped: [{ file: 'request body' }],
    });
    const entries = await server.store.audit.recent(50);
    expect(entries.find((entry) => entry.action === 'checks.import')?.actor).toMatch(
      /^token:\d+ only results:write$/,
    );
  });

  it('serves the snapshot and the reports', async () => {
    const snapshot = (await (await request('/api/v1/snapshot', 'snapshot:read')).json()) as {
      contentHash: string;
    };
    expect(snapshot.contentHash).toBe(server.snapshot.contentHash);
    const reports = await request('/api/v1/reports', 'reports:read');
    expect(await reports.json()).toEqual({ reports: [] });
  });
});
