import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../../../engine/fs/test-organisations.ts';
import { pinnedClockEnv } from '../../../engine/test-support/clock.ts';

/** A running `attest serve` child process. */
export interface ServeProcess {
  child: ChildProcess;
  /** The address it printed, e.g. `http://127.0.0.1:4321`. */
  url: string;
  stderr: () => string;
  stdout: () => string;
  /** The time on the server's (pinned) clock, e.g. for a one-time code it will accept. */
  now: () => number;
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts the real `attest serve …args` in `cwd`, on the tests' pinned clock, and resolves
 * once it prints the address it listens on; rejects with its stderr when it exits first.
 */
export function startServe(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<ServeProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    ...pinnedClockEnv(),
    ...options.env,
  };
  const pinned = Date.parse(env.ATTEST_TEST_CLOCK ?? '');
  const offset = Number.isFinite(pinned) ? pinned - Date.now() : 0;
  const now = () => Date.now() + offset;
  const child = spawn('node', [join(repoRoot, 'scripts/attest.mjs'), 'serve', ...args], {
    cwd: options.cwd,
    env,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolveStart, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const url = /at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolveStart({ child, url, stderr: () => stderr, stdout: () => stdout, now });
    });
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

/** Polls `ready` until it holds, failing with `log()` (the server's log) after `timeoutMs`. */
export async function waitFor(
  ready: () => boolean | Promise<boolean>,
  log: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out; server log:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Stops the server with SIGTERM and resolves with its exit code. */
export async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}
