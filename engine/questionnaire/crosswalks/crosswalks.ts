import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConcepts } from '../../language/concepts/concepts.ts';
import type { Diagnostic } from '../../source/diagnostic.ts';
import type { QuestionnaireId } from './crosswalk-schema.ts';
import { type Crosswalk, CrosswalkError, parseCrosswalk } from './parse-crosswalk.ts';
import { parseQuestionId } from './question-id.ts';

/** The bundled crosswalk files, one per questionnaire. */
export const crosswalkFiles: readonly string[] = [
  'caiq-v4.yaml',
  'hecvat.yaml',
  'sig-lite.yaml',
].map((name) => fileURLToPath(new URL(`./${name}`, import.meta.url)));

/** A question id found in a crosswalk. */
export interface CrosswalkHit {
  questionnaire: QuestionnaireId;
  /** The question id in canonical form: `CEK-03.1`. */
  id: string;
  /** The crosswalk key that matched, the id itself or a prefix of it: `CEK-03`. */
  matched: string;
  /** Concept ids of the matched key. */
  concepts: string[];
}

let crosswalks: ReadonlyMap<QuestionnaireId, Crosswalk> | undefined;

/**
 * The bundled crosswalks, read and validated once against the concept vocabulary. Throws a
 * `CrosswalkError` naming the file, line and column of every problem in any of them.
 */
export function loadCrosswalks(): ReadonlyMap<QuestionnaireId, Crosswalk> {
  if (crosswalks) return crosswalks;
  const conceptIds = new Set(loadConcepts().concepts.keys());
  const loaded = new Map<QuestionnaireId, Crosswalk>();
  const problems: Diagnostic[] = [];
  for (const file of crosswalkFiles) {
    try {
      const crosswalk = parseCrosswalk(file, readFileSync(file, 'utf8'), conceptIds);
      loaded.set(crosswalk.questionnaire, crosswalk);
    } catch (error) {
      if (!(error instanceof CrosswalkError)) throw error;
      problems.push(...error.diagnostics);
    }
  }
  if (problems.length > 0) throw new CrosswalkError(problems);
  crosswalks = loaded;
  return crosswalks;
}

/**
 * Concepts a public questionnaire's question id maps to, most specific entry first;
 * undefined when no crosswalk knows the id. The id is tried as written, then each shorter
 * prefix: `CEK-03.1`, `CEK-03`, `CEK`; `D.2.1`, `D.2`, `D`. Ids without a questionnaire
 * prefix and a number ("1", "2.3", "CEK") give undefined.
 */
export function crosswalkConcepts(questionId: string | undefined): CrosswalkHit | undefined {
  if (questionId === undefined) return undefined;
  const parsed = parseQuestionId(questionId);
  if (!parsed) return undefined;
  const crosswalk = loadCrosswalks().get(parsed.questionnaire);
  for (const candidate of parsed.candidates) {
    const concepts = crosswalk?.entries.get(candidate);
    if (concepts)
      return {
        questionnaire: parsed.questionnaire,
        id: parsed.id,
        matched: candidate,
        concepts: [...concepts],
      };
  }
  return undefined;
}
