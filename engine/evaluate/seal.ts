import { createHash } from 'node:crypto';
import { canonicalJson } from '../schema/canonical-json.ts';
import type { Snapshot } from './snapshot.ts';

/** Computes the content hash of a snapshot (over everything but the hash itself) and sets it. */
export function sealSnapshot(snapshot: Omit<Snapshot, 'contentHash'>): Snapshot {
  const { contentHash: _ignored, ...content } = snapshot as Snapshot;
  const contentHash = createHash('sha256').update(canonicalJson(content)).digest('hex');
  return { ...content, contentHash } as Snapshot;
}
