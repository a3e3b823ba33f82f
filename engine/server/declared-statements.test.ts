import { beforeAll, describe, expect, it } from 'vitest';
import { publicSnapshot } from '../evaluate/public-view.ts';
import type { Snapshot } from '../evaluate/snapshot.ts';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { createApp } from './app.ts';
import { buildServerBundle } from './astro/server-bundle.ts';
import { loadAstroRenderer, SitePages } from './site-pages.ts';

// The real Astro server build of site/ (built once per version of the site, then cached).
let pages: SitePages;
let assetsDir: string;
beforeAll(async () => {
  const bundle = await buildServerBundle();
  assetsDir = bundle.clientDir;
  pages = new SitePages(await loadAstroRenderer(bundle.entry));
}, 120_000);

/** The text a reader sees on a page of the snapshot: tags dropped, whitespace collapsed. */
async function pageText(snapshot: Snapshot, path: string): Promise<string> {
  const app = createApp({ distDir: '/nonexistent', pages, assetsDir });
  pages.update({ snapshot: publicSnapshot(snapshot), history: {} });
  const response = await app.request(path);
  expect(response.status, path).toBe(200);
  return (await response.text())
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

/** The fixture with no notice period, no bounty statement and no page dates declared. */
function undeclared(): Snapshot {
  const snapshot = createSnapshotFixture();
  snapshot.subprocessors.noticeDays = undefined;
  if (snapshot.disclosure) snapshot.disclosure.bounty = undefined;
  return snapshot;
}

describe('the trust page says only what was declared', () => {
  it('names no notice period when none is declared', async () => {
    for (const path of ['/', '/subprocessors/']) {
      const text = await pageText(undeclared(), path);
      expect(text).toContain('Amazon Web Services');
      expect(text, path).not.toMatch(/days' notice|days before it starts|undefined/);
    }
  });

  it('states a declared notice period', async () => {
    expect(await pageText(createSnapshotFixture(), '/')).toContain(
      "we give 30 days' notice before adding one",
    );
    expect(await pageText(createSnapshotFixture(), '/subprocessors/')).toContain(
      'We announce a new subprocessor at least 30 days before it starts.',
    );
  });

  it('says nothing about a bounty unless one is declared, and "no bounty" when that is declared', async () => {
    const silent = await pageText(undeclared(), '/disclosure/');
    expect(silent).toContain('Describe the issue and how to reproduce it.');
    expect(silent).not.toMatch(/bounty|rewards/i);
    expect(await pageText(createSnapshotFixture(), '/disclosure/')).toContain(
      'We do not run a paid bug bounty.',
    );
  });

  it('shows the declared review and effective dates, and the publication time as such', async () => {
    const snapshot = createSnapshotFixture();
    snapshot.organisation.updated = '2026-11-02';
    snapshot.organisation.effective = '2026-10-15';
    const text = await pageText(snapshot, '/');
    expect(text).toContain('Content last reviewed 2 Nov 2026');
    expect(text).toContain('Statements effective from 15 Oct 2026');
    expect(text).toContain('Published 20 Nov 2026, 14:03 UTC');
    expect(text).not.toContain('Last updated');
  });

  it('labels the publication time as publication when no page date is declared', async () => {
    const text = await pageText(createSnapshotFixture(), '/subprocessors/');
    expect(text).toContain('Published 20 Nov 2026, 14:03 UTC');
    expect(text).not.toMatch(/Last updated|last reviewed|effective from/);
  });
});
