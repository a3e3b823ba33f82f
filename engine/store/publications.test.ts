import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { countChanges, diffSnapshots } from '../publish/diff.ts';
import { openStore, type Store } from './open-store.ts';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'attest-publications-'));
  store = await openStore(join(dir, 'attest.db'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const first = createSnapshotFixture({ contentHash: 'a'.repeat(64) });
const second = createSnapshotFixture({
  contentHash: 'b'.repeat(64),
  publishedAt: '2026-12-01T09:00:00.000Z',
  gitCommit: undefined,
});

function count(): Promise<number> {
  return store.publications.count();
}

describe('publications', () => {
  it('has no latest publication before the first build', async () => {
    expect(await store.publications.latest()).toBeUndefined();
    expect(await store.publications.get(1)).toBeUndefined();
  });

  it('stores a snapshot and gives it back, unchanged, after the file is reopened', async () => {
    const id = await store.publications.save(first, { builtAt: '2026-11-20T15:00:00.000Z' });
    await store.close();
    store = await openStore(join(dir, 'attest.db'));
    const stored = await store.publications.get(id);
    expect(stored).toMatchObject({
      id,
      contentHash: first.contentHash,
      publishedAt: first.publishedAt,
      builtAt: '2026-11-20T15:00:00.000Z',
      gitCommit: first.gitCommit,
    });
    expect(stored?.snapshot).toEqual(first);
    expect(countChanges(diffSnapshots(stored?.snapshot, first))).toBe(0);
    expect((await store.publications.latest())?.id).toBe(id);
  });

  it('does not store the same version twice in a row, and returns its id', async () => {
    const id = await store.publications.save(first, { builtAt: '2026-11-20T15:00:00.000Z' });
    expect(await store.publications.save(first, { builtAt: '2026-11-21T15:00:00.000Z' })).toBe(id);
    expect(await count()).toBe(1);
    expect((await store.publications.latest())?.builtAt).toBe('2026-11-20T15:00:00.000Z');
  });

  it('stores each new version, and a return to an earlier one as a new publication', async () => {
    const a = await store.publications.save(first, { builtAt: '2026-11-20T15:00:00.000Z' });
    const b = await store.publications.save(second, { builtAt: '2026-12-01T10:00:00.000Z' });
    expect(b).toBeGreaterThan(a);
    expect(await store.publications.latest()).toMatchObject({
      id: b,
      contentHash: 'b'.repeat(64),
      gitCommit: undefined,
    });
    const back = await store.publications.save(first, { builtAt: '2026-12-02T10:00:00.000Z' });
    expect(back).toBeGreaterThan(b);
    expect(await count()).toBe(3);
    expect((await store.publications.get(a))?.snapshot.contentHash).toBe('a'.repeat(64));
  });
});
