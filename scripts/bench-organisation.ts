// A bundled-organisation-shaped organisation of any size, for benchmarks.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadOrganisation, type SourceFile } from '../engine/load/load-organisation.ts';
import type { Organisation } from '../engine/load/model.ts';

const root = resolve(import.meta.dirname, '..');

function read(folder: string, pattern: RegExp): SourceFile[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path: path.slice(root.length + 1), text: readFileSync(path, 'utf8') };
    });
}

const policies = read('policies', /\.(ya?ml|md)$/).filter(
  (file) => !file.path.startsWith('policies/evidence/'),
);
const templates = read('controls', /\.yaml$/);

/** How many controls the bundled organisation declares. */
export const bundledControlCount = templates.length;

/**
 * The bundled organisation's policies with `count` controls: its own, then numbered copies
 * of them. Throws when the result does not validate.
 */
export function generatedOrganisation(count: number): Organisation {
  const controls = Array.from({ length: count }, (_, index) => {
    const template = templates[index % templates.length] as SourceFile;
    const original = /^id: (.+)$/m.exec(template.text)?.[1] ?? 'control';
    const id = index < templates.length ? original : `${original}-${index}`;
    return { path: `controls/${id}.yaml`, text: template.text.replace(/^id: .+$/m, `id: ${id}`) };
  });
  const { model, diagnostics } = loadOrganisation([...policies, ...controls]);
  if (!model || diagnostics.some((d) => d.severity === 'error'))
    throw new Error('the generated organisation does not validate');
  return model;
}
