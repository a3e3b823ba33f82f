import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { countChanges, diffSnapshots } from '../publish/diff.ts';
import { openStore, type Store } from './open-store.ts';
import { getPublication, latestPublication, savePublication } from './publications.ts';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'attest-publications-'));
  store = openStore(join(dir, 'attest.db'));
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const first = createSnapshotFixture({ contentHash: 'a'.repeat(64) });
const second = createSnapshotFixture({
  contentHash: 'b'.repeat(64),
  publishedAt: '2026-12-01T09:00:00.000Z',
  gitCommit: undefined,
});

function count(): number {
  return (store.sqlite.prepare('select count(*) as n from publications').get() as { n: number }).n;
}

describe('publications', () => {
  it('has no latest publication before the first build', () => {
    expect(latestPublication(store)).toBeUndefined();
    expect(getPublication(store, 1)).toBeUndefined();
  });

  it('stores a snapshot and gives it back, unchanged, after the file is reopened', () => {
    const id = savePublication(store, first, { builtAt: '2026-11-20T15:00:00.000Z' });
    store.close();
    store = openStore(join(dir, 'attest.db'));
    const stored = getPublication(store, id);
    expect(stored).toMatchObject({
      id,
      contentHash: first.contentHash,
      publishedAt: first.publishedAt,
      builtAt: '2026-11-20T15:00:00.000Z',
      gitCommit: first.gitCommit,
    });
    expect(stored?.snapshot).toEqual(first);
    expect(countChanges(diffSnapshots(stored?.snapshot, first))).toBe(0);
    expect(latestPublication(store)?.id).toBe(id);
  });

  it('does not store the same version twice in a row, and returns its id', () => {
    const id = savePublication(store, first, { builtAt: '2026-11-20T15:00:00.000Z' });
    expect(savePublication(store, first, { builtAt: '2026-11-21T15:00:00.000Z' })).toBe(id);
    expect(count()).toBe(1);
    expect(latestPublication(store)?.builtAt).toBe('2026-11-20T15:00:00.000Z');
  });

  it('stores each new version, and a return to an earlier one as a new publication', () => {
    const a = savePublication(store, first, { builtAt: '2026-11-20T15:00:00.000Z' });
    const b = savePublication(store, second, { builtAt: '2026-12-01T10:00:00.000Z' });
    expect(b).toBeGreaterThan(a);
    expect(latestPublication(store)).toMatchObject({
      id: b,
      contentHash: 'b'.repeat(64),
      gitCommit: undefined,
    });
    const back = savePublication(store, first, { builtAt: '2026-12-02T10:00:00.000Z' });
    expect(back).toBeGreaterThan(b);
    expect(count()).toBe(3);
    expect(getPublication(store, a)?.snapshot.contentHash).toBe('a'.repeat(64));
  });
});
