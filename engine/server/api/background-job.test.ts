import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.ts';
import { createBackgroundRunner } from './background-job.ts';

const scratch = mkdtempSync(join(tmpdir(), 'attest-background-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('background work', () => {
  it('logs and raises a failure without rejecting, and clears it when the job works again', async () => {
    const store = await openStore(join(scratch, 'jobs.db'));
    const logged: string[] = [];
    const run = createBackgroundRunner({ store, log: (line) => logged.push(line) });
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    try {
      await expect(run('publication', () => Promise.reject(full))).resolves.toBeUndefined();
      await run('publication', () => {
        throw full;
      });
      expect(logged).toEqual([
        'attest: The background publication failed: database or disk is full; it is retried on its next run.',
      ]);
      expect((await store.alerts.open()).map((alert) => [alert.key, alert.severity])).toEqual([
        ['background:publication', 'critical'],
      ]);
      await run('publication', () => undefined);
      expect(await store.alerts.open()).toEqual([]);
      expect(logged.at(-1)).toBe('attest: the background publication works again.');
    } finally {
      await store.close();
    }
  });
});
