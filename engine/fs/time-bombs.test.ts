import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { passingResults } from '../checks/test-support/passing-results.ts';
import { evaluateOrganisation } from '../evaluate/evaluate.ts';
import { gateSnapshot } from '../publish/gate.ts';
import { loadOrganisationFromDir } from './read-organisation.ts';
import { repoRoot, repositoryOrganisations } from './test-organisations.ts';

/**
 * How far ahead the project's own organisations must stay publishable. This test reads the
 * wall clock on purpose: someone who clones the project next year must still get a trust
 * center from `npm start`, so it fails this many days before any date in the bundled or
 * example organisations would stop a publication, naming the file and the date.
 */
const runwayDays = 400;

describe(`the bundled and example organisations stay publishable for ${runwayDays} days`, () => {
  const later = new Date(Date.now() + runwayDays * 86_400_000);
  const today = later.toISOString().slice(0, 10);

  // The evaluation set's organisations too: its answers are measured on them.
  const organisations = [
    ...repositoryOrganisations,
    'engine/questionnaire/evalset/orgs/rotaline',
    'engine/questionnaire/evalset/orgs/halvard',
    'engine/questionnaire/evalset/orgs/kelda',
  ];
  it.each(organisations)('%s', async (organisation) => {
    const dir = join(repoRoot, organisation);
    const { model, diagnostics } = await loadOrganisationFromDir(dir, { today });
    const bombs = diagnostics
      .filter((diagnostic) => diagnostic.severity === 'error')
      .map(
        (diagnostic) =>
          `${organisation}/${diagnostic.file}:${diagnostic.line}: ${diagnostic.message}`,
      );
    if (model) {
      const snapshot = evaluateOrganisation(model, passingResults(model, later), {
        now: later,
        publishedAt: later.toISOString(),
      });
      for (const control of gateSnapshot(snapshot).contradicted) {
        const source = model.controlSources[control.id];
        const lapsed = control.evidence.findIndex(
          (item) => item.kind === 'attestation' && item.state !== 'current',
        );
        const line = source?.evidence[lapsed]?.line;
        bombs.push(`${organisation}/${source?.file}${line ? `:${line}` : ''}: ${control.reason}`);
      }
      for (const certification of snapshot.certifications.filter(
        (entry) => entry.effectiveStatus === 'lapsed',
      ))
        bombs.push(
          `${organisation}/policies/certifications.yaml: "${certification.name}" lapses on ${certification.status === 'certified' ? certification.validUntil : ''}`,
        );
    }
    expect(bombs, `on ${today} these would stop or shrink the publication`).toEqual([]);
  });
});
