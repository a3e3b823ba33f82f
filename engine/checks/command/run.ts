import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { type CheckContext, CheckError, type CheckModule, verdict } from '../types.ts';

/** At most this much of stdout (its start) and stderr (its end) is kept. */
const captureLimit = 64 * 1024;
/** How long to wait for output after the shell exits, when a background process holds the pipes. */
const drainGraceMs = 100;

interface Finished {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Collects a stream up to the cap, keeping its head or its tail, and keeps draining the rest. */
function capture(stream: Readable, keep: 'head' | 'tail'): () => string {
  let buffer = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    if (keep === 'head') {
      if (buffer.length < captureLimit)
        buffer = Buffer.concat([buffer, chunk]).subarray(0, captureLimit);
    } else {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length > captureLimit) buffer = buffer.subarray(buffer.length - captureLimit);
    }
  });
  return () => buffer.toString('utf8');
}

/** Kills the command's whole process group (the shell and everything it started). */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/** Runs `command` through `/bin/sh -c` in the organisation directory, bounded by the check's signal. */
function runShell(command: string, context: CheckContext): Promise<Finished> {
  const timeout = () =>
    new CheckError(`the command did not finish within ${context.timeoutMs} ms and was killed`, {
      hint: "make the command faster, or raise the timeout (--timeout or the check's timeout:)",
    });
  if (context.signal.aborted) return Promise.reject(timeout());
  return new Promise<Finished>((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: context.orgDir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = capture(child.stdout, 'head');
    const stderr = capture(child.stderr, 'tail');
    let exit: Pick<Finished, 'exitCode' | 'signal'> | undefined;
    let settled = false;
    const settle = (outcome: Finished | CheckError) => {
      if (settled) return;
      settled = true;
      context.signal.removeEventListener('abort', onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      if (outcome instanceof CheckError) reject(outcome);
      else resolve(outcome);
    };
    const finish = () => {
      if (exit) settle({ ...exit, stdout: stdout(), stderr: stderr() });
    };
    const onAbort = () => {
      killGroup(child.pid);
      settle(timeout());
    };
    context.signal.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) =>
      settle(
        new CheckError(`the command could not be started: ${error.message}`, { cause: error }),
      ),
    );
    child.once('exit', (exitCode, signal) => {
      exit = { exitCode, signal };
      setTimeout(finish, drainGraceMs).unref();
    });
    child.once('close', finish);
  });
}

/** The last few non-empty lines of some output, short enough for a report. */
function lastLines(text: string, count = 5): string {
  return text.trimEnd().split('\n').slice(-count).join('\n').slice(-1_000);
}

/**
 * `command`: runs the target through `/bin/sh -c` in the organisation directory and checks its
 * exit code (`exitCode`, default 0) and standard output (`stdout`, a regular expression where
 * `^`/`$` match at line breaks). Skipped unless the policy sets `allowCommands: true`. A command
 * that is not found (exit 127) or cannot be executed (126), or that outlives the timeout (its
 * whole process group is killed), is an error.
 */
export const commandCheck: CheckModule<'command'> = {
  type: 'command',
  async run(check, context) {
    const expectedExit = check.expect.exitCode ?? 0;
    const expected = { ...check.expect, exitCode: expectedExit };
    if (!context.policy.allowCommands) {
      return {
        status: 'skipped',
        observed: null,
        expected,
        message: 'command checks do not run unless policy.allowCommands is true',
        hint: 'set allowCommands: true in policies/policy.yaml on machines where these commands may run',
      };
    }
    const result = await runShell(context.target, context);
    const stderrTail = lastLines(result.stderr);
    const observed: Record<string, unknown> = { exitCode: result.exitCode };
    if (result.signal) observed.signal = result.signal;
    if (stderrTail) observed.stderr = stderrTail;

    if ((result.exitCode === 127 || result.exitCode === 126) && expectedExit !== result.exitCode) {
      const why = result.exitCode === 127 ? 'was not found' : 'could not be executed';
      throw new CheckError(
        `the command ${why} (exit ${result.exitCode})${stderrTail ? `: ${lastLines(stderrTail, 1)}` : ''}`,
        {
          hint: 'install the program on this machine or fix the command line',
          observed,
        },
      );
    }

    const problems: string[] = [];
    if (result.exitCode !== expectedExit) {
      const ended =
        result.exitCode === null ? `was killed by ${result.signal}` : `exited ${result.exitCode}`;
      problems.push(
        `the command ${ended}, expected exit ${expectedExit}${stderrTail ? ` (${lastLines(stderrTail, 1)})` : ''}`,
      );
    }
    if (
      check.expect.stdout !== undefined &&
      !new RegExp(check.expect.stdout, 'm').test(result.stdout)
    ) {
      problems.push(`its output does not match /${check.expect.stdout}/`);
      observed.stdout = lastLines(result.stdout);
    }
    const output =
      check.expect.stdout === undefined ? '' : ` and its output matches /${check.expect.stdout}/`;
    return verdict(
      problems,
      observed,
      expected,
      `the command exited ${expectedExit}${output}`,
      'run the command in the organisation directory to see why it fails',
    );
  },
};
