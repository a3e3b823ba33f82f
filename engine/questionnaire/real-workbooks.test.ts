import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorkbook } from '../../scripts/bench-workbooks.ts';
import { repositorySnapshot } from './test-support/snapshot.ts';

const folder = join(import.meta.dirname, 'fixtures', 'workbooks');
const labels = JSON.parse(readFileSync(join(folder, 'labels.json'), 'utf8')) as {
  fixtures: Record<string, Parameters<typeof runWorkbook>[2] & object>;
};
const snapshot = await repositorySnapshot('.');

// Each fixture mirrors the structure of a real published questionnaire; its answer cells
// were labelled by the generator before any engine ran (03, 05 and 07 are never tuned on).
describe('real-layout buyer workbooks', () => {
  it.each(Object.keys(labels.fixtures))(
    '%s: the vendor sheets and every labelled question are found, and nothing else changes',
    async (name) => {
      const fixture = labels.fixtures[name];
      const run = await runWorkbook(snapshot, join(folder, name), fixture);
      expect(run.sheetsRight).toBe('yes');
      expect(run.found).toBe(run.labelled);
      expect(run.questions).toBe(run.labelled);
      expect(run.changedOutside).toBe(0);
      expect(run.hiddenChanged).toBe(0);
      if (name.endsWith('.xlsx')) expect(run.filled).toBeGreaterThan(0);
    },
    60_000,
  );
});
