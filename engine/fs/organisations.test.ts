import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrganisationFromDir, NotAnOrganisationError } from './read-organisation.ts';
import { copyOrganisation, repoRoot, repositoryOrganisations } from './test-organisations.ts';

const root = repoRoot;
const organisations = repositoryOrganisations;
const scratch = mkdtempSync(join(tmpdir(), 'attest-orgs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A throwaway copy of one of the repository's organisations. */
function copyOf(organisation: string): string {
  return copyOrganisation(organisation, mkdtempSync(join(scratch, 'org-')));
}

/** 1-based line and column where `needle` first appears in a file. */
function positionOf(file: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes(needle));
  if (line === -1) throw new Error(`${needle} not found in ${file}`);
  return { line: line + 1, column: (lines[line] ?? '').indexOf(needle) + 1 };
}

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`no ${from} in ${file}`);
  writeFileSync(file, changed);
}

describe('the bundled organisation and the five seed organisations', () => {
  it.each(organisations)('%s validates with zero diagnostics', async (organisation) => {
    const { model, diagnostics } = await loadOrganisationFromDir(join(root, organisation));
    expect(diagnostics).toEqual([]);
    expect(model?.controls.length).toBeGreaterThanOrEqual(8);
  });

  it('the bundled organisation has 25–40 controls and honest certification statuses', async () => {
    const { model } = await loadOrganisationFromDir(root);
    expect(model?.controls.length).toBeGreaterThanOrEqual(25);
    expect(model?.controls.length).toBeLessThanOrEqual(40);
    const statuses = new Set(model?.certifications.map((certification) => certification.status));
    for (const status of ['in-progress', 'inherited', 'not-held'] as const)
      expect(statuses).toContain(status);
  });
});

describe('broken copies', () => {
  it('a misspelt key, a stale version and an unknown provider are reported where they are', async () => {
    const dir = copyOf('examples/rowstr');
    const { model } = await loadOrganisationFromDir(dir);
    const controls = model?.controls ?? [];
    const typo = controls[0];
    const bumped = controls[1];
    const inheriting = controls.find((control) =>
      control.evidence.some((item) => 'inherited' in item),
    );
    if (!typo || !bumped || !inheriting)
      throw new Error('rowstr lost the controls this test needs');
    const typoFile = join(dir, 'controls', `${typo.id}.yaml`);
    const bumpedFile = join(dir, 'controls', `${bumped.id}.yaml`);
    const inheritingFile = join(dir, 'controls', `${inheriting.id}.yaml`);
    edit(typoFile, /^category:/m, 'categroy:');
    edit(bumpedFile, /^version: \d+/m, `version: ${bumped.version + 1}`);
    edit(inheritingFile, /provider: [a-z0-9-]+/, 'provider: no-such-provider');

    const { diagnostics } = await loadOrganisationFromDir(dir);
    expect(diagnostics.map((d) => [d.file, d.line, d.column, d.code])).toEqual(
      [
        [
          `controls/${typo.id}.yaml`,
          positionOf(typoFile, 'categroy:').line,
          1,
          'schema-unknown-key',
        ],
        [
          `controls/${bumped.id}.yaml`,
          positionOf(bumpedFile, 'version:').line,
          10,
          'version-changelog-mismatch',
        ],
        [
          `controls/${inheriting.id}.yaml`,
          positionOf(inheritingFile, 'no-such-provider').line,
          positionOf(inheritingFile, 'no-such-provider').column,
          'provider-unknown',
        ],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('a binary file, a broken document and a short notice period each get their own diagnostic', async () => {
    const dir = copyOf('.');
    writeFileSync(
      join(dir, 'controls', 'garbage.yaml'),
      Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28]),
    );
    const subprocessors = join(dir, 'policies', 'subprocessors.yaml');
    edit(subprocessors, /effective: \d{4}-\d{2}-\d{2}/, 'effective: 2026-11-11');
    const document = join(dir, 'policies', 'documents', 'security-policy.md');
    edit(document, /^visibility: public/m, 'visibility: everyone');

    const { diagnostics } = await loadOrganisationFromDir(dir);
    expect(diagnostics.map((d) => [d.file, d.line, d.code])).toEqual([
      ['controls/garbage.yaml', 1, 'file-binary'],
      [
        'policies/documents/security-policy.md',
        positionOf(document, 'visibility:').line,
        'schema-invalid-value',
      ],
      [
        'policies/subprocessors.yaml',
        positionOf(subprocessors, 'effective: 2026-11-11').line,
        'notice-period-too-short',
      ],
    ]);
  });

  it('refuses a directory that is not an organisation', async () => {
    await expect(loadOrganisationFromDir(join(root, 'engine'))).rejects.toBeInstanceOf(
      NotAnOrganisationError,
    );
    await expect(loadOrganisationFromDir(join(root, 'no-such-dir'))).rejects.toThrow(
      /is not a directory/,
    );
  });
});
