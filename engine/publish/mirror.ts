import { join } from 'node:path';
import type { Snapshot } from '../evaluate/snapshot.ts';
import type { SiteData } from '../render/site-data.ts';
import type { Repositories } from '../store/store.ts';
import { withOutputLock } from './atomic-dist.ts';
import { type PublishedOrganisation, renderPublication } from './publish.ts';
import { readSigningKeys } from './signing-key.ts';
import { writeMirror } from './write-publication.ts';

/** A publication another server recorded, now served here too. */
export interface MirroredPublication {
  id: number;
  snapshot: Snapshot;
  site: SiteData;
}

/**
 * Serves the newest publication in the store as this server's own, without evaluating
 * anything: a replica that does not run the schedule shows exactly the snapshot the one
 * that does published — the same claims, statuses and timestamps — rendered from it into
 * this server's DIST (`outDir`) and gated documents. Nothing is recorded and nobody is
 * mailed; that was done once, by the publishing server. Returns undefined when nothing was
 * published yet.
 */
export async function mirrorLatestPublication(input: {
  organisation: PublishedOrganisation;
  store: Repositories;
  outDir: string;
  now: Date;
}): Promise<MirroredPublication | undefined> {
  const { organisation, store, outDir, now } = input;
  return withOutputLock(outDir, async () => {
    const publication = await store.publications.latest();
    if (!publication) return undefined;
    const { snapshot } = publication;
    const { site, files, pdfs } = await renderPublication({
      organisation,
      snapshot,
      store,
      now,
      latest: publication,
      keys: readSigningKeys(),
    });
    await writeMirror(
      { snapshot, files, gated: pdfs.gated },
      { outDir, gatedDir: join(organisation.dir, 'data', 'gated-documents') },
    );
    return { id: publication.id, snapshot, site };
  });
}
