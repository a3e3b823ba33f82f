import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inputTime } from './input-time.ts';

const dir = mkdtempSync(join(tmpdir(), 'attest-input-time-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (path: string, at: string) => {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, 'x');
  utimesSync(full, new Date(at), new Date(at));
};

describe('the time of a snapshot’s inputs', () => {
  it('follows the organisation’s files, but not the auto-approval rules or the CRM exports they read', async () => {
    write('controls/backups.yaml', '2026-11-01T10:00:00Z');
    write('policies/trust-center.yaml', '2026-11-02T10:00:00Z');
    write('policies/access.yaml', '2026-12-01T10:00:00Z');
    write('policies/crm/accounts.csv', '2026-12-02T10:00:00Z');
    const clock = { now: () => new Date('2026-12-03T00:00:00Z') };
    expect(await inputTime(dir, [], undefined, clock)).toBe('2026-11-02T10:00:00.000Z');
  });
});
