import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Snapshot } from '../evaluate/snapshot.ts';
import { type ChainRecord, savePublicationWith } from '../store/publications.ts';
import type { Repositories } from '../store/store.ts';
import {
  discardStaged,
  pruneVersions,
  restoreDist,
  type StagedDist,
  stageDist,
  switchDist,
} from './atomic-dist.ts';

/**
 * Writes gated PDFs (`documents/<id>.pdf` keys) as `<id>.pdf` in `folder`, each
 * atomically, and removes PDFs of documents that are no longer gated.
 */
async function writeGatedDocuments(
  folder: string,
  pdfs: ReadonlyMap<string, Uint8Array>,
): Promise<void> {
  await mkdir(folder, { recursive: true });
  const names = new Set<string>();
  for (const [path, bytes] of pdfs) {
    const name = path.slice('documents/'.length);
    names.add(name);
    await writeFile(join(folder, `${name}.partial`), bytes);
    await rename(join(folder, `${name}.partial`), join(folder, name));
  }
  for (const name of await readdir(folder))
    if (name.endsWith('.pdf') && !names.has(name)) await rm(join(folder, name), { force: true });
}

/**
 * Records the publication and switches DIST to the staged version as one step: the record
 * is written in a transaction that commits only once DIST points at the new version; when
 * either fails, the other is undone, and the error says that nothing was published.
 */
async function recordAndSwitch(
  store: Repositories,
  snapshot: Snapshot,
  staged: StagedDist,
  builtAt: Date,
  chain: ChainRecord | undefined,
  recorded?: (tx: Repositories, id: number) => Promise<void>,
): Promise<number> {
  let previous: string | undefined;
  let switched = false;
  try {
    return await savePublicationWith(
      store,
      snapshot,
      { builtAt: builtAt.toISOString(), chain },
      async () => {
        previous = await switchDist(staged);
        switched = true;
      },
      recorded,
    );
  } catch (error) {
    if (switched) await restoreDist(staged.outDir, previous);
    await discardStaged(staged);
    throw new Error(
      `publishing failed${switched ? ' after DIST was switched; DIST was switched back to the previous version' : '; DIST is unchanged'} and no publication was recorded: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** What {@link writePublication} puts in place. */
export interface PublicationOutput {
  snapshot: Snapshot;
  /** Every public file of DIST (path → content). */
  files: ReadonlyMap<string, string | Uint8Array>;
  /** Gated PDFs (`documents/<id>.pdf` → bytes), served only after an approved request. */
  gated: ReadonlyMap<string, Uint8Array>;
}

/** Stages and verifies the new DIST tree and writes the gated documents beside it. */
async function stageWithGated(
  output: PublicationOutput,
  target: { outDir: string; gatedDir: string },
): Promise<StagedDist> {
  const staged = await stageDist(
    target.outDir,
    output.files,
    output.snapshot.contentHash.slice(0, 12),
  );
  try {
    await writeGatedDocuments(target.gatedDir, output.gated);
  } catch (error) {
    await discardStaged(staged);
    throw new Error(
      `could not write the gated documents, so nothing was published and DIST is unchanged: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return staged;
}

/**
 * Stages and verifies the new DIST tree, writes the gated documents to `gatedDir`, then
 * records the publication and switches DIST in one step and prunes old versions. Returns the
 * publication id. A failure throws, with DIST and the publication record left as they were.
 */
export async function writePublication(
  output: PublicationOutput,
  target: {
    outDir: string;
    gatedDir: string;
    store: Repositories;
    builtAt: Date;
    /** The publication's new entry in the public history, if it makes one. */
    chain?: ChainRecord | undefined;
    /** Runs in the transaction that records a new publication (its events are queued there). */
    recorded?: (tx: Repositories, id: number) => Promise<void>;
  },
): Promise<number> {
  const staged = await stageWithGated(output, target);
  const id = await recordAndSwitch(
    target.store,
    output.snapshot,
    staged,
    target.builtAt,
    target.chain,
    target.recorded,
  );
  await pruneVersions(target.outDir);
  return id;
}

/**
 * Puts a publication another server recorded in place here: stages the tree and the gated
 * documents, switches DIST and prunes old versions, recording nothing. A failure throws with
 * DIST left as it was.
 */
export async function writeMirror(
  output: PublicationOutput,
  target: { outDir: string; gatedDir: string },
): Promise<void> {
  const staged = await stageWithGated(output, target);
  try {
    await switchDist(staged);
  } catch (error) {
    await discardStaged(staged);
    throw error;
  }
  await pruneVersions(target.outDir);
}
