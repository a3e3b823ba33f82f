import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Builds the static trust site of the organisation in `dir` into a fresh temporary directory. */
export async function buildSite(dir: string): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'attest-site-'));
  process.env.ATTEST_DIR = dir;
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const { build } = await import('astro');
  await build({ root: projectRoot, outDir, logLevel: 'error' });
  return outDir;
}
