import { findPlaceholders, placeholderNames } from '../../schema/placeholder-syntax.ts';
import type { Diagnostic } from '../../source/diagnostic.ts';
import { closest } from '../../source/suggest.ts';
import type { Rule } from './context.ts';

/**
 * Every `{{ name }}` in a document body must be a known placeholder; an unknown name is
 * reported at its own line and column in the file. Double braces around anything but a
 * name (`{{7*7}}`) are plain text.
 */
export const checkDocumentPlaceholders: Rule = ({ documents }) => {
  const diagnostics: Diagnostic[] = [];
  for (const document of documents) {
    for (const use of findPlaceholders(document.body)) {
      if ((placeholderNames as readonly string[]).includes(use.name)) continue;
      const guess = closest(use.name, placeholderNames);
      diagnostics.push({
        file: document.source.file,
        line: document.bodyLine + use.line - 1,
        column: use.column,
        code: 'placeholder-unknown',
        severity: 'error',
        message: `"{{ ${use.name} }}" is not a placeholder`,
        hint: guess
          ? `did you mean {{ ${guess} }}?`
          : `use one of: ${placeholderNames.join(', ')} (see docs/documents.md)`,
      });
    }
  }
  return diagnostics;
};
