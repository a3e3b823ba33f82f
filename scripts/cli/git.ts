import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The commit checked out in `dir` and its commit time, or undefined outside a git repository. */
export async function gitHead(
  dir: string,
): Promise<{ commit: string; committedAt: string } | undefined> {
  try {
    const { stdout } = await promisify(execFile)('git', ['log', '-1', '--format=%H %cI'], {
      cwd: dir,
    });
    const [commit, committedAt] = stdout.trim().split(' ');
    return commit && committedAt
      ? { commit, committedAt: new Date(committedAt).toISOString() }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The prefix that leads from the root of the git repository holding `dir` to `dir`
 * (`trust/`, or `''` at the root), or undefined outside a git repository.
 */
export async function repositoryPrefix(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', '--show-prefix'], {
      cwd: dir,
    });
    return stdout.trim();
  } catch {
    return undefined;
  }
}
