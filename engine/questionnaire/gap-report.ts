import { conceptsOf } from '../language/concepts/concepts.ts';

/** A concept buyers asked about that the organisation declares nothing on. */
export interface Gap {
  /** Concept id from the bundled vocabulary, e.g. `cyber-insurance`. */
  concept: string;
  /** How many distinct questions named it. */
  questions: number;
  /** The first question that named it, as written. */
  example: string;
}

/**
 * The concepts `questions` name in their own words (asides such as "e.g. …" left out) that
 * are not in `declared`, most asked first (then by id). Each question counts once per concept.
 */
export function gapReport(questions: readonly string[], declared: ReadonlySet<string>): Gap[] {
  const gaps = new Map<string, Gap>();
  for (const question of questions)
    for (const concept of new Set(conceptsOf(question).concepts)) {
      if (declared.has(concept)) continue;
      const gap = gaps.get(concept);
      if (gap) gap.questions++;
      else gaps.set(concept, { concept, questions: 1, example: question });
    }
  return [...gaps.values()].sort(
    (a, b) => b.questions - a.questions || a.concept.localeCompare(b.concept),
  );
}
