import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../source/diagnostic.ts';
import { loadOrganisation, type SourceFile } from './load-organisation.ts';
import { fixtureToday, minimalOrganisation } from './test-fixture.ts';

const yamlNoise = fc.constantFrom(
  ':',
  ' ',
  '\n',
  '\t',
  '-',
  '[',
  ']',
  '{',
  '}',
  '&a',
  '*a',
  '!!str',
  '|',
  '>',
  '#',
  '"',
  "'",
  '%',
  '@',
  '`',
  ',',
  '?',
  '\\',
  '${X',
  '0',
  'null',
  '\u00e9',
  '\u0000',
);

/** One random edit of a text: delete, insert noise, duplicate or drop a line. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    noise: fc.array(yamlNoise, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('drop-line' as const), at: fc.nat() }),
);

function mutate(
  text: string,
  edit: { kind: string; at: number; length?: number; noise?: string[] },
): string {
  const at = text.length === 0 ? 0 : edit.at % text.length;
  const lines = text.split('\n');
  const line = lines.length === 0 ? 0 : edit.at % lines.length;
  switch (edit.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + (edit.length ?? 1));
    case 'insert':
      return text.slice(0, at) + (edit.noise ?? []).join('') + text.slice(at);
    case 'duplicate-line':
      return [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n');
    default:
      return [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n');
  }
}

describe('loader under random mutation', () => {
  it('never throws, and every diagnostic is well-formed', () => {
    const files = minimalOrganisation();
    const codes = new Set<string>(diagnosticCodes);
    fc.assert(
      fc.property(
        fc.nat({ max: files.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (which, edits) => {
          const mutated: SourceFile[] = files.map((file, index) =>
            index === which ? { ...file, text: edits.reduce(mutate, file.text) } : file,
          );
          const { diagnostics } = loadOrganisation(mutated, { today: fixtureToday });
          for (const d of diagnostics) {
            expect(codes.has(d.code)).toBe(true);
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.column).toBeGreaterThanOrEqual(1);
            expect(d.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
