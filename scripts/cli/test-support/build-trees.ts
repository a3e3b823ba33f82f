import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { copyOrganisation } from '../../../engine/fs/test-organisations.ts';

/** Every file of a published tree, path → sha256, following the DIST link. */
export function treeHashes(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    hashes[path.slice(dir.length + 1)] = createHash('sha256')
      .update(readFileSync(path))
      .digest('hex');
  }
  return hashes;
}

export const expectedFiles = [
  '.well-known/security.txt',
  'changes.atom',
  'snapshot.json',
  'subprocessors.atom',
  'subprocessors.json',
  'trust.json',
  'index.html',
];

/** Every published output plus the site's page and stylesheet. */
export function expectComplete(paths: readonly string[]): void {
  expect(paths).toEqual(expect.arrayContaining(expectedFiles));
  expect(paths.some((path) => /^_astro\/.+\.css$/.test(path))).toBe(true);
}

/** A copy of an example organisation with one extra public control whose config check fails. */
export function organisationWithFailingClaim(
  scratch: string,
  name: string,
  onFailure: 'block' | 'withhold',
): string {
  const dir = copyOrganisation('examples/clientflow', join(scratch, name));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ tls: { min: 'TLSv1.0' } }));
  const first = readFileSync(
    join(dir, 'controls', readdirSync(join(dir, 'controls'))[0] ?? ''),
    'utf8',
  );
  const category = /^category: (.+)$/m.exec(first)?.[1];
  writeFileSync(
    join(dir, 'controls', 'legacy-tls-off.yaml'),
    `id: legacy-tls-off\ntitle: Legacy TLS disabled\ncategory: ${category}\nversion: 1\nupdated: 2026-01-01\nowner: security@clientflow.example\nvisibility: public\nstatus: implemented\nclaim: TLS 1.0 is switched off everywhere, unmistakably.\nevidence:\n  - check: config\n    target: settings.json\n    expect: { path: tls.min, equals: TLSv1.2 }\nchangelog:\n  - { version: 1, date: 2026-01-01, note: First }\n`,
  );
  writeFileSync(join(dir, 'policies', 'policy.yaml'), `onFailure: ${onFailure}\n`);
  return dir;
}
