import { loadConcepts } from '../../language/concepts/concepts.ts';
import type { Diagnostic } from '../../source/diagnostic.ts';
import { closest } from '../../source/suggest.ts';
import { diagnosticAt, type Rule } from './context.ts';

/** Every `topics:` entry of a control names a concept of the bundled vocabulary. */
export const checkControlTopics: Rule = ({ controls }) => {
  const diagnostics: Diagnostic[] = [];
  const known = [...loadConcepts().concepts.keys()];
  const ids = new Set(known);
  for (const loaded of controls) {
    (loaded.value.topics ?? []).forEach((topic, index) => {
      if (ids.has(topic)) return;
      const guess = closest(topic, known);
      diagnostics.push(
        diagnosticAt(
          loaded,
          ['topics', index],
          'topic-unknown',
          `topic "${topic}" is not a concept Attest knows`,
          {
            hint: guess
              ? `did you mean "${guess}"? (concepts: engine/language/concepts/concepts.yaml)`
              : 'use a concept id from engine/language/concepts/concepts.yaml',
          },
        ),
      );
    });
  }
  return diagnostics;
};
