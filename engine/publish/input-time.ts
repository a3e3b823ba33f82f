import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { CheckResult } from '../checks/result.ts';
import type { Clock } from './clock.ts';

/**
 * Files that never reach the snapshot: the auto-approval rules and the CRM exports they
 * name. A new export must not move the trust page's time.
 */
const notSnapshotInput = /^policies[\\/](?:access\.ya?ml$|.+\.csv$)/i;

/** Modification time of the newest organisation file that feeds the snapshot (ISO). */
async function newestFileChange(dir: string): Promise<string | undefined> {
  let newest = 0;
  for (const folder of ['controls', 'policies']) {
    const entries = await readdir(join(dir, folder), {
      recursive: true,
      withFileTypes: true,
    }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath ?? entry.path, entry.name);
      if (notSnapshotInput.test(relative(dir, path))) continue;
      newest = Math.max(newest, (await stat(path)).mtimeMs);
    }
  }
  return newest ? new Date(Math.floor(newest / 1000) * 1000).toISOString() : undefined;
}

/**
 * When the snapshot's inputs last changed: the clock's output time when set (reproducible
 * builds), else the newest of check result, file change and commit — never the build's clock.
 */
export async function inputTime(
  dir: string,
  results: readonly CheckResult[],
  committedAt: string | undefined,
  clock: Clock,
): Promise<string> {
  if (clock.outputTime) return clock.outputTime.toISOString();
  const candidates = [
    ...results.map((result) => result.at),
    committedAt,
    await newestFileChange(dir),
  ].filter((time): time is string => Boolean(time));
  return candidates.sort().at(-1) ?? new Date(0).toISOString();
}
