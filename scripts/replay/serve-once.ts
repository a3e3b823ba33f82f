import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../engine/fs/test-organisations.ts';

/** A running `attest serve` that a replay talks to. */
export interface Served {
  origin: string;
  pid: number;
  dir: string;
}

/**
 * Starts the real `attest serve` on the organisation in `dir` (port chosen by the system),
 * logging to `dir/serve.log`, and resolves once it listens. The server and `dir` are removed
 * when this process exits.
 */
export async function serveForReplay(
  dir: string,
  env: Record<string, string> = {},
): Promise<Served> {
  const logFile = join(dir, 'serve.log');
  const log = openSync(logFile, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, 'scripts', 'attest.mjs'), 'serve', '--dir', dir, '--port', '0'],
    {
      cwd: dir,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        ATTEST_SECRET: 'replay-secret-replay-secret-replay-secret',
        ATTEST_RESULTS_POLL_MS: '600000',
        ...env,
      },
    },
  );
  closeSync(log);
  child.unref();
  process.once('exit', () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const text = readFileSync(logFile, 'utf8');
    const match = /Trust center at (http:\/\/\S+)/.exec(text);
    if (match?.[1]) return { origin: match[1], pid: child.pid ?? 0, dir };
    if (child.exitCode !== null) throw new Error(`attest serve exited: ${text.slice(-300)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('attest serve did not start within 4 minutes');
}
