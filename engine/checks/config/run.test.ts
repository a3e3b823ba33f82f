import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testContext } from '../test-support/context.ts';
import { CheckError } from '../types.ts';
import { configCheck } from './run.ts';
import { configEvidence } from './spec.ts';

const now = new Date('2026-10-21T12:00:00Z');
let orgDir: string;

const files: Record<string, string> = {
  'evidence/app.json': JSON.stringify({
    server: { tls: { minVersion: 'TLSv1.2' }, port: 8443, debug: false },
    backups: [{ region: 'eu-central-1', retentionDays: 35 }],
    lastRestore: '2026-09-30',
    lastAudit: '2026-10-21T09:30:00Z',
    reviewed: 'soon',
    rotated: '2026-02-30',
    planned: '2027-01-15',
    limit: '120',
  }),
  'evidence/retention.yaml':
    'audit:\n  retentionDays: 400\n  sink: s3://audit-logs\n  version: 1\ntags: [pci, soc2]\n',
  'evidence/db.toml': '[backup]\npitrWindowDays = 14\nlastTest = 2026-10-01\nencrypted = true\n',
  'evidence/app.env': 'SESSION_TTL_MINUTES=30\nCOOKIE_SECURE=true\nexport TLS_MIN="1.2"\n',
  '.env.production': 'MFA_REQUIRED=1\n',
  'evidence/broken.json': '{\n  "a": 1\n  "b": 2\n}\n',
  'evidence/truncated.json': '{\n  "a": 1,\n  "b": }\n',
  'evidence/broken.yaml': 'a: 1\nb: [1, 2\nc: 3\n',
  'evidence/broken.toml': 'a = 1\nb = = 2\n',
  'evidence/notes.ini': '[a]\nb=1\n',
};

beforeAll(() => {
  orgDir = mkdtempSync(join(tmpdir(), 'attest-config-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(orgDir, path, '..'), { recursive: true });
    writeFileSync(join(orgDir, path), text);
  }
});

afterAll(() => {
  rmSync(orgDir, { recursive: true, force: true });
});

function run(target: string, expect: z.input<typeof configEvidence>['expect']) {
  const check = configEvidence.parse({ check: 'config', target, expect });
  return configCheck.run(check, testContext(target, { orgDir, now }));
}

describe('config check: formats', () => {
  it('reads JSON by dotted path, with numeric segments indexing lists', async () => {
    const outcome = await run('evidence/app.json', { path: 'backups.0.retentionDays', gte: 30 });
    expect(outcome).toMatchObject({
      status: 'pass',
      observed: { file: 'evidence/app.json', path: 'backups.0.retentionDays', value: 35 },
      message: 'backups.0.retentionDays is 35 in evidence/app.json',
    });
  });

  it('reads YAML', async () => {
    expect(
      await run('evidence/retention.yaml', { path: 'audit.retentionDays', gte: 395 }),
    ).toMatchObject({
      status: 'pass',
    });
    const outcome = await run('evidence/retention.yaml', { path: 'audit.retentionDays', lte: 365 });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe('audit.retentionDays is 400, above the maximum 365');
  });

  it('reads TOML, with a TOML date reported as written', async () => {
    const outcome = await run('evidence/db.toml', { path: 'backup.lastTest', maxAgeDays: 30 });
    expect(outcome).toMatchObject({
      status: 'pass',
      observed: { value: '2026-10-01', ageDays: 20 },
    });
    expect(JSON.parse(JSON.stringify(outcome))).toEqual(outcome);
    expect((await run('evidence/db.toml', { path: 'backup.encrypted', equals: true })).status).toBe(
      'pass',
    );
  });

  it('reads .env files (as text), by key, under several file names', async () => {
    expect((await run('evidence/app.env', { path: 'TLS_MIN', equals: '1.2' })).status).toBe('pass');
    expect((await run('.env.production', { path: 'MFA_REQUIRED', equals: 1 })).status).toBe('pass');
    expect((await run('evidence/app.env', { path: 'COOKIE_SECURE', equals: true })).status).toBe(
      'pass',
    );
    expect((await run('evidence/app.env', { path: 'SESSION_TTL_MINUTES', lte: 60 })).status).toBe(
      'pass',
    );
    const outcome = await run('evidence/app.env', { path: 'SESSION_TTL_MINUTES', lte: 15 });
    expect(outcome.message).toBe('SESSION_TTL_MINUTES is 30, above the maximum 15');
  });
});

describe('config check: expectations', () => {
  it('fails when the path is not set', async () => {
    const outcome = await run('evidence/app.json', {
      path: 'settings.minTlsVersion',
      equals: 'TLSv1.2',
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe('settings.minTlsVersion is not set in evidence/app.json');
    expect(outcome.hint).toContain('add settings.minTlsVersion');
    expect((await run('evidence/app.json', { path: 'backups.3.region' })).status).toBe('fail');
    expect((await run('evidence/app.env', { path: 'MISSING_KEY' })).status).toBe('fail');
  });

  it('passes with only a path when the value is set', async () => {
    expect((await run('evidence/app.json', { path: 'server.debug' })).status).toBe('pass');
  });

  it('compares strictly outside .env: the text "120" is not the number 120', async () => {
    expect((await run('evidence/app.json', { path: 'server.port', equals: 8443 })).status).toBe(
      'pass',
    );
    const text = await run('evidence/app.json', { path: 'limit', equals: 120 });
    expect(text.status).toBe('fail');
    expect(text.message).toBe('limit is "120", expected 120');
    const notNumber = await run('evidence/app.json', { path: 'limit', gte: 100 });
    expect(notNumber.message).toBe('limit is "120", not a number');
    const number = await run('evidence/retention.yaml', { path: 'audit.version', equals: '1' });
    expect(number.status).toBe('fail');
  });

  it('matches a regular expression against the value as text', async () => {
    expect(
      (await run('evidence/app.json', { path: 'server.tls.minVersion', matches: '^TLSv1\\.[23]$' }))
        .status,
    ).toBe('pass');
    const outcome = await run('evidence/retention.yaml', {
      path: 'audit.sink',
      matches: '^s3://audit-logs-eu',
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'audit.sink is "s3://audit-logs", which does not match /^s3://audit-logs-eu/',
    );
  });

  it('requires every given expectation to hold, and reports each that does not', async () => {
    const outcome = await run('evidence/app.json', {
      path: 'server.port',
      gte: 9000,
      matches: '^443$',
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'server.port is 8443, which does not match /^443$/; server.port is 8443, below the minimum 9000',
    );
  });

  it('fails when a list or object stands where a single value is expected', async () => {
    const outcome = await run('evidence/retention.yaml', { path: 'tags', equals: 'pci' });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe('tags is a list of 2, not a single value');
  });

  it('bounds the age of dates and timestamps', async () => {
    const date = await run('evidence/app.json', { path: 'lastRestore', maxAgeDays: 30 });
    expect(date).toMatchObject({ status: 'pass', observed: { ageDays: 21 } });
    const old = await run('evidence/app.json', { path: 'lastRestore', maxAgeDays: 14 });
    expect(old.status).toBe('fail');
    expect(old.message).toBe('lastRestore is "2026-09-30", 21 days old (maximum 14)');
    const timestamp = await run('evidence/app.json', { path: 'lastAudit', maxAgeDays: 1 });
    expect(timestamp).toMatchObject({ status: 'pass', observed: { ageDays: 0.1 } });
  });

  it('fails on a value that is not a date, or a date in the future', async () => {
    const words = await run('evidence/app.json', { path: 'reviewed', maxAgeDays: 30 });
    expect(words.message).toBe(
      'reviewed is "soon", not a date (write YYYY-MM-DD or an ISO timestamp)',
    );
    const impossible = await run('evidence/app.json', { path: 'rotated', maxAgeDays: 365 });
    expect(impossible.message).toContain('not a date');
    const future = await run('evidence/app.json', { path: 'planned', maxAgeDays: 365 });
    expect(future.status).toBe('fail');
    expect(future.message).toBe('planned is dated in the future (2027-01-15)');
  });
});

describe('config check: errors', () => {
  it('errors on a missing file', async () => {
    await expect(run('evidence/nope.yaml', { path: 'a' })).rejects.toThrow(
      'evidence/nope.yaml does not exist',
    );
  });

  it('errors on a target that is not a regular file, instead of blocking on it', async () => {
    execFileSync('mkfifo', [join(orgDir, 'evidence/pipe.yaml')]);
    await expect(run('evidence/pipe.yaml', { path: 'a' })).rejects.toThrow(
      'evidence/pipe.yaml is not a regular file',
    );
    mkdirSync(join(orgDir, 'evidence/conf.d.yaml'));
    await expect(run('evidence/conf.d.yaml', { path: 'a' })).rejects.toThrow(
      'evidence/conf.d.yaml is not a regular file',
    );
  });

  it('errors on an unknown format', async () => {
    await expect(run('evidence/notes.ini', { path: 'a.b' })).rejects.toThrow(
      'evidence/notes.ini is not a config format the check can read',
    );
  });

  it('errors on an unparsable file, naming the line where the parser gives one', async () => {
    await expect(run('evidence/broken.yaml', { path: 'a' })).rejects.toThrow(
      'evidence/broken.yaml:3:1 is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    await expect(run('evidence/broken.toml', { path: 'a' })).rejects.toThrow(
      'evidence/broken.toml:2:5 is not valid TOML: invalid value',
    );
    await expect(run('evidence/broken.json', { path: 'a' })).rejects.toThrow(
      `evidence/broken.json:3:3 is not valid JSON: Expected ',' or '}' after property value`,
    );
    const error = await run('evidence/truncated.json', { path: 'a' }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CheckError);
    expect((error as CheckError).message).toBe(
      `evidence/truncated.json is not valid JSON: Unexpected token '}'`,
    );
  });

  it('errors on a path that leaves the organisation directory', async () => {
    await expect(run('../etc/app.json', { path: 'a' })).rejects.toThrow(
      'leaves the organisation directory',
    );
  });
});
