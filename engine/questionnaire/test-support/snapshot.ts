import { join } from 'node:path';
import { checkDefinition } from '../../checks/definition.ts';
import type { CheckResult } from '../../checks/result.ts';
import { evaluateOrganisation } from '../../evaluate/evaluate.ts';
import type { Snapshot } from '../../evaluate/snapshot.ts';
import { loadOrganisationFromDir } from '../../fs/read-organisation.ts';
import { repoRoot } from '../../fs/test-organisations.ts';
import type { Organisation } from '../../load/model.ts';
import type { CheckType } from '../../schema/index.ts';

/** The moment test snapshots are evaluated at. */
export const testNow = new Date('2026-11-23T12:00:00Z');

/** A result for every automated check of `model` with the given status, taken at `at`. */
export function uniformResults(
  model: Organisation,
  status: CheckResult['status'],
  only?: (controlId: string) => boolean,
  at: Date = testNow,
): CheckResult[] {
  return model.controls.flatMap((control) =>
    control.evidence.flatMap((item, evidenceIndex) =>
      'check' in item && (!only || only(control.id))
        ? [
            {
              controlId: control.id,
              visibility: control.visibility,
              evidenceIndex,
              evidenceId: item.id,
              check: item.check as CheckType,
              target: item.target,
              description: item.description,
              durationMs: 1,
              at: at.toISOString(),
              attempts: 1,
              waiver: undefined,
              definition: checkDefinition(item, model.policy),
              override: undefined,
              status,
              observed: null,
              expected: null,
              message: status === 'pass' ? 'as expected' : 'not as expected',
            },
          ]
        : [],
    ),
  );
}

/** Loads a repository organisation (`.` or `examples/<name>`) and evaluates it. */
export async function loadRepositoryModel(organisation: string): Promise<Organisation> {
  const { model, diagnostics } = await loadOrganisationFromDir(join(repoRoot, organisation), {
    today: testNow.toISOString().slice(0, 10),
  });
  if (!model || diagnostics.some((d) => d.severity === 'error'))
    throw new Error(`${organisation} does not load: ${JSON.stringify(diagnostics.slice(0, 3))}`);
  return model;
}

/**
 * A repository organisation evaluated as if every automated check had just passed, or with
 * `failing` controls' checks failing: the state the labelled test set describes.
 */
export async function repositorySnapshot(
  organisation: string,
  failing: readonly string[] = [],
): Promise<Snapshot> {
  const model = await loadRepositoryModel(organisation);
  const results = [
    ...uniformResults(model, 'pass', (id) => !failing.includes(id)),
    ...uniformResults(model, 'fail', (id) => failing.includes(id)),
  ];
  return evaluateOrganisation(model, results, {
    now: testNow,
    publishedAt: testNow.toISOString(),
  });
}
