import { loadOrganisation } from '../../load/load-organisation.ts';
import type { Organisation } from '../../load/model.ts';
import { fixtureToday, minimalOrganisation } from '../../load/test-fixture.ts';

/**
 * The minimal test organisation plus one public control per entry of `controls`, each
 * with the given YAML for its `evidence:` (and optional `waivers:`) block.
 */
export function organisationWith(
  controls: Record<string, { evidence: string; waivers?: string; visibility?: string }>,
): Organisation {
  const files = minimalOrganisation().filter((file) => !file.path.startsWith('controls/'));
  for (const [id, { evidence, waivers, visibility }] of Object.entries(controls)) {
    files.push({
      path: `controls/${id}.yaml`,
      text: [
        `id: ${id}`,
        `title: ${id}`,
        'category: encryption',
        'version: 1',
        'updated: 2026-01-01',
        'owner: security@acme.example',
        `visibility: ${visibility ?? 'public'}`,
        'status: implemented',
        `claim: Claim of ${id}.`,
        'evidence:',
        evidence.replace(/^/gm, '  '),
        ...(waivers ? ['waivers:', waivers.replace(/^/gm, '  ')] : []),
        'changelog:',
        '  - { version: 1, date: 2026-01-01, note: First }',
        '',
      ].join('\n'),
    });
  }
  const { model, diagnostics } = loadOrganisation(files, { today: fixtureToday });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!model || errors.length)
    throw new Error(`test organisation is invalid: ${JSON.stringify(errors)}`);
  return model;
}
