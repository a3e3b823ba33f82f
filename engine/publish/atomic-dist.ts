import { existsSync } from 'node:fs';
import {
  lstat,
  mkdir,
  readdir,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type DistLockOptions, withDistLock } from './dist-lock.ts';

/** Where the versions behind an output directory live: `.<name>-versions/` beside it. */
export function versionsDirOf(outDir: string): string {
  return join(dirname(outDir), `.${basename(outDir)}-versions`);
}

/** The lock file that lets one process at a time publish into `outDir`: `.<name>.lock` beside it. */
export function lockFileOf(outDir: string): string {
  return join(dirname(outDir), `.${basename(outDir)}.lock`);
}

/** A complete, verified version directory, written but not yet what `outDir` points at. */
export interface StagedDist {
  outDir: string;
  version: string;
}

/**
 * Runs `task` while this process alone may stage and switch `outDir` (see
 * {@link withDistLock}): concurrent builds of one organisation take turns instead of
 * removing each other's half-written versions.
 */
export async function withOutputLock<T>(
  outDir: string,
  task: () => Promise<T>,
  options?: DistLockOptions,
): Promise<T> {
  // The folder DIST lives in may not exist yet (e.g. `data/` when the database is not there).
  await mkdir(dirname(outDir), { recursive: true });
  return withDistLock(lockFileOf(outDir), task, options);
}

/**
 * Writes `files` (relative path → content) in full to a new version directory beside
 * `outDir`, then reads the directory back: when a file is missing, extra, or not of the
 * size written, it throws and removes the version, so an incomplete tree is never switched
 * to. Call under {@link withOutputLock}.
 */
export async function stageDist(
  outDir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  label: string,
): Promise<StagedDist> {
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
  try {
    await verifyTree(staging, files);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await rename(staging, version);
  return { outDir, version };
}

/** Throws unless `dir` holds exactly `files`, each of the size it was written with. */
async function verifyTree(
  dir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
): Promise<void> {
  const found = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));
  const problems: string[] = [];
  for (const [path, content] of files) {
    const size = (await stat(join(dir, path)).catch(() => undefined))?.size;
    const expected = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
    if (size === undefined) problems.push(`${path} is missing`);
    else if (size !== expected) problems.push(`${path} has ${size} of ${expected} bytes`);
  }
  const expectedPaths = new Set(files.keys());
  for (const path of found) if (!expectedPaths.has(path)) problems.push(`${path} is not expected`);
  if (problems.length)
    throw new Error(
      `the staged output is incomplete, so it was not published: ${problems.slice(0, 5).join('; ')}`,
    );
}

/**
 * Test-only hook: when `ATTEST_TEST_PAUSE_BEFORE_SWITCH` names a file, the switch waits,
 * after saying so on stderr, until that file exists — so a test can kill the process at the
 * very moment it switches. Never set it in production.
 */
async function pauseBeforeSwitchForTests(): Promise<void> {
  const file = process.env.ATTEST_TEST_PAUSE_BEFORE_SWITCH;
  if (!file) return;
  process.stderr.write(`attest: paused before switching (until ${file} exists)\n`);
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Makes `outDir` the staged version so that, at every instant, it is either the previous
 * complete tree or the new one — even if the process is killed: a symbolic link to the
 * version is renamed over `outDir`, which the file system does atomically. Returns how to
 * undo it: {@link restoreDist} with the returned target puts the previous version back.
 * Call under {@link withOutputLock}, and {@link pruneVersions} once the switch is final.
 */
export async function switchDist({ outDir, version }: StagedDist): Promise<string | undefined> {
  const versions = versionsDirOf(outDir);
  let existing = await lstat(outDir).catch(() => undefined);
  if (existing && !existing.isSymbolicLink()) {
    // A plain directory from before: move it aside once; from now on outDir is a link.
    const aside = join(versions, `previous-plain-${process.pid}`);
    await rename(outDir, aside);
    await pointAt(outDir, aside);
    existing = await lstat(outDir);
  }
  const previous = existing ? await readlink(outDir) : undefined;
  await pauseBeforeSwitchForTests();
  await pointAt(outDir, version);
  return previous;
}

/** Puts back the version `outDir` pointed at before {@link switchDist} (its return value). */
export async function restoreDist(outDir: string, previous: string | undefined): Promise<void> {
  if (previous === undefined) await rm(outDir, { force: true });
  else await pointAt(outDir, resolve(dirname(outDir), previous));
}

/** Atomically makes `outDir` a symbolic link to `target`. */
async function pointAt(outDir: string, target: string): Promise<void> {
  const link = join(dirname(outDir), `.${basename(outDir)}-link-${process.pid}`);
  await rm(link, { force: true });
  await symlink(relative(dirname(outDir), target), link);
  await rename(link, outDir);
}

/** Removes a staged version that was never switched to. */
export async function discardStaged({ version }: StagedDist): Promise<void> {
  await rm(version, { recursive: true, force: true });
}

/**
 * Removes versions of `outDir` other than the current one and the one before it, and
 * partial writes abandoned by killed builds. Call under {@link withOutputLock}, so no
 * other build's partial write is among them.
 */
export async function pruneVersions(outDir: string): Promise<void> {
  const versions = versionsDirOf(outDir);
  const current = basename(await readlink(outDir));
  const entries = (await readdir(versions)).sort();
  const complete = entries.filter((name) => !name.endsWith('.partial') && name !== current);
  const keep = new Set([current, complete.at(-1)]);
  for (const name of entries) {
    if (!keep.has(name)) await rm(join(versions, name), { recursive: true, force: true });
  }
}
