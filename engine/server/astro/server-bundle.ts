import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, utimes } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { astroBuild } from '../../publish/astro-build.mjs';
import { filesUnder, projectRoot, pruneSiteCache, siteCacheDir } from '../../publish/site-build.ts';
import { attestServerAdapter } from './integration.mjs';

/** The server build of the site: its Astro entry and the browser assets it links to. */
export interface ServerBundle {
  /** File URL of the server entry (exports `render` and `match`, see entry.mjs). */
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
  const target = join(siteCacheDir, `attest-server-${await sourceHash()}`);
  const bundle = (dir: string): ServerBundle => ({
    entry: pathToFileURL(join(dir, 'server', 'entry.mjs')).href,
    clientDir: join(dir, 'client'),
  });
  if (existsSync(join(target, 'server', 'entry.mjs'))) {
    const now = new Date();
    await utimes(target, now, now).catch(() => {});
    return bundle(target);
  }
  await pruneSiteCache(target);

  log('Building the trust site for server rendering (once per version of the site)…');
  await mkdir(siteCacheDir, { recursive: true });
  const work = await mkdtemp(join(siteCacheDir, 'attest-server-build-'));
  try {
    // No data is built in: every request hands the pages the current snapshot.
    await astroBuild({
      root: projectRoot,
      outDir: work,
      data: null,
      config: { output: 'server', adapter: attestServerAdapter() },
    });
    await rename(work, target).catch((error: NodeJS.ErrnoException) => {
      // Another process finished the same build first; its copy is as good as ours.
      if (!existsSync(join(target, 'server', 'entry.mjs'))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return bundle(target);
}
