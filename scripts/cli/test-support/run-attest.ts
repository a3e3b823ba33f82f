import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../../engine/fs/test-organisations.ts';
import { pinnedClockEnv } from '../../../engine/test-support/clock.ts';

/** What a user sees from one run of the CLI. */
export interface AttestRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `attest` binary in `cwd` (without colour, on the tests' pinned clock unless
 * `env` sets another) and returns what a user would see.
 */
export async function runAttest(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<AttestRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'node',
      [join(repoRoot, 'scripts/attest.mjs'), ...args],
      {
        cwd,
        env: { ...process.env, NO_COLOR: '1', ...pinnedClockEnv(), ...env },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as AttestRun;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
