import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalOrganisation } from '../../engine/load/test-fixture.ts';
import { openStore } from '../../engine/store/open-store.ts';
import { runAttest } from './test-support/run-attest.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-shard-'));
const attest = (args: string[]) => runAttest(args, scratch);
const dir = join(scratch, 'org');
const path = (name: string) => join(scratch, name);

interface ReportResult {
  controlId: string;
  evidenceIndex: number;
  status: string;
  at: string;
  override: string | null;
  definition: string;
}
const readReport = (name: string): { results: ReportResult[] } =>
  JSON.parse(readFileSync(path(name), 'utf8'));
const claimStatuses = (dist: string): Record<string, string> =>
  Object.fromEntries(
    JSON.parse(readFileSync(join(dist, 'trust.json'), 'utf8')).controls.map(
      (control: { id: string; status: string }) => [control.id, control.status],
    ),
  );

/** Builds the organisation from the results in `db` (no checks run) into `out`; its claims' statuses. */
async function buildFrom(db: string, out: string): Promise<Record<string, string>> {
  const build = await attest([
    'build',
    '--dir',
    dir,
    '--skip-checks',
    '--db',
    db,
    '--out',
    path(out),
  ]);
  expect(build.code, build.stderr).toBe(0);
  return claimStatuses(path(out));
}

/** Writes the minimal organisation with `controls` (id → evidence YAML) to `dir`. */
function writeOrganisation(controls: Record<string, string>): void {
  const files = minimalOrganisation().filter((file) => !file.path.startsWith('controls/'));
  for (const [id, evidence] of Object.entries(controls)) {
    files.push({
      path: `controls/${id}.yaml`,
      text: `id: ${id}\ntitle: Control ${id}\ncategory: encryption\nversion: 1\nupdated: 2026-01-01\nowner: security@acme.example\nvisibility: public\nstatus: implemented\nclaim: A claim.\nevidence:\n${evidence.replace(/^/gm, '  ')}\nchangelog:\n  - { version: 1, date: 2026-01-01, note: First }\n`,
    });
  }
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
  }
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify({ tls: { min: 'TLSv1.2' }, storage: { encrypted: true }, backups: 'daily' }),
  );
}

const config = (id: string, path: string, equals: string | boolean) =>
  `- id: ${id}\n  check: config\n  target: settings.json\n  expect: { path: ${path}, equals: ${equals} }`;

let server: Server;
let controls: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    response.setHeader('x-frame-options', 'DENY');
    response.end(request.url === '/health' ? 'healthy' : 'welcome');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The config checks' shards are fixed by their definitions (storage in 2/2, backups and
  // tls-settings in 1/2), so each shard always holds a whole control; the http checks'
  // definitions hold the port, so they land in either shard.
  const organisation: Record<string, string> = {
    'tls-settings': [
      config('min-tls', 'tls.min', 'TLSv1.2'),
      config('tls-set', 'tls.min', 'TLSv1.2').replace('equals: TLSv1.2', 'matches: "^TLS"'),
    ].join('\n'),
    storage: config('encrypted', 'storage.encrypted', true),
    backups: config('daily', 'backups', 'daily'),
    website: [
      `- id: home\n  check: http\n  target: ${origin}/\n  expect: { status: 200, headers: { X-Frame-Options: DENY } }`,
      `- id: health\n  check: http\n  target: ${origin}/health\n  expect: { status: 200, bodyContains: healthy }`,
    ].join('\n'),
  };
  controls = Object.keys(organisation);
  writeOrganisation(organisation);
  const shard = (index: number) =>
    attest([
      'check',
      '--dir',
      dir,
      '--shard',
      `${index}/2`,
      '--db',
      path(`shard-${index}.db`),
      '--format',
      'json',
      '--out',
      path(`shard-${index}.json`),
    ]);
  const runs = await Promise.all([shard(1), shard(2)]);
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
}, 60_000);

afterAll(() => {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Controls with a check in the shard's report. */
const controlsIn = (name: string) => new Set(readReport(name).results.map((r) => r.controlId));

describe('attest check --shard', () => {
  it('splits the checks so the shards together run every check exactly once, each passing', () => {
    const one = readReport('shard-1.json').results;
    const two = readReport('shard-2.json').results;
    const key = (r: ReportResult) => `${r.controlId}#${r.evidenceIndex}`;
    const all = [...one, ...two].map(key).sort();
    expect(all).toEqual([
      'backups#0',
      'storage#0',
      'tls-settings#0',
      'tls-settings#1',
      'website#0',
      'website#1',
    ]);
    expect(one.length).toBeGreaterThan(0);
    expect(two.length).toBeGreaterThan(0);
    expect([...one, ...two].every((r) => r.status === 'pass' && r.override === null)).toBe(true);
  });

  it('stores only its own checks, as one run', async () => {
    const store = await openStore(path('shard-1.db'));
    try {
      const runs = await store.checkHistory.listRuns(10);
      expect(runs).toHaveLength(1);
      const stored = await store.checkHistory.resultsOfRun(runs[0]?.id ?? 0);
      expect(stored).toHaveLength(readReport('shard-1.json').results.length);
    } finally {
      await store.close();
    }
  });

  it.each([
    ['3/2', '--shard 3/2: I must be from 1 to N'],
    ['0/2', '--shard 0/2: I must be from 1 to N'],
    ['half', '--shard must look like I/N, e.g. 1/3 (got "half")'],
  ])('refuses --shard %s with exit 2 and says how to write it', async (value, message) => {
    const result = await attest(['check', '--dir', dir, '--shard', value, '--db', path('x.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Run `attest check --help` for usage.');
  });
});

describe('attest results import', () => {
  it('merges both shards into a fresh store so the build shows every claim verified', async () => {
    const db = path('merged.db');
    const imported = await attest([
      'results',
      'import',
      path('shard-1.json'),
      path('shard-2.json'),
      '--dir',
      dir,
      '--db',
      db,
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Imported 6 results in 2 runs from 2 files');
    expect(await buildFrom(db, 'dist-merged')).toEqual(
      Object.fromEntries(controls.map((id) => [id, 'verified'])),
    );
  });

  it('never counts a file twice', async () => {
    const db = path('merged.db');
    const again = await attest([
      'results',
      'import',
      path('shard-1.json'),
      path('shard-2.json'),
      '--db',
      db,
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/shard-1\.json: already imported \(run \d+\), skipped/);
    expect(again.stdout).toContain('Imported 0 results in 0 runs from 2 files; 2 files');
    const store = await openStore(db);
    try {
      expect(await store.checkHistory.listRuns(10)).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  /**
   * One store with only the first shard's report imported, in which the results of one of its
   * controls are marked as run through --ca (as `attest check --ca` marks them), built once:
   * the other shard's claims have no results, and the marked results verify nothing.
   */
  describe('with one shard imported, one of its controls checked through --ca', () => {
    const db = path('one-shard.db');
    const marked = 'backups';
    let statuses: Record<string, string> = {};

    beforeAll(async () => {
      const report = JSON.parse(readFileSync(path('shard-1.json'), 'utf8'));
      for (const result of report.results)
        if (result.controlId === marked) result.override = '--ca';
      writeFileSync(path('shard-1-marked.json'), JSON.stringify(report));
      const imported = await attest(['results', 'import', path('shard-1-marked.json'), '--db', db]);
      expect(imported.code, imported.stderr).toBe(0);
      statuses = await buildFrom(db, 'dist-one');
    });

    it('leaves the claims of the other shard unverified', () => {
      const inOne = controlsIn('shard-1.json');
      const inTwo = controlsIn('shard-2.json');
      // backups and tls-settings are checked in the first shard only (see above).
      expect(inOne.has(marked) && !inTwo.has(marked)).toBe(true);
      for (const id of controls)
        expect([id, statuses[id]]).toEqual([
          id,
          inTwo.has(id) || id === marked ? 'unverified' : 'verified',
        ]);
      expect(controls.some((id) => inTwo.has(id))).toBe(true);
      expect(controls.some((id) => inOne.has(id) && !inTwo.has(id) && id !== marked)).toBe(true);
    });

    it('keeps results run through --resolve or --ca marked, so they verify nothing', async () => {
      const store = await openStore(db);
      try {
        const [run] = await store.checkHistory.listRuns(10);
        const stored = await store.checkHistory.resultsOfRun(run?.id ?? 0);
        expect(stored.length).toBe(readReport('shard-1.json').results.length);
        for (const row of stored)
          expect([row.controlId, row.override]).toEqual([
            row.controlId,
            row.controlId === marked ? '--ca' : null,
          ]);
      } finally {
        await store.close();
      }
      // The same results unmarked verify it (the merged build above).
      expect(statuses[marked]).toBe('unverified');
    });
  });

  it('refuses a bad file with exit 2, naming it and what is wrong, storing nothing', async () => {
    const report = JSON.parse(readFileSync(path('shard-1.json'), 'utf8'));
    delete report.results[0].definition;
    report.results[0].status = 'passed';
    writeFileSync(path('bad.json'), JSON.stringify(report));
    writeFileSync(path('not-json.json'), 'hello');
    const db = path('bad.db');
    const result = await attest([
      'results',
      'import',
      path('shard-2.json'),
      path('bad.json'),
      path('not-json.json'),
      '--db',
      db,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing imported');
    expect(result.stderr).toContain(`${path('bad.json')}:\n  results[0].status: `);
    expect(result.stderr).toContain('results[0].definition: ');
    expect(result.stderr).toContain(`${path('not-json.json')}:\n  not JSON: `);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const store = await openStore(db);
    try {
      expect(await store.checkHistory.listRuns(10)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses results dated in the future', async () => {
    const report = JSON.parse(readFileSync(path('shard-2.json'), 'utf8'));
    report.results[0].at = '2027-06-01T00:00:00.000Z';
    writeFileSync(path('future.json'), JSON.stringify(report));
    const result = await attest(['results', 'import', path('future.json'), '--db', path('f.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'results[0].at: 2027-06-01T00:00:00.000Z is in the future (now is 2026-12-07T12:00:',
    );
  });

  it('asks for files when none are named, and for a directory that exists', async () => {
    const result = await attest(['results', 'import', '--db', path('none.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('name the JSON reports to import');
    const missing = await attest([
      'results',
      'import',
      path('shard-1.json'),
      '--dir',
      path('no-such-org'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-org is not a directory');
  });
});
