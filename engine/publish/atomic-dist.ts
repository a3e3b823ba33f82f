import { lstat, mkdir, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';

/** Where the versions behind an output directory live: `.<name>-versions/` beside it. */
export function versionsDirOf(outDir: string): string {
  return join(dirname(outDir), `.${basename(outDir)}-versions`);
}

/**
 * Publishes `files` (relative path → content) as `outDir` so that, at every instant, `outDir`
 * is either the previous complete tree or the new complete tree — even if the process is
 * killed. The tree is written in full to a new version directory; then a symbolic link to it
 * is renamed over `outDir`, which the file system does atomically. The previous version is
 * kept, older ones are removed. Returns the new version's directory.
 */
export async function publishDist(
  outDir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  label: string,
): Promise<string> {
  const versions = versionsDirOf(outDir);
  await mkdir(versions, { recursive: true });
  const version = join(
    versions,
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${label}-${process.pid}`,
  );
  const staging = `${version}.partial`;
  for (const [path, content] of files) {
    const target = join(staging, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  await rename(staging, version);

  const existing = await lstat(outDir).catch(() => undefined);
  if (existing && !existing.isSymbolicLink()) {
    // A plain directory from before: move it aside once; from now on outDir is a link.
    await rename(outDir, join(versions, `previous-plain-${process.pid}`));
  }
  const link = join(dirname(outDir), `.${basename(outDir)}-link-${process.pid}`);
  await rm(link, { force: true });
  await symlink(relative(dirname(outDir), version), link);
  await rename(link, outDir);
  await pruneVersions(outDir, versions);
  return version;
}

/** Removes versions other than the current one and the one before it, and abandoned partial writes. */
async function pruneVersions(outDir: string, versions: string): Promise<void> {
  const current = basename(await readlink(outDir));
  const entries = (await readdir(versions)).sort();
  const complete = entries.filter((name) => !name.endsWith('.partial') && name !== current);
  const keep = new Set([current, complete.at(-1)]);
  for (const name of entries) {
    if (!keep.has(name)) await rm(join(versions, name), { recursive: true, force: true });
  }
}
