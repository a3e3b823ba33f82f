import { cpSync } from 'node:fs';
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

/** The bundled organisation and the five seed organisations, as paths from the repository root. */
export const repositoryOrganisations = [
  '.',
  'examples/studioflow',
  'examples/fotostudio',
  'examples/rowstr',
  'examples/clientflow',
  'examples/picsui',
];
