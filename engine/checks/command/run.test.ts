import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { policy } from '../../schema/index.ts';
import { testContext } from '../test-support/context.ts';
import { commandCheck } from './run.ts';
import { commandEvidence } from './spec.ts';

const allowed = policy.parse({ allowCommands: true });
let orgDir: string;

beforeAll(() => {
  orgDir = mkdtempSync(join(tmpdir(), 'attest-command-'));
  writeFileSync(join(orgDir, 'VERSION'), '3.4.1\n');
});

afterAll(() => {
  rmSync(orgDir, { recursive: true, force: true });
});

function run(
  target: string,
  expect: z.input<typeof commandEvidence>['expect'] = {},
  options: { allow?: boolean; timeoutMs?: number } = {},
) {
  const check = commandEvidence.parse({ check: 'command', target, expect });
  const context = testContext(target, {
    orgDir,
    timeoutMs: options.timeoutMs ?? 5_000,
    policy: options.allow === false ? policy.parse({}) : allowed,
  });
  return commandCheck.run(check, context);
}

describe('command check', () => {
  it('is skipped, naming policy.allowCommands, unless the policy allows commands', async () => {
    const outcome = await run('true', {}, { allow: false });
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain('policy.allowCommands');
  });

  it('passes when the command exits 0', async () => {
    const outcome = await run('true');
    expect(outcome).toMatchObject({
      status: 'pass',
      observed: { exitCode: 0 },
      message: 'the command exited 0',
    });
  });

  it('runs in the organisation directory and matches stdout line by line', async () => {
    const outcome = await run('echo checking; cat VERSION', { stdout: '^3\\.\\d+\\.\\d+$' });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('its output matches');
  });

  it('passes when the expected non-zero exit code comes back', async () => {
    expect((await run('exit 3', { exitCode: 3 })).status).toBe('pass');
  });

  it('fails on another exit code, with the last line of stderr', async () => {
    const outcome = await run(
      'echo "starting" >&2; echo "config invalid: tls.minVersion" >&2; false',
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'the command exited 1, expected exit 0 (config invalid: tls.minVersion)',
    );
    expect(outcome.observed).toEqual({
      exitCode: 1,
      stderr: 'starting\nconfig invalid: tls.minVersion',
    });
    expect(outcome.hint).toBeTruthy();
  });

  it('fails when stdout does not match, showing what it printed', async () => {
    const outcome = await run('echo "mfa: optional"', { stdout: '^mfa: required$' });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe('its output does not match /^mfa: required$/');
    expect(outcome.observed).toEqual({ exitCode: 0, stdout: 'mfa: optional' });
  });

  it('keeps only the first 64 KiB of a flood of output', async () => {
    const outcome = await run('head -c 300000 /dev/zero | tr "\\0" "a"; echo; echo done', {
      stdout: 'done',
    });
    expect(outcome.status).toBe('fail');
    expect((outcome.observed as { stdout: string }).stdout.length).toBeLessThanOrEqual(1_000);
  });

  it('errors when the command is not found', async () => {
    await expect(run('attest-no-such-program --version')).rejects.toThrow(
      /^the command was not found \(exit 127\): .*attest-no-such-program.*not found/,
    );
  });

  it('errors on a timeout and kills the whole process group', async () => {
    const beats = join(orgDir, 'heartbeat');
    await expect(
      run(
        `(while :; do echo beat >> ${beats}; sleep 0.05; done) & while [ ! -s ${beats} ]; do sleep 0.01; done; sleep 30`,
        {},
        { timeoutMs: 300 },
      ),
    ).rejects.toThrow('the command did not finish within 300 ms and was killed');
    // Whatever the background loop wrote before the kill, it writes nothing after it.
    const written = () => (existsSync(beats) ? readFileSync(beats, 'utf8') : '');
    const afterKill = written();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(written()).toBe(afterKill);
  });

  it('does not wait for a background process that keeps the output open', async () => {
    const marker = join(orgDir, 'background-finished');
    const leader = join(orgDir, 'group');
    const outcome = await run(`echo $$ > ${leader}; (sleep 30; touch ${marker}) & echo started`, {
      stdout: 'started',
    });
    // The shell led its own process group; end the background process the check left behind.
    process.kill(-Number(readFileSync(leader, 'utf8')), 'SIGKILL');
    expect(outcome.status).toBe('pass');
    expect(existsSync(marker), 'the verdict came before the background process ended').toBe(false);
  });
});
