import { describe, expect, it } from 'vitest';
import { loadOrganisation, maxFileCharacters, type SourceFile } from './load-organisation.ts';
import { fixtureToday, minimalOrganisation } from './test-fixture.ts';

const controlPath = 'controls/hostile.yaml';

function loadWith(text: string, path = controlPath) {
  const files: SourceFile[] = [...minimalOrganisation(), { path, text }];
  return loadOrganisation(files, { today: fixtureToday });
}

function codesFor(text: string, path = controlPath): string[] {
  return loadWith(text, path)
    .diagnostics.filter((d) => d.file === path)
    .map((d) => d.code);
}

describe('hostile and broken input', () => {
  it('refuses a 5 MB file without parsing it', () => {
    const huge = `id: hostile\nclaim: "${'x'.repeat(5_000_000)}"\n`;
    expect(huge.length).toBeGreaterThan(maxFileCharacters);
    const diagnostics = loadWith(huge).diagnostics.filter((d) => d.file === controlPath);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'file-too-large', line: 1, column: 1, severity: 'error' }),
    ]);
    expect(diagnostics[0]?.message).toMatch(/5\.0 MB; the limit is 1 MB/);
  });

  it('stops a billion-laughs alias bomb', () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
    ]) {
      rows.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    expect(codesFor(`${rows.join('\n')}\n`)).toEqual(['yaml-alias-limit']);
  });

  it('refuses deeply nested flow collections and block mappings', () => {
    const flow = `id: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    expect(codesFor(flow)).toEqual(['yaml-too-deep']);
    const block = Array.from({ length: 200 }, (_, depth) => `${'  '.repeat(depth)}k${depth}:`).join(
      '\n',
    );
    expect(codesFor(`${block} end\n`)).toEqual(['yaml-too-deep']);
  });

  it('refuses hostile nesting at the bracket that goes too deep, before parsing it', () => {
    const flow = `id: hostile\nclaim: x\nlist: ${'['.repeat(900_000)}\n`;
    expect(flow.length).toBeLessThan(maxFileCharacters);
    const diagnostics = loadWith(flow).diagnostics.filter((d) => d.file === controlPath);
    // The mapping is one level; the 64th bracket (column 7 + 63) makes 65.
    expect(diagnostics).toEqual([
      {
        file: controlPath,
        line: 3,
        column: 70,
        code: 'yaml-too-deep',
        severity: 'error',
        message: 'values are nested more than 64 levels deep',
        hint: 'organisation files are shallow; this file is probably not what it should be',
      },
    ]);
    const block = Array.from({ length: 200 }, (_, depth) => `${'  '.repeat(depth)}k${depth}:`);
    const deep = loadWith(`${block.join('\n')} end\n`).diagnostics.filter(
      (d) => d.file === controlPath,
    );
    expect(deep.map((d) => [d.code, d.line, d.column])).toEqual([['yaml-too-deep', 65, 129]]);
  });

  it('reads flow and block nesting within the limit, and brackets inside strings', () => {
    const text = [
      'id: hostile',
      `claim: "${'['.repeat(100)}" # ${'{'.repeat(100)}`,
      'notes: |',
      `  ${'['.repeat(100)}`,
      `list: ${'['.repeat(60)}${']'.repeat(60)}`,
    ].join('\n');
    expect(codesFor(text)).not.toContain('yaml-too-deep');
  });

  it('refuses binary garbage', () => {
    let garbage = '';
    for (let i = 0; i < 4096; i++) garbage += String.fromCharCode((i * 7919) % 256);
    expect(codesFor(garbage)).toEqual(['file-binary']);
  });

  it('reports an empty control file and a file that is a list', () => {
    expect(codesFor('')).toEqual(['file-empty']);
    expect(codesFor('# only a comment\n')).toEqual(['file-empty']);
    expect(codesFor('- just\n- a list\n')).toEqual(['yaml-not-mapping']);
  });

  it('reports a directory with no controls, and one with nothing at all', () => {
    const withoutControls = minimalOrganisation().filter(
      (file) => !file.path.startsWith('controls/'),
    );
    const codes = loadOrganisation(withoutControls, { today: fixtureToday }).diagnostics.map(
      (d) => d.code,
    );
    expect(codes).toContain('organisation-no-controls');
    const nothing = loadOrganisation([], { today: fixtureToday });
    expect(nothing.model).toBeUndefined();
    expect(nothing.diagnostics.map((d) => [d.file, d.code, d.severity])).toEqual([
      ['controls/', 'organisation-no-controls', 'error'],
      ['policies/disclosure.yaml', 'organisation-missing-file', 'warning'],
      ['policies/trust-center.yaml', 'organisation-missing-file', 'error'],
    ]);
  });

  it('warns about an unknown policy file but ignores unrelated files', () => {
    const files = [
      ...minimalOrganisation(),
      { path: 'policies/polcy.yaml', text: 'onFailure: block\n' },
      { path: 'controls/README.md', text: '# Controls\n' },
    ];
    const diagnostics = loadOrganisation(files, { today: fixtureToday }).diagnostics;
    expect(diagnostics.map((d) => [d.file, d.code, d.severity])).toEqual([
      ['policies/polcy.yaml', 'file-unknown', 'warning'],
    ]);
  });
});
