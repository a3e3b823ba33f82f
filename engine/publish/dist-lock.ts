import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';

/** How one holder identifies itself in the lock file. */
interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

/** Options of {@link withDistLock}. */
export interface DistLockOptions {
  /** Told once when the lock is held by another live process and this one starts waiting. */
  onWait?: (holder: LockOwner) => void;
  /** How long to wait for another publisher before giving up (default 15 minutes). */
  timeoutMs?: number;
}

/** Another publisher held the lock for longer than the caller was willing to wait. */
export class DistLockTimeoutError extends Error {
  override name = 'DistLockTimeoutError';
}

/** Whether a process with this id still runs on this machine. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string'
      ? { pid: owner.pid, host: owner.host, token: String(owner.token ?? '') }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Tries once to create the lock file exclusively; true when this process now holds it. */
async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(JSON.stringify(owner));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Removes a lock whose holder died (its pid no longer runs on this host). The lock is first
 * moved aside under a name of its own, so two waiters cannot both break it; if what was
 * moved is not the dead holder's lock after all (another waiter broke it and took a fresh
 * one in between), it is put back.
 */
async function breakStaleLock(path: string, stale: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  if (moved !== stale) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

/**
 * Runs `task` while holding the publication lock `path` (a file created exclusively,
 * holding the owner's pid and host), so that only one process at a time stages, records
 * and switches an output directory. A second publisher waits for the first, telling
 * `onWait` once; a lock left by a process that died is taken over; after `timeoutMs` the
 * wait fails with {@link DistLockTimeoutError}. The lock is released when `task` settles.
 */
export async function withDistLock<T>(
  path: string,
  task: () => Promise<T>,
  options: DistLockOptions = {},
): Promise<T> {
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    token: Math.random().toString(36).slice(2),
  };
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let told = false;
  while (!(await tryCreate(path, owner))) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const holder = parseOwner(text);
    // An unreadable lock is one being written this instant, unless it has been so for long.
    const abandoned =
      !holder && Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? 0) > 10_000;
    if (abandoned || (holder && holder.host === owner.host && !isAlive(holder.pid))) {
      await breakStaleLock(path, text);
      continue;
    }
    if (Date.now() > deadline)
      throw new DistLockTimeoutError(
        `another publication (${holder ? `pid ${holder.pid} on ${holder.host}` : 'unknown'}) still holds ${path}; if no such process runs, delete that file`,
      );
    if (holder && !told) {
      told = true;
      options.onWait?.(holder);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    return await task();
  } finally {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined && parseOwner(text)?.token === owner.token)
      await rm(path, { force: true });
  }
}
