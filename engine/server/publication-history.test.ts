import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './test-support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
  await server.store.publications.save(server.snapshot, {
    builtAt: '2026-11-20T12:00:00.000Z',
    chain: { number: 1, previous: null, head: 'a'.repeat(64), trustJson: '{"first":true}\n' },
  });
});
afterAll(() => server.close());

describe('GET /publications/<n>.json', () => {
  it('serves the exact trust.json of a past publication from the store', async () => {
    const response = await server.app.request('/publications/1.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toBe('{"first":true}\n');
  });

  it('answers 404 with a reason for a number never published, and ignores other names', async () => {
    const missing = await server.app.request('/publications/2.json');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/No publication 2/);
    expect((await server.app.request('/publications/x.json')).status).toBe(404);
  });
});
