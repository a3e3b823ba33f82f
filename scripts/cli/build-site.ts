import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteData } from '../../site/lib/site-data.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Renders the trust site for `data` with Astro and returns every file of it (path →
 * bytes), ready to be published with the other outputs.
 */
export async function buildSite(data: SiteData): Promise<Map<string, Uint8Array>> {
  // Astro imports the server chunks it writes while prerendering, so they must live where
  // Node resolves this project's packages: inside it, not in the system temp directory.
  const cache = join(projectRoot, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const work = await mkdtemp(join(cache, 'attest-site-'));
  try {
    const dataFile = join(work, 'site-data.json');
    await writeFile(dataFile, JSON.stringify(data));
    process.env.ATTEST_SITE_DATA = dataFile;
    process.env.ASTRO_TELEMETRY_DISABLED = '1';
    const outDir = join(work, 'out');
    const { build } = await import('astro');
    // Astro resolves some of its working paths against the current directory.
    const cwd = process.cwd();
    process.chdir(projectRoot);
    try {
      await build({ root: projectRoot, outDir, logLevel: 'error' });
    } finally {
      process.chdir(cwd);
    }
    const files = new Map<string, Uint8Array>();
    for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      files.set(path.slice(outDir.length + 1), await readFile(path));
    }
    return files;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
