import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { evaluateOrganisation } from '../../engine/evaluate/evaluate.ts';
import type { Snapshot } from '../../engine/evaluate/snapshot.ts';
import type { Organisation } from '../../engine/load/model.ts';
import {
  failingKnowledge,
  QuestionnaireError,
  questionnaireLimits,
} from '../../engine/questionnaire/index.ts';
import { type ParsedArgs, UsageError } from './args.mjs';
import { loadValidOrganisation } from './load-valid-organisation.ts';
import { organisationDir } from './organisation-dir.ts';
import { chosenDatabasePath, readStoredResults } from './stored-results.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The bytes of a questionnaire named on the command line, refused early when too large. */
export async function readQuestionnaireInput(
  file: string,
): Promise<{ input: string; bytes: Uint8Array }> {
  const input = resolve(file);
  const info = await stat(input).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`${file} is not a file`);
  if (info.size > questionnaireLimits.maxFileBytes)
    throw new QuestionnaireError(
      'too-large',
      `${file} is ${(info.size / 1024 / 1024).toFixed(1)} MB; the limit is ${questionnaireLimits.maxFileBytes / 1024 / 1024} MB. Split the questionnaire into smaller files.`,
    );
  return { input, bytes: new Uint8Array(await readFile(input)) };
}

/**
 * The organisation of `--dir` evaluated with the newest stored check results, as answers
 * rest on it; undefined (after printing its problems with `consequence`) when it does not
 * load. Warns on stderr when no results are stored and when a known answer rests on a
 * control that cannot support it.
 */
export async function answeringSnapshot(
  values: ParsedArgs['values'],
  consequence: string,
): Promise<{ dir: string; model: Organisation; snapshot: Snapshot } | undefined> {
  const dir = organisationDir(values.dir);
  const model = await loadValidOrganisation(dir, consequence);
  if (!model) return undefined;
  const results = await readStoredResults(model, chosenDatabasePath(dir, values.db));
  if (results.length === 0)
    log(
      'No stored check results: controls proven by automated checks count as unverified and cannot support a "Yes". Run `attest check` first.',
    );
  const now = new Date();
  const snapshot = evaluateOrganisation(model, results, { now, publishedAt: now.toISOString() });
  for (const item of failingKnowledge(snapshot))
    log(
      `warning: the ${item.kind === 'faq' ? 'FAQ' : 'control'} answer "${item.question}" rests on ${item.controlId}, which is ${item.status}; it will not be given as "Yes".`,
    );
  return { dir, model, snapshot };
}
