import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root, which is also the bundled organisation. */
export const repoRoot = resolve(import.meta.dirname, '../..');

/** Copies the controls/ and policies/ of one of the repository's organisations into `target`, for tests. */
export function copyOrganisation(organisation: string, target: string): string {
  for (const folder of ['controls', 'policies']) {
    cpSync(join(repoRoot, organisation, folder), join(target, folder), { recursive: true });
  }
  return target;
}

/**
 * Points the bundled organisation's checks of its own site (`127.0.0.1:4321`) at `port`, so a
 * test server proves them against itself. Results gathered through `--resolve` never verify a
 * public claim, so tests change the target instead.
 */
export function pointChecksAt(dir: string, port: number): void {
  const controls = join(dir, 'controls');
  for (const name of readdirSync(controls)) {
    if (!name.endsWith('.yaml')) continue;
    const file = join(controls, name);
    const text = readFileSync(file, 'utf8');
    const moved = text.replaceAll('127.0.0.1:4321', `127.0.0.1:${port}`);
    if (moved !== text) writeFileSync(file, moved);
  }
}

/** The bundled organisation and the five seed organisations, as paths from the repository root. */
export const repositoryOrganisations = [
  '.',
  'examples/studioflow',
  'examples/fotostudio',
  'examples/rowstr',
  'examples/clientflow',
  'examples/picsui',
];
