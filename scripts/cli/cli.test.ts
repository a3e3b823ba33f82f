import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyOrganisation, repoRoot } from '../../engine/fs/test-organisations.ts';
import { runAttest } from './test-support/run-attest.ts';

const root = repoRoot;
const scratch = mkdtempSync(join(tmpdir(), 'attest-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the real `attest` binary and returns what a user would see. */
const attest = (args: string[], cwd = root) => runAttest(args, cwd);

describe('attest CLI', () => {
  it('lists every command, and every option of a command', async () => {
    const main = await attest(['--help']);
    expect(main.code).toBe(0);
    for (const command of ['validate', 'serve', 'schema'])
      expect(main.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    const validate = await attest(['validate', '--help']);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('--dir DIR');
    expect(validate.stdout).toContain('--format FORMAT');
    expect(validate.stdout).toContain('pretty|json');
  });

  it('keeps every flag apart from its description, and offers --ca wherever checks run', async () => {
    for (const command of ['check', 'build', 'serve']) {
      const help = await attest([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^ {2}--resolve HOST:IP\[:PORT\] {2,}For the checks/m);
      expect(help.stdout).toMatch(/^ {2}--ca FILE {2,}For the checks: also trust/m);
      expect(help.stdout).toMatch(
        /^Usage: .*\[--resolve HOST:IP\[:PORT\]\]\.\.\. .*\[--ca FILE\]\.\.\./m,
      );
      for (const line of help.stdout.split('\n').filter((text) => /^ {2}-/.test(text)))
        expect(line, `${command}: ${line}`).toMatch(/^ {2}\S.*?\S( {2,}\S|$)/);
    }
  });

  it('validates the bundled organisation with exit code 0', async () => {
    const result = await attest(['validate']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✓ no problems \(\d+ controls, \d+ files read\)$/m);
  });

  it('prints each problem as path:line:col severity message [code] with a hint, and exits 1', async () => {
    const dir = copyOrganisation('examples/picsui', join(scratch, 'broken'));
    const file = join(dir, 'policies/trust-center.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^website:/m, 'webiste:'));
    const line =
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((text) => text.startsWith('webiste:')) + 1;

    const result = await attest(['validate', '--dir', 'broken'], scratch);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `broken/policies/trust-center.yaml:${line}:1  error  unknown key "webiste"  [schema-unknown-key]\n  hint: did you mean "website"?`,
    );
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(
      /^✖ 1 error \(\d+ controls, \d+ files read\)$/,
    );

    const json = await attest(['validate', '--dir', 'broken', '--format', 'json'], scratch);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: false, errors: 1, warnings: 0 });
    expect(report.diagnostics[0]).toMatchObject({
      file: 'broken/policies/trust-center.yaml',
      line,
      column: 1,
      code: 'schema-unknown-key',
    });
  });

  it('exits 2 with a clear message, and no stack trace, for usage and runtime errors', async () => {
    const unknownOption = await attest(['validate', '--frmat', 'json']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("Unknown option '--frmat'");
    expect(unknownOption.stderr).toContain('attest validate --help');

    const badChoice = await attest(['validate', '--format', 'xml']);
    expect(badChoice.code).toBe(2);
    expect(badChoice.stderr).toContain('--format must be one of pretty, json');

    const unknownCommand = await attest(['valdate']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('unknown command "valdate"');

    const missingDir = await attest(['validate', '--dir', join(scratch, 'nope')]);
    expect(missingDir.code).toBe(2);
    expect(missingDir.stderr).toMatch(/nope is not a directory/);
    const adminMissingDir = await attest([
      'admin',
      'create',
      '--email',
      'ada@example.com',
      '--dir',
      join(scratch, 'missing-org'),
    ]);
    expect(adminMissingDir.code).toBe(2);
    expect(adminMissingDir.stderr).toMatch(/missing-org is not a directory/);
    expect(existsSync(join(scratch, 'missing-org'))).toBe(false);
    for (const result of [unknownOption, badChoice, unknownCommand, missingDir, adminMissingDir])
      expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
