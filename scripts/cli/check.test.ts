import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import AjvDraft04Module from 'ajv-draft-04';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOrganisation, repoRoot } from '../../engine/fs/test-organisations.ts';
import { minimalOrganisation } from '../../engine/load/test-fixture.ts';
import { openStore } from '../../engine/store/open-store.ts';
import { runAttest } from './test-support/run-attest.ts';

const bin = join(repoRoot, 'scripts/attest.mjs');
/** The official SARIF 2.1.0 schema is draft-04; ajv-draft-04 is CommonJS whose export is the class. */
const AjvDraft04 = AjvDraft04Module as unknown as typeof AjvDraft04Module.default;
const scratch = mkdtempSync(join(tmpdir(), 'attest-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const attest = (args: string[], cwd = scratch) => runAttest(args, cwd);

/** Writes the minimal organisation plus `controls` (id → evidence YAML) to a new directory. */
function writeOrganisation(
  name: string,
  controls: Record<string, string>,
  visibility = 'public',
): string {
  const dir = join(scratch, name);
  const files = minimalOrganisation().filter((file) => !file.path.startsWith('controls/'));
  for (const [id, evidence] of Object.entries(controls)) {
    files.push({
      path: `controls/${id}.yaml`,
      text: `id: ${id}\ntitle: Control ${id}\ncategory: encryption\nversion: 1\nupdated: 2026-01-01\nowner: security@acme.example\nvisibility: ${visibility}\nstatus: implemented\nclaim: A claim.\nevidence:\n${evidence.replace(/^/gm, '  ')}\nchangelog:\n  - { version: 1, date: 2026-01-01, note: First }\n`,
    });
  }
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
  }
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ tls: { min: 'TLSv1.2' } }));
  return dir;
}

const passing =
  '- id: min-tls\n  check: config\n  target: settings.json\n  expect: { path: tls.min, equals: TLSv1.2 }';
const failing =
  '- id: want-13\n  check: config\n  target: settings.json\n  expect: { path: tls.min, equals: TLSv1.3 }';
const erroring =
  '- id: gone\n  check: config\n  target: missing.json\n  expect: { path: tls.min, equals: TLSv1.2 }';

describe('attest check', () => {
  beforeAll(() => {
    writeOrganisation('mixed', {
      'good-control': passing,
      'bad-control': failing,
      'broken-control': erroring,
    });
  });

  it('exits 1 when a public claim is contradicted, grouping failures first with a hint', async () => {
    const result = await attest(['check', '--dir', 'mixed']);
    expect(result.code).toBe(1);
    const firstControl = result.stdout.split('\n').find((line) => /^[✖✓!] /.test(line));
    expect(firstControl).toMatch(/^✖ bad-control/);
    expect(result.stdout).toContain('"value":"TLSv1.2"');
    expect(result.stdout).toContain('expected: ');
    expect(result.stdout).toContain('3 checks: 1 passed, 1 failed, 1 error, 0 waived, 0 skipped');
    expect(result.stdout).toMatch(/✖ 1 public or gated claim contradicted: bad-control/);
    expect(result.stdout).toMatch(
      /⚠ 1 control could not be verified \(checks errored\): broken-control/,
    );
    expect(result.stderr).toMatch(/\[3\/3\]/);
  });

  it('exits 0 when checks only error, but says so prominently', async () => {
    writeOrganisation('errors-only', { 'good-control': passing, 'broken-control': erroring });
    const result = await attest(['check', '--dir', 'errors-only']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('could not be verified');
  });

  it('ignores internal controls for the exit code', async () => {
    writeOrganisation('internal', { 'secret-control': failing }, 'internal');
    expect((await attest(['check', '--dir', 'internal'])).code).toBe(0);
  });

  it('writes JSON with every result and its evidence location, and nothing else on the streams', async () => {
    const result = await attest(['check', '--dir', 'mixed', '--format', 'json']);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.summary).toMatchObject({ pass: 1, fail: 1, error: 1 });
    const bad = report.results.find((r: { controlId: string }) => r.controlId === 'bad-control');
    expect(bad).toMatchObject({
      status: 'fail',
      check: 'config',
      observed: { value: 'TLSv1.2' },
      location: { file: 'mixed/controls/bad-control.yaml', line: 11 },
    });
  });

  it('writes JUnit with one testsuite per control and the standard count attributes', async () => {
    const result = await attest([
      'check',
      '--dir',
      'mixed',
      '--format',
      'junit',
      '--out',
      join(scratch, 'report.xml'),
    ]);
    expect(result.stdout).toBe('');
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      readFileSync(join(scratch, 'report.xml'), 'utf8'),
    );
    const root = xml.testsuites;
    expect(root).toMatchObject({ tests: '3', failures: '1', errors: '1', skipped: '0' });
    expect(Number.isFinite(Number(root.time))).toBe(true);
    const suites = [root.testsuite].flat();
    expect(suites.map((suite: { name: string }) => suite.name).sort()).toEqual([
      'bad-control',
      'broken-control',
      'good-control',
    ]);
    for (const suite of suites) {
      for (const attribute of ['tests', 'failures', 'errors', 'skipped', 'time', 'timestamp'])
        expect(suite).toHaveProperty(attribute);
    }
    const bad = suites.find((suite: { name: string }) => suite.name === 'bad-control');
    expect(bad.testcase.failure.message).toContain('TLSv1.3');
  });

  it('writes SARIF 2.1.0 that validates against the official schema, located at the evidence line', async () => {
    const result = await attest(['check', '--dir', 'mixed', '--format', 'sarif']);
    const sarif = JSON.parse(result.stdout);
    const schema = JSON.parse(
      readFileSync(
        join(repoRoot, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
        'utf8',
      ),
    );
    const validate = new AjvDraft04({
      allErrors: true,
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    }).compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const results = sarif.runs[0].results;
    expect(
      results.map((r: { ruleId: string; level: string }) => `${r.ruleId} ${r.level}`).sort(),
    ).toEqual(['attest/config error', 'attest/config warning']);
    const failure = results.find((r: { level: string }) => r.level === 'error');
    expect(failure.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'mixed/controls/bad-control.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 11, startColumn: 5 },
    });
    // GitHub code scanning (rule GH2012) wants every rule described in full, with help.
    for (const rule of sarif.runs[0].tool.driver.rules) {
      expect(rule.fullDescription.text.length, rule.id).toBeGreaterThan(40);
      expect(rule.help.text, rule.id).toMatch(/Fix the configuration/);
      expect(rule.help.markdown, rule.id).toContain('| `expect` field |');
    }
    const config = sarif.runs[0].tool.driver.rules.find(
      (rule: { id: string }) => rule.id === 'attest/config',
    );
    expect(config.fullDescription.text).toMatch(/^Reads one value from a configuration file\./);
    expect(config.help.markdown).toContain('| `path` | string | yes |');
  });

  it('locates SARIF results relative to the repository root, wherever it runs and whatever --dir is', async () => {
    const repo = join(scratch, 'company');
    writeOrganisation('company/security/trust', { 'bad-control': failing });
    await promisify(execFile)('git', ['init', '-q'], { cwd: repo });
    const uris = async (args: string[], cwd: string) => {
      const result = await attest(['check', '--format', 'sarif', ...args], cwd);
      expect(result.code).toBe(1);
      return JSON.parse(result.stdout).runs[0].results.map(
        (r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
          r.locations[0]?.physicalLocation.artifactLocation.uri,
      );
    };
    const expected = ['security/trust/controls/bad-control.yaml'];
    expect(await uris(['--dir', 'company/security/trust'], scratch)).toEqual(expected);
    expect(await uris([], join(repo, 'security/trust'))).toEqual(expected);
    expect(await uris(['--dir', 'trust'], join(repo, 'security'))).toEqual(expected);
  });

  it('stores every run; two concurrent runs on one database both complete', async () => {
    const db = join(scratch, 'shared.db');
    const [first, second] = await Promise.all([
      attest(['check', '--dir', 'mixed', '--db', db, '--format', 'json']),
      attest(['check', '--dir', 'mixed', '--db', db, '--format', 'json']),
    ]);
    expect([first.code, second.code]).toEqual([1, 1]);
    const store = await openStore(db);
    try {
      const runs = await store.checkHistory.listRuns(100);
      const results = await Promise.all(runs.map((run) => store.checkHistory.resultsOfRun(run.id)));
      expect(runs).toHaveLength(2);
      expect(results.flat()).toHaveLength(6);
    } finally {
      await store.close();
    }
  });

  it('exits 1 on an expired attestation of a public claim, exactly where the build blocks', async () => {
    const expired =
      '- attestation:\n    statement: Annual penetration test; no open findings.\n    by: cto@acme.example\n    date: 2025-01-10\n    expires: 2026-01-10';
    writeOrganisation('expired-attestation', { 'good-control': passing, 'pen-test': expired });
    const db = join(scratch, 'expired-attestation.db');
    const check = await attest(['check', '--dir', 'expired-attestation', '--db', db]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(
      /Attestations no longer current \(the build refuses these claims too\):\n {2}pen-test: /,
    );
    const build = await attest(['build', '--dir', 'expired-attestation', '--db', db]);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('✖ pen-test — Control pen-test (public)');
    expect(build.stderr).toMatch(/nothing was published/);

    writeOrganisation('current-attestation', {
      'good-control': passing,
      'pen-test': expired
        .replace('date: 2025-01-10', 'date: 2026-06-01')
        .replace('expires: 2026-01-10', 'expires: 2027-06-01'),
    });
    expect((await attest(['check', '--dir', 'current-attestation'])).code).toBe(0);
  });

  it('rejects bad options with exit 2', async () => {
    expect((await attest(['check', '--dir', 'mixed', '--resolve', 'nonsense'])).stderr).toContain(
      'is not HOST:IP[:PORT]',
    );
    expect((await attest(['check', '--dir', 'mixed', '--control', 'nope'])).code).toBe(2);
    expect((await attest(['check', '--dir', 'mixed', '--concurrency', '0'])).code).toBe(2);
  });
});

describe('the bundled organisation', () => {
  let server: ChildProcess;
  let port = 0;
  beforeAll(async () => {
    const bundled = copyOrganisation('.', join(scratch, 'bundled-served'));
    server = spawn('node', [bin, 'serve', '--dir', bundled, '--port', '0'], { cwd: scratch });
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server.stdout?.on('data', (chunk) => {
        out += chunk;
        const match = /:(\d+)\n/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
  });
  afterAll(() => server.kill('SIGTERM'));

  it('passes every automated check against its own locally served trust center', async () => {
    const result = await attest([
      'check',
      '--dir',
      repoRoot,
      '--resolve',
      `127.0.0.1:127.0.0.1:${port}`,
      '--db',
      join(scratch, 'bundled.db'),
      '--format',
      'json',
    ]);
    const report = JSON.parse(result.stdout);
    const notPassing = report.results.filter((r: { status: string }) => r.status !== 'pass');
    expect(notPassing).toEqual([]);
    expect(report.results.length).toBeGreaterThanOrEqual(12);
    expect(result.code).toBe(0);
  });
});
