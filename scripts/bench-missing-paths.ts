// npm run bench:missing — asks the trust-center app for 500,000 distinct paths that name
// nothing (`/x<n>-<random>`, and every tenth a doubled-slash spelling of a real page,
// `//host-<n>/controls/<id>/`), in process, 64 at a time, and prints the heap and resident
// memory every 100,000 requests. Memory must stay flat: no miss is cached, and a
// doubled-slash path is redirected, never rendered.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateOrganisation } from '../engine/evaluate/evaluate.ts';
import { publicSnapshot } from '../engine/evaluate/public-view.ts';
import { loadOrganisationFromDir } from '../engine/fs/read-organisation.ts';
import { repoRoot } from '../engine/fs/test-organisations.ts';
import { createApp } from '../engine/server/app.ts';
import { buildServerBundle } from '../engine/server/astro/server-bundle.ts';
import { loadAstroRenderer, SitePages } from '../engine/server/site-pages.ts';
import { printTable } from './cli/print-table.ts';

const total = Number(process.env.BENCH_REQUESTS ?? 500_000);
const step = total / 5;
const concurrency = 64;

/** Collects garbage when the bench runs with --expose-gc, so the heap shows what is kept. */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

async function main(): Promise<void> {
  const { model } = await loadOrganisationFromDir(repoRoot);
  if (!model) throw new Error('the bundled organisation does not load');
  const now = new Date();
  const view = publicSnapshot(
    evaluateOrganisation(model, [], { now, publishedAt: now.toISOString() }),
  );
  const bundle = await buildServerBundle();
  const pages = new SitePages(await loadAstroRenderer(bundle.entry));
  pages.update({ snapshot: view, history: {} });
  const distDir = mkdtempSync(join(tmpdir(), 'attest-bench-missing-'));
  mkdirSync(join(distDir, '.well-known'));
  writeFileSync(join(distDir, 'trust.json'), '{}\n');
  const app = createApp({ distDir, pages, assetsDir: bundle.clientDir });
  const page = `/controls/${view.controls[0]?.id ?? 'none'}/`;
  if ((await app.request(page)).status !== 200) throw new Error(`${page} does not render`);

  const rows = [['requests', 'heap used (MB)', 'RSS (MB)', 'pages kept', 'statuses']];
  const statuses = new Map<number, number>();
  const measure = (done: number) => {
    collect();
    const memory = process.memoryUsage();
    const seen = [...statuses].map(([status, count]) => `${count}×${status}`).join(' ');
    rows.push([
      done.toLocaleString('en'),
      megabytes(memory.heapUsed),
      megabytes(memory.rss),
      String(pages.cachedPages),
      seen || '—',
    ]);
    process.stderr.write(`${done} requests…\n`);
  };
  measure(0);
  let next = 0;
  for (let goal = step; goal <= total; goal += step) {
    const worker = async () => {
      while (next < goal) {
        const index = next++;
        const path =
          index % 10 === 0
            ? `//host-${index}.example${page}`
            : `/x${index}-${Math.random().toString(36).slice(2)}`;
        const response = await app.request(path);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        await response.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    measure(goal);
  }
  rmSync(distDir, { recursive: true, force: true });
  printTable(rows);
}

await main();
