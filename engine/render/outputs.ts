import { publicSnapshot } from '../evaluate/public-view.ts';
import type { Snapshot } from '../evaluate/snapshot.ts';
import { canonicalJson } from '../schema/canonical-json.ts';
import { generateJsonSchemas, schemaFormatVersion } from '../schema/json-schema.ts';
import { renderAtomFeed } from './atom.ts';
import { renderSecurityTxt } from './security-txt.ts';
import { buildSnapshotJson } from './snapshot-json.ts';
import { renderSubprocessorsJson } from './subprocessors-json.ts';
import { renderTrustJson } from './trust-json.ts';

/** Pretty JSON with sorted keys: stable bytes for the same data. */
function stableJson(value: unknown): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)}\n`;
}

/**
 * Every non-site output of a build, as path → content, rendered from the public view of
 * the snapshot only (gated and withheld claims appear nowhere; snapshot.json also without
 * owners and the engine's settings, see `buildSnapshotJson`): snapshot.json, trust.json,
 * subprocessors.json, the Atom feeds, /.well-known/security.txt and the JSON Schemas of the
 * file formats (`schema/<name>` and the versioned `schema/v1/<name>`, so that an
 * organisation's files can name their `$schema` on its own trust center). Pure and
 * deterministic.
 */
export function renderOutputs(snapshot: Snapshot): Map<string, string> {
  const view = publicSnapshot(snapshot);
  const base = view.organisation.url ?? view.organisation.website;
  const siteUrl = new URL('/', base).href;
  const files = new Map<string, string>([
    ['snapshot.json', stableJson(buildSnapshotJson(view))],
    ['trust.json', renderTrustJson(view)],
    ['subprocessors.json', renderSubprocessorsJson(view)],
    [
      'changes.atom',
      renderAtomFeed(view, { selfUrl: new URL('changes.atom', siteUrl).href, siteUrl }),
    ],
    [
      'subprocessors.atom',
      renderAtomFeed(view, {
        selfUrl: new URL('subprocessors.atom', siteUrl).href,
        siteUrl,
        only: 'subprocessors',
      }),
    ],
  ]);
  for (const [name, text] of Object.entries(generateJsonSchemas())) {
    files.set(`schema/${name}`, text);
    files.set(`schema/v${schemaFormatVersion}/${name}`, text);
  }
  if (view.disclosure) {
    files.set(
      '.well-known/security.txt',
      renderSecurityTxt(view.disclosure, {
        policyUrl: new URL('disclosure', siteUrl).href,
        publishedAt: view.publishedAt,
        draft: view.organisation.draft?.note,
      }),
    );
  }
  return files;
}
