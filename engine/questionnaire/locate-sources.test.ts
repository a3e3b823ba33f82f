import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../fs/test-organisations.ts';
import type { Organisation } from '../load/model.ts';
import { answerQuestionnaireFile } from './answer-file.ts';
import { locateSources } from './locate-sources.ts';
import type { SourceLocator, SourceRef } from './source-locator.ts';
import { loadRepositoryModel, repositorySnapshot } from './test-support/snapshot.ts';

/** The text of `ref`'s line and the `after` lines below it, read from disk. */
function linesAt(dir: string, ref: SourceRef | undefined, after = 0): string {
  if (!ref) throw new Error('not located');
  const lines = readFileSync(join(dir, ref.file), 'utf8').split('\n');
  expect(ref.line).toBeGreaterThan(0);
  expect(ref.line).toBeLessThanOrEqual(lines.length);
  return lines.slice(ref.line - 1, ref.line + after).join('\n');
}

/** A question's first words, as they appear in the YAML whatever its folding. */
function opening(text: string): string {
  return text.split(/\s+/).slice(0, 4).join(' ');
}

describe.each(['.', 'examples/studioflow'])('locateSources on %s', (organisation) => {
  const dir = join(repoRoot, organisation);
  let model: Organisation;
  let locate: SourceLocator;
  beforeAll(async () => {
    model = await loadRepositoryModel(organisation);
    locate = await locateSources(dir);
  });

  it("points every control at its own file's claim: line", () => {
    expect(model.controls.length).toBeGreaterThan(0);
    for (const control of model.controls) {
      const ref = locate({ kind: 'control', id: control.id });
      expect(ref?.file).toBe(model.controlSources[control.id]?.file);
      expect(linesAt(dir, ref)).toMatch(/^claim:/);
    }
  });

  it('points every subprocessor at its entry, and the list at its key', () => {
    const entries = model.subprocessors.subprocessors;
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const ref = locate({ kind: 'subprocessor', id: entry.id });
      expect(ref?.file).toBe('policies/subprocessors.yaml');
      expect(linesAt(dir, ref)).toMatch(new RegExp(`\\b(id: ${entry.id}|name: ${entry.name})\\b`));
    }
    expect(linesAt(dir, locate({ kind: 'subprocessors' }))).toBe('subprocessors:');
  });

  it('points every certification and FAQ entry at its entry', () => {
    for (const certification of model.certifications)
      expect(linesAt(dir, locate({ kind: 'certification', id: certification.id }))).toContain(
        `id: ${certification.id}`,
      );
    expect(model.faq.length).toBeGreaterThan(0);
    model.faq.forEach((entry, index) => {
      const ref = locate({ kind: 'faq', index });
      expect(ref?.file).toBe('policies/faq.yaml');
      const text = linesAt(dir, ref, 1);
      expect(text).toMatch(/^\s*- question:/);
      expect(text.replace(/\s+/g, ' ')).toContain(opening(entry.question));
    });
  });

  it('points a top-level or dotted field at its key, and no field at the top of the file', () => {
    for (const [kind, file] of [
      ['disclosure', 'policies/disclosure.yaml'],
      ['processing', 'policies/processing.yaml'],
      ['profile', 'policies/trust-center.yaml'],
    ] as const) {
      const value = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
      expect(locate({ kind })).toEqual({ file, line: 1 });
      for (const [key, child] of Object.entries(value)) {
        expect(linesAt(dir, locate({ kind, field: key }))).toMatch(new RegExp(`^${key}:`));
        if (child && typeof child === 'object' && !Array.isArray(child)) {
          const inner = Object.keys(child)[0] ?? '';
          const line = linesAt(dir, locate({ kind, field: `${key}.${inner}` }));
          expect(line).toMatch(new RegExp(`^\\s+${inner}:`));
        }
      }
    }
  });

  it('locates nothing for an id, index or field that is not there', () => {
    expect(locate({ kind: 'control', id: 'no-such-control' })).toBeUndefined();
    expect(locate({ kind: 'subprocessor', id: 'no-such-provider' })).toBeUndefined();
    expect(locate({ kind: 'certification', id: 'no-such-framework' })).toBeUndefined();
    expect(locate({ kind: 'faq', index: model.faq.length })).toBeUndefined();
    expect(locate({ kind: 'faq', index: -1 })).toBeUndefined();
    // A field the file leaves to its default is cited at the file itself.
    expect(locate({ kind: 'disclosure', field: 'noSuchField' })).toEqual({
      file: 'policies/disclosure.yaml',
      line: 1,
    });
  });

  it("numbers FAQ entries as the snapshot does when given the snapshot's FAQ", async () => {
    const snapshot = await repositorySnapshot(organisation);
    const bySnapshot = await locateSources(dir, { faq: snapshot.faq });
    snapshot.faq.forEach((entry, index) => {
      const text = linesAt(dir, bySnapshot({ kind: 'faq', index }), 1);
      expect(text.replace(/\s+/g, ' ')).toContain(opening(entry.question));
    });
    expect(bySnapshot({ kind: 'faq', index: snapshot.faq.length })).toBeUndefined();
  });
});

describe('locateSources on incomplete organisations', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('locates nothing in a directory that does not exist or is empty, and does not throw', async () => {
    dir = mkdtempSync(join(tmpdir(), 'attest-sources-'));
    for (const target of [join(dir, 'missing'), dir]) {
      const locate = await locateSources(target);
      expect(locate({ kind: 'control', id: 'anything' })).toBeUndefined();
      expect(locate({ kind: 'faq', index: 0 })).toBeUndefined();
      expect(locate({ kind: 'subprocessors' })).toBeUndefined();
      expect(locate({ kind: 'profile', field: 'name' })).toBeUndefined();
    }
  });

  it('locates what the files hold and nothing for the files that are missing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'attest-sources-'));
    mkdirSync(join(dir, 'controls'));
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'controls', 'no-claim.yaml'), 'id: no-claim\ntitle: Draft\n');
    writeFileSync(
      join(dir, 'policies', 'faq.yml'),
      'questions:\n  - question: First?\n    answer: A\n  - question: Second?\n    answer: B\n  - question: Third?\n    answer: C\n',
    );
    const locate = await locateSources(dir);
    expect(locate({ kind: 'control', id: 'no-claim' })).toEqual({
      file: 'controls/no-claim.yaml',
      line: 1,
    });
    expect(locate({ kind: 'faq', index: 2 })).toEqual({ file: 'policies/faq.yml', line: 6 });
    expect(locate({ kind: 'processing' })).toBeUndefined();
    expect(locate({ kind: 'subprocessor', id: 'aws' })).toBeUndefined();
    // The snapshot leaves out "Second?" (it rests on an internal control): its index 1 is "Third?".
    const bySnapshot = await locateSources(dir, {
      faq: [{ question: 'First?' }, { question: 'Third?' }],
    });
    expect(bySnapshot({ kind: 'faq', index: 1 })).toEqual({ file: 'policies/faq.yml', line: 6 });
  });
});

describe('answerQuestionnaireFile with sources', () => {
  it('gives every citation of the files the line where it is declared', async () => {
    const dir = repoRoot;
    const snapshot = await repositorySnapshot('.');
    const csv = [
      'Question,Answer',
      'Is customer data encrypted at rest?,',
      'Please list every subprocessor with its purpose and location.,',
      'How quickly are vulnerability reports from researchers acknowledged?,',
      'List the security certifications your organisation currently holds.,',
    ].join('\n');
    const answered = await answerQuestionnaireFile(snapshot, new TextEncoder().encode(csv), {
      fileName: 'questions.csv',
      format: 'json',
      sources: await locateSources(dir, { faq: snapshot.faq }),
    });
    const citations = answered.answers.flatMap((answer) => answer.citations);
    expect(new Set(citations.map((citation) => citation.kind))).toEqual(
      new Set(['control', 'subprocessors', 'disclosure', 'certification']),
    );
    for (const citation of citations) {
      expect(citation.file, citation.id).toMatch(/\.ya?ml$/);
      const line = linesAt(dir, { file: citation.file ?? '', line: citation.line ?? 0 }, 1);
      // The cited line names what is cited: a claim, an entry's id, or the field itself.
      if (citation.kind === 'control') expect(line).toMatch(/^claim:/);
      else if (citation.kind !== 'disclosure' && citation.kind !== 'subprocessors')
        expect(line).toContain(citation.id);
    }
  });
});
