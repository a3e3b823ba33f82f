import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/result.ts';
import { renderJsonReport } from '../render/check-report/json.ts';
import { openStore } from '../store/open-store.ts';
import { importCheckReports } from './import-results.ts';

const now = new Date('2026-12-07T12:00:00.000Z');

function result(fields: Partial<CheckResult> = {}): CheckResult {
  return {
    status: 'pass',
    observed: { value: 'TLSv1.2' },
    expected: { equals: 'TLSv1.2' },
    message: 'tls.min is "TLSv1.2"',
    controlId: 'encryption',
    visibility: 'public',
    evidenceIndex: 0,
    evidenceId: 'min-tls',
    check: 'config',
    target: 'settings.json',
    description: undefined,
    durationMs: 3,
    at: '2026-12-07T11:00:00.000Z',
    attempts: 1,
    waiver: undefined,
    definition: '0123456789abcdef0123456789abcdef',
    override: undefined,
    ...fields,
  };
}

/** A JSON report as `attest check --format json` writes it. */
const report = (results: CheckResult[], startedAt = '2026-12-07T11:00:00.000Z') =>
  renderJsonReport({
    organisation: 'Acme',
    startedAt,
    finishedAt: startedAt,
    results,
    titles: {},
    sources: {},
    pathPrefix: '',
  });

describe('importCheckReports', () => {
  it('stores what the JSON report holds, override included, and each file once', async () => {
    const store = await openStore(':memory:');
    try {
      const a = { name: 'a.json', text: report([result()]) };
      const files = [
        a,
        {
          name: 'b.json',
          text: report([result({ evidenceIndex: 1, override: '--ca' })], '2026-12-07T11:01:00Z'),
        },
      ];
      const first = await importCheckReports(store, files, now);
      expect(first).toEqual({ summary: { files: 2, runs: 2, results: 2, skipped: [] } });
      const again = await importCheckReports(store, [...files, a], now);
      expect(again).toMatchObject({ summary: { runs: 0, results: 0 } });
      expect('summary' in again && again.summary.skipped.map((skip) => skip.file)).toEqual([
        'a.json',
        'b.json',
        'a.json',
      ]);
      const runs = await store.checkHistory.listRuns(10);
      expect(runs).toHaveLength(2);
      const rows = await Promise.all(runs.map((run) => store.checkHistory.resultsOfRun(run.id)));
      expect(rows.flat().map((row) => [row.evidenceIndex, row.override, row.definition])).toEqual(
        expect.arrayContaining([
          [0, null, '0123456789abcdef0123456789abcdef'],
          [1, '--ca', '0123456789abcdef0123456789abcdef'],
        ]),
      );
    } finally {
      await store.close();
    }
  });

  it('imports a run with the same start but other results', async () => {
    const store = await openStore(':memory:');
    try {
      await importCheckReports(store, [{ name: 'a.json', text: report([result()]) }], now);
      const other = await importCheckReports(
        store,
        [{ name: 'b.json', text: report([result({ status: 'fail' })]) }],
        now,
      );
      expect(other).toMatchObject({ summary: { runs: 1, results: 1, skipped: [] } });
    } finally {
      await store.close();
    }
  });

  it('refuses every bad file at once and stores nothing', async () => {
    const store = await openStore(':memory:');
    try {
      const outcome = await importCheckReports(
        store,
        [
          { name: 'good.json', text: report([result()]) },
          { name: 'future.json', text: report([result({ at: '2026-12-07T12:06:00Z' })]) },
          { name: 'typo.json', text: report([result()]).replace('"message"', '"mesage"') },
          { name: 'old.json', text: report([result()]).replace('"version": 1', '"version": 9') },
        ],
        now,
      );
      expect(outcome).toMatchInlineSnapshot(`
        {
          "problems": [
            {
              "file": "future.json",
              "problems": [
                "results[0].at: 2026-12-07T12:06:00Z is in the future (now is 2026-12-07T12:00:00.000Z); results from the future are refused — fix the clock of the machine that ran the checks and run them again",
              ],
            },
            {
              "file": "typo.json",
              "problems": [
                "results[0].message: Invalid input: expected string, received undefined",
                "results[0]: Unrecognized key: "mesage"",
              ],
            },
            {
              "file": "old.json",
              "problems": [
                "version: Invalid input: expected 1 (write it with \`attest check --format json\`; this Attest reads version 1)",
              ],
            },
          ],
        }
      `);
      expect(await store.checkHistory.listRuns(10)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
