import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SiteData } from '../../site/lib/site-data.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
// Astro imports the server chunks it writes, so they must live where Node resolves this
// project's packages: inside it, not in the system temp directory.
const cacheDir = join(projectRoot, 'node_modules', '.cache');

/** Runs `astro build` for this project into `outDir`, with `config` merged over astro.config.mjs. */
async function astroBuild(outDir: string, config: Record<string, unknown> = {}): Promise<void> {
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const { build } = await import('astro');
  // Astro resolves some of its working paths against the current directory.
  const cwd = process.cwd();
  process.chdir(projectRoot);
  try {
    await build({ root: projectRoot, outDir, logLevel: 'error', ...config });
  } finally {
    process.chdir(cwd);
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Removes what builds killed midway left in the cache (their `finally` never ran) and server
 * bundles of old versions of the site, once nothing has touched them for a day.
 */
async function pruneCache(keep: string): Promise<void> {
  const dayAgo = Date.now() - 86_400_000;
  const entries = await readdir(cacheDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !/^attest-(site|server)-/.test(entry.name)) continue;
    const path = join(cacheDir, entry.name);
    if (path === keep) continue;
    const info = await stat(path).catch(() => undefined);
    if (info && info.mtimeMs < dayAgo) await rm(path, { recursive: true, force: true });
  }
}

/**
 * Renders the static trust site for `data` with Astro and returns every file of it (path →
 * bytes), ready to be published with the other outputs.
 */
export async function buildSite(data: SiteData): Promise<Map<string, Uint8Array>> {
  await mkdir(cacheDir, { recursive: true });
  await pruneCache('');
  const work = await mkdtemp(join(cacheDir, 'attest-site-'));
  try {
    const dataFile = join(work, 'site-data.json');
    await writeFile(dataFile, JSON.stringify(data));
    process.env.ATTEST_SITE_DATA = dataFile;
    const outDir = join(work, 'out');
    await astroBuild(outDir);
    const files = new Map<string, Uint8Array>();
    for (const path of await filesUnder(outDir)) {
      files.set(path.slice(outDir.length + 1), await readFile(path));
    }
    return files;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The server build of the site: its Astro entry and the browser assets it links to. */
export interface ServerBundle {
  /** File URL of the server entry (exports `render` and `match`, see engine/server/astro/). */
  entry: string;
  /** Directory of the files browsers fetch (`_astro/*.css`, `*.js`). */
  clientDir: string;
}

/** A hash of everything the server build is made from, so an unchanged site is not rebuilt. */
async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const sources = [
    ...(await filesUnder(join(projectRoot, 'site'))).filter(
      (path) => !path.includes('/e2e/') && !path.endsWith('.test.ts'),
    ),
    ...(await filesUnder(join(projectRoot, 'engine'))).filter(
      (path) => /\.(ts|mjs)$/.test(path) && !path.endsWith('.test.ts'),
    ),
    join(projectRoot, 'astro.config.mjs'),
    join(projectRoot, 'package-lock.json'),
  ];
  for (const path of sources) {
    hash.update(relative(projectRoot, path)).update('\0');
    hash.update(await readFile(path).catch(() => '')).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the site for server rendering once per version of its sources (cached in
 * node_modules/.cache), so `attest serve` renders pages from the newest snapshot on request
 * instead of rebuilding. Concurrent builders each build privately and the first to finish wins.
 */
export async function buildServerBundle(
  log: (line: string) => void = () => {},
): Promise<ServerBundle> {
  const target = join(cacheDir, `attest-server-${await sourceHash()}`);
  const bundle = (dir: string): ServerBundle => ({
    entry: pathToFileURL(join(dir, 'server', 'entry.mjs')).href,
    clientDir: join(dir, 'client'),
  });
  if (existsSync(join(target, 'server', 'entry.mjs'))) {
    const now = new Date();
    await utimes(target, now, now).catch(() => {});
    return bundle(target);
  }
  await pruneCache(target);

  log('Building the trust site for server rendering (once per version of the site)…');
  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, 'attest-server-build-'));
  try {
    const { attestServerAdapter } = await import('../../engine/server/astro/integration.mjs');
    await astroBuild(work, { output: 'server', adapter: attestServerAdapter() });
    await rename(work, target).catch((error: NodeJS.ErrnoException) => {
      // Another process finished the same build first; its copy is as good as ours.
      if (!existsSync(join(target, 'server', 'entry.mjs'))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return bundle(target);
}
