import { execFile } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testContext } from '../test-support/context.ts';
import { fileCheck } from './run.ts';
import { fileEvidence } from './spec.ts';

const now = new Date('2026-10-21T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
let orgDir: string;

/** Writes a file under orgDir with a given size and modification time. */
function writeFile(path: string, bytes: number, modifiedHoursAgo: number): void {
  const full = join(orgDir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, 'x'.repeat(bytes));
  utimesSync(full, hoursAgo(modifiedHoursAgo), hoursAgo(modifiedHoursAgo));
}

beforeAll(() => {
  orgDir = mkdtempSync(join(tmpdir(), 'attest-file-'));
  chmodSync(orgDir, 0o755);
  writeFile('backups/2026-10-19.tar.gz', 4_000, 50);
  writeFile('backups/2026-10-21.tar.gz', 2_000, 3);
  writeFile('backups/2026-10-20.tar.gz', 3_000, 27);
  writeFile('backups/.partial.tar.gz', 10, 0.1);
  writeFile('reports/pentest.pdf', 120, 24 * 200);
  writeFile('.env', 5, 1);
  mkdirSync(join(orgDir, 'loops'));
  symlinkSync('b', join(orgDir, 'loops', 'a'));
  symlinkSync('a', join(orgDir, 'loops', 'b'));
});

afterAll(() => {
  rmSync(orgDir, { recursive: true, force: true });
});

function run(target: string, expect: z.input<typeof fileEvidence>['expect'] = {}) {
  const check = fileEvidence.parse({ check: 'file', target, expect });
  return fileCheck.run(check, testContext(target, { orgDir, now }));
}

describe('file check', () => {
  it('passes for a recent, large enough file and reports its age and size', async () => {
    const outcome = await run('backups/2026-10-21.tar.gz', { maxAgeHours: 24, minBytes: 1_000 });
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toEqual({
      matches: 1,
      newest: 'backups/2026-10-21.tar.gz',
      ageHours: 3,
      bytes: 2_000,
    });
    expect(outcome.message).toBe('backups/2026-10-21.tar.gz is 3 hours old and 2000 bytes');
  });

  it('judges a glob by its newest match by modification time, not by name, and skips dot files', async () => {
    const outcome = await run('backups/*.tar.gz', { maxAgeHours: 24 });
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({ matches: 3, newest: 'backups/2026-10-21.tar.gz' });
    expect(outcome.message).toBe(
      '3 files match backups/*.tar.gz; the newest, backups/2026-10-21.tar.gz, is 3 hours old and 2000 bytes',
    );
  });

  it('reads a dot file named explicitly', async () => {
    expect((await run('.env')).status).toBe('pass');
  });

  it('accepts an absolute path', async () => {
    const outcome = await run(join(orgDir, 'reports/pentest.pdf'));
    expect(outcome.status).toBe('pass');
    expect(outcome.observed).toMatchObject({ newest: 'reports/pentest.pdf' });
  });

  it('fails when the newest match is too old', async () => {
    const outcome = await run('reports/*.pdf', { maxAgeHours: 24 * 90 });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'the newest match, reports/pentest.pdf, is 4800 hours old (maximum 2160)',
    );
    expect(outcome.hint).toBeTruthy();
  });

  it('fails when the newest match is too small', async () => {
    const outcome = await run('backups/*.tar.gz', { minBytes: 3_000 });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('backups/2026-10-21.tar.gz, is 2000 bytes (minimum 3000)');
  });

  it('fails (not errors) when nothing matches', async () => {
    const outcome = await run('logs/*.log');
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe('nothing matches logs/*.log');
    expect(outcome.observed).toEqual({ matches: 0 });
  });

  it('does not count a directory as a file, and says how to look inside it', async () => {
    const outcome = await run('backups');
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('it is a directory; use backups/**');
  });

  it('with exists: false, passes when nothing matches and fails when something does', async () => {
    expect((await run('secrets/*.pem', { exists: false })).status).toBe('pass');
    const outcome = await run('backups/*.tar.gz', { exists: false });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('matches 3 files');
    expect(outcome.observed).toMatchObject({ matches: 3 });
  });

  it('errors on a path or glob that climbs out of the organisation directory', async () => {
    await expect(run('../outside.txt')).rejects.toThrow('leaves the organisation directory');
    await expect(run('../*/secret.txt')).rejects.toThrow('can leave the organisation directory');
    await expect(run('backups/*/../../../x')).rejects.toThrow(
      'can leave the organisation directory',
    );
  });

  it('errors when a path cannot be read (a symbolic link loop)', async () => {
    await expect(run('loops/a')).rejects.toThrow('cannot read loops/a: symbolic link loop');
    await expect(run('loops/*')).rejects.toThrow('symbolic link loop');
  });

  it('errors on a directory it may not read, also when the tests run as root', async () => {
    mkdirSync(join(orgDir, 'locked'));
    chmodSync(join(orgDir, 'locked'), 0o000);
    try {
      const thrown = (target: string) =>
        process.getuid?.() === 0
          ? runAsNobody(target)
          : run(target).then(
              () => undefined,
              (error: Error) => error.message,
            );
      expect(await thrown('locked/*.log')).toBe('cannot read locked: permission denied');
      expect(await thrown('locked/backup.log')).toBe(
        'cannot read locked/backup.log: permission denied',
      );
    } finally {
      chmodSync(join(orgDir, 'locked'), 0o755);
    }
  });
});

/**
 * Root reads every directory whatever its mode, so as root the check runs in a child process
 * that `setpriv` has switched to the unprivileged user `nobody`: the same module, a real
 * EACCES. Resolves to the message the check threw, or `undefined` when it returned.
 */
function runAsNobody(target: string): Promise<string | undefined> {
  const module = (path: string) =>
    JSON.stringify(pathToFileURL(join(import.meta.dirname, path)).href);
  const script = `
    const { fileCheck } = await import(${module('run.ts')});
    const { fileEvidence: evidence } = await import(${module('spec.ts')});
    const { testContext } = await import(${module('../test-support/context.ts')});
    const [target, orgDir, now] = process.argv.slice(-3);
    const check = evidence.parse({ check: 'file', target, expect: {} });
    const context = testContext(target, { orgDir, now: new Date(now) });
    const thrown = await fileCheck.run(check, context).then(() => null, (error) => error.message);
    process.stdout.write(JSON.stringify({ thrown }));`;
  const args = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'];
  args.push(process.execPath, '--import', 'tsx', '--input-type=module', '-e', script);
  args.push('--', target, orgDir, now.toISOString());
  return new Promise((resolve, reject) => {
    execFile('setpriv', args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the check as nobody failed: ${stderr || error.message}`));
      else resolve((JSON.parse(stdout) as { thrown: string | null }).thrown ?? undefined);
    });
  });
}
