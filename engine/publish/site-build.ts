import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteData } from '../render/site-data.ts';

/** The project root: where astro.config.mjs and site/ are. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where site builds work. Astro imports the server chunks it writes, so they must live where
 * Node resolves this project's packages: inside it, not in the system temp directory.
 */
export const siteCacheDir = join(projectRoot, 'node_modules', '.cache');

/** Every file under `dir`, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Removes what builds killed midway left in the cache (their `finally` never ran) and server
 * bundles of old versions of the site other than `keep`, once nothing has touched them for a day.
 */
export async function pruneSiteCache(keep: string): Promise<void> {
  const dayAgo = Date.now() - 86_400_000;
  const entries = await readdir(siteCacheDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !/^attest-(site|server)-/.test(entry.name)) continue;
    const path = join(siteCacheDir, entry.name);
    if (path === keep) continue;
    const info = await stat(path).catch(() => undefined);
    if (info && info.mtimeMs < dayAgo) await rm(path, { recursive: true, force: true });
  }
}

/**
 * Runs `astroBuild` for `data` into `outDir` in a Node process of its own whose working
 * directory is the project root: Astro writes the chunks it prerenders the pages from under
 * the working directory, wherever the caller runs.
 */
function astroBuildInProjectRoot(outDir: string, data: SiteData): Promise<void> {
  const script = fileURLToPath(new URL('./site-build-process.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, outDir], {
    cwd: projectRoot,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.end(JSON.stringify(data));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `the trust site did not build (${signal ?? `exit ${code}`}): ${stderr.trim() || 'no output'}`,
            ),
          ),
    );
  });
}

/**
 * Renders the static trust site for `data` with Astro and returns every file of it (path →
 * bytes), ready to be published with the other outputs.
 */
export async function buildSite(data: SiteData): Promise<Map<string, Uint8Array>> {
  await mkdir(siteCacheDir, { recursive: true });
  await pruneSiteCache('');
  const work = await mkdtemp(join(siteCacheDir, 'attest-site-'));
  try {
    const outDir = join(work, 'out');
    await astroBuildInProjectRoot(outDir, data);
    const files = new Map<string, Uint8Array>();
    for (const path of await filesUnder(outDir))
      files.set(path.slice(outDir.length + 1), await readFile(path));
    return files;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
