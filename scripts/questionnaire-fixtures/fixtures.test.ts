import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, writeFixtures } from './generate.ts';
import { labelsFileSchema } from './labels.ts';
import type { BuiltFixture } from './workbook-kit.ts';

let dir: string;
let fixtures: BuiltFixture[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'attest-q-fixtures-'));
  fixtures = await writeFixtures(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parts = (bytes: Uint8Array) =>
  Object.fromEntries(
    Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]),
  );

describe('questionnaire fixtures', () => {
  it('committed labels.json is what the generator produces', async () => {
    const committed = labelsFileSchema.parse(
      JSON.parse(await readFile(join(fixturesDir, 'labels.json'), 'utf8')),
    );
    const regenerated = JSON.parse(await readFile(join(dir, 'labels.json'), 'utf8'));
    expect(committed).toEqual(regenerated);
  });

  it('every committed fixture has the same content as a fresh generation', async () => {
    for (const f of fixtures) {
      const committed = new Uint8Array(await readFile(join(fixturesDir, f.file)));
      if (f.label.format === 'csv')
        expect(new TextDecoder().decode(committed), f.file).toBe(new TextDecoder().decode(f.bytes));
      else expect(parts(committed), f.file).toEqual(parts(f.bytes));
    }
  });

  it('splits three holdout fixtures from the tune set', () => {
    const holdout = fixtures.filter((f) => f.label.split === 'holdout').map((f) => f.file);
    expect(holdout).toEqual([
      '03-id-question-dropdown.xlsx',
      '05-sub-questions.xlsx',
      '07-title-block.xlsx',
    ]);
  });

  it('labels each question on an answered sheet, once per answer cell, with its text in the file', () => {
    for (const f of fixtures) {
      const text =
        f.label.format === 'csv'
          ? new TextDecoder().decode(f.bytes)
          : Object.values(parts(f.bytes)).join('');
      const cells = new Set<string>();
      for (const q of f.label.questions) {
        expect(f.label.sheets.answered, `${f.file} ${q.sheet}`).toContain(q.sheet);
        const key = `${q.sheet}!${q.answer}`;
        expect(cells.has(key), `${f.file} ${key} labelled twice`).toBe(false);
        cells.add(key);
        const escaped = q.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        expect(text.includes(q.text) || text.includes(escaped), `${f.file}: ${q.text}`).toBe(true);
      }
    }
  });

  it('keeps the multi-tab workbook near 1 MB with 15 sheets, three of them hidden', () => {
    const multi = fixtures.find((f) => f.file === '08-multi-tab-assessment.xlsx');
    expect(multi?.bytes.length).toBeGreaterThan(900_000);
    const book = parts(multi?.bytes ?? new Uint8Array())['xl/workbook.xml'] ?? '';
    expect(book.match(/<sheet /g)).toHaveLength(15);
    expect(book.match(/state="(hidden|veryHidden)"/g)).toHaveLength(3);
  });
});
