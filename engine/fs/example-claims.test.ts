import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateOrganisation } from '../evaluate/evaluate.ts';
import type { Snapshot } from '../evaluate/snapshot.ts';
import { dpaId } from '../render/documents/render-documents.ts';
import { testNow } from '../test-support/clock.ts';
import { loadOrganisationFromDir } from './read-organisation.ts';
import { repoRoot } from './test-organisations.ts';

/**
 * What each example organisation is said to claim, pinned in `__pins__/<org>.json`. The
 * examples model real companies' security pages and must not say more than those pages
 * do, so any change to a claim, a certification, a subprocessor, the disclosure terms or
 * a document shows up as a reviewed diff of these files.
 */
const examples = ['studioflow', 'fotostudio', 'rowstr', 'clientflow', 'picsui'];

const byText = (a: string, b: string): number => a.localeCompare(b);

/** The public claims of a snapshot, summarised and sorted so the pin reads as a list. */
function summarise(snapshot: Snapshot) {
  return {
    claims: snapshot.controls
      .map((control) => ({ id: control.id, claim: control.claim, status: control.status }))
      .sort((a, b) => byText(a.id, b.id)),
    certifications: snapshot.certifications
      .map((certification) => ({ name: certification.name, state: certification.effectiveStatus }))
      .sort((a, b) => byText(a.name, b.name)),
    subprocessors: snapshot.subprocessors.entries
      .map((entry) => ({
        name: entry.name,
        purpose: entry.purpose,
        location: entry.location,
        transferMechanism: entry.transferMechanism,
      }))
      .sort((a, b) => byText(a.name, b.name)),
    disclosure: snapshot.disclosure ?? null,
    documents: snapshot.documents
      .map((document) => ({
        id: document.id,
        kind: document.id === dpaId ? 'dpa' : 'document',
        access: document.visibility,
      }))
      .sort((a, b) => byText(a.id, b.id)),
  };
}

describe('what each example organisation claims', () => {
  it.each(examples)('%s', async (organisation) => {
    const { model, diagnostics } = await loadOrganisationFromDir(
      join(repoRoot, 'examples', organisation),
      { today: testNow.toISOString().slice(0, 10) },
    );
    expect(diagnostics).toEqual([]);
    if (!model) throw new Error(`examples/${organisation} did not load`);
    const snapshot = evaluateOrganisation(model, [], {
      now: testNow,
      publishedAt: testNow.toISOString(),
    });
    const pins = summarise(snapshot);
    await expect(JSON.stringify(pins, null, 2)).toMatchFileSnapshot(
      `./__pins__/${organisation}.json`,
    );
  });
});
