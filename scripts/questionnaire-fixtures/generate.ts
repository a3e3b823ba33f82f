import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildHeaderRow,
  buildHeaderRowCsv,
  buildIdQuestionDropdown,
  buildMergedIds,
  buildSectionRows,
} from './flat-fixtures.ts';
import { type LabelsFile, labelsFileSchema } from './labels.ts';
import { buildMultiTab } from './multi-tab-fixture.ts';
import {
  buildHiddenListDropdown,
  buildHugeDimension,
  buildSubQuestions,
  buildTitleBlock,
} from './shaped-fixtures.ts';
import type { BuiltFixture } from './workbook-kit.ts';

/**
 * Generates the questionnaire fixture workbooks and their labels. The labels come from
 * where each builder put each question, never from running the engine.
 *
 *   npm run fixtures:questionnaires            # into engine/questionnaire/fixtures/workbooks
 */

export const fixturesDir = fileURLToPath(
  new URL('../../engine/questionnaire/fixtures/workbooks/', import.meta.url),
);

const about =
  'Expected answer cells for the questionnaire fixtures, written by scripts/questionnaire-fixtures/generate.ts from where it placed each question. Frozen in git before any engine ran on these files; change them only by changing the generator. Rows are 1-based; cells are A1 references.';

/** Builds every fixture in memory. */
export async function buildFixtures(): Promise<BuiltFixture[]> {
  return [
    await buildHeaderRow(),
    await buildSectionRows(),
    await buildIdQuestionDropdown(),
    await buildMergedIds(),
    await buildSubQuestions(),
    await buildHiddenListDropdown(),
    await buildTitleBlock(),
    await buildMultiTab(),
    await buildHugeDimension(),
    buildHeaderRowCsv(),
  ];
}

/** The labels file for a set of fixtures, checked against its schema. */
export function labelsOf(fixtures: BuiltFixture[]): LabelsFile {
  return labelsFileSchema.parse({
    about,
    fixtures: Object.fromEntries(fixtures.map((f) => [f.file, f.label])),
  });
}

/** Writes every fixture and `labels.json` into `dir`. */
export async function writeFixtures(dir: string): Promise<BuiltFixture[]> {
  const fixtures = await buildFixtures();
  await mkdir(dir, { recursive: true });
  for (const f of fixtures) await writeFile(join(dir, f.file), f.bytes);
  await writeFile(join(dir, 'labels.json'), `${JSON.stringify(labelsOf(fixtures), null, 2)}\n`);
  return fixtures;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const fixtures = await writeFixtures(fixturesDir);
  for (const f of fixtures)
    console.log(
      `${f.file.padEnd(32)} ${String(f.bytes.length).padStart(9)} bytes  ${f.label.questions.length} questions  ${f.label.split}`,
    );
}
