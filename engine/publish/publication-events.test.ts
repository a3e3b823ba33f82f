import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrganisationFromDir } from '../fs/read-organisation.ts';
import { copyOrganisation } from '../fs/test-organisations.ts';
import type { Organisation } from '../load/model.ts';
import { createMailer } from '../mail/mailer.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { publish } from './publish.ts';

let dir: string;
let store: Store;
let model: Organisation;
let endpointId: number;

beforeAll(async () => {
  dir = copyOrganisation('.', mkdtempSync(join(tmpdir(), 'attest-publication-events-')));
  const loaded = await loadOrganisationFromDir(dir);
  if (!loaded.model) throw new Error('the bundled organisation does not load');
  model = loaded.model;
  store = await openStore(join(dir, 'data', 'attest.db'));
  const endpoint = await store.webhooks.createEndpoint({
    kind: 'webhook',
    url: 'https://hooks.example.com/attest',
    description: '',
    events: ['publication.created', 'claim.status_changed'],
    secret: 'whsec_c2VjcmV0',
    createdAt: '2026-11-23T10:00:00.000Z',
    createdBy: 'test',
  });
  endpointId = endpoint.id;
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const publishAt = (now: string) =>
  publish({
    organisation: { dir, model },
    results: [],
    store,
    mailer: createMailer({ outboxDir: join(dir, 'data', 'outbox'), from: 'Trust <t@example.com>' }),
    clock: { now: () => new Date(now) },
    outDir: join(dir, 'dist'),
    mode: 'serve',
  });

const queued = async () =>
  (await store.webhooks.deliveriesOf(endpointId, 500))
    .reverse()
    .map((row) => JSON.parse(row.body) as { type: string; data: Record<string, unknown> });

describe('events of a publication', () => {
  it('queues publication.created with the publication, and nothing for an unchanged rebuild', async () => {
    const first = await publishAt('2026-11-23T10:00:00Z');
    expect(first.status).toBe('published');
    const events = await queued();
    expect(events.map((event) => event.type)).toEqual(['publication.created']);
    expect(events[0]?.data).toMatchObject({
      id: first.status === 'published' ? first.id : -1,
      previousId: null,
      contentHash: first.snapshot.contentHash,
    });
    await publishAt('2026-11-23T10:00:00Z');
    expect(await queued()).toHaveLength(1);
  }, 60_000);

  it('queues claim.status_changed for each claim whose status changed, e.g. to failing when an attestation lapsed', async () => {
    // Two years on, attestations have expired: those claims are failing now.
    const later = await publishAt('2028-12-01T10:00:00Z');
    expect(later.status).toBe('published');
    const events = (await queued()).slice(1);
    expect(events[0]?.type).toBe('publication.created');
    const created = events[0]?.data as {
      previousId: number;
      diff: { controls: { statusChanged: unknown[] } };
      changelog: unknown[];
    };
    expect(created.previousId).toBeGreaterThan(0);
    const changes = events.filter((event) => event.type === 'claim.status_changed');
    expect(changes.length).toBe(created.diff.controls.statusChanged.length);
    const failing = changes.find((event) => event.data.after === 'failing');
    expect(failing?.data).toMatchObject({
      before: expect.stringMatching(/verified|attested|inherited|unverified/),
      control: { id: expect.any(String), title: expect.any(String) },
      reason: expect.any(String),
    });
  }, 60_000);
});
