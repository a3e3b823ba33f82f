import type { Snapshot, SnapshotControl } from '../evaluate/snapshot.ts';

/** A control as `snapshot.json` publishes it: without the owner, whose address is internal. */
export type PublishedControl = Omit<SnapshotControl, 'owner'>;

/** What `snapshot.json` holds: the public view without the engine's own settings. */
export type PublishedSnapshot = Omit<Snapshot, 'controls' | 'policy' | 'gitCommit'> & {
  controls: PublishedControl[];
};

/**
 * The object written to `snapshot.json`, from the public view of a snapshot (gated,
 * withheld and internal data already removed by `publicSnapshot`). Everything under DIST is
 * public, so this also leaves out what the public view keeps for the server's own use:
 * control owners, the policy (the engine's rules: result ages, `allowCommands`, …), the git
 * commit, and the subprocessor entries of an on-request listing.
 */
export function buildSnapshotJson(view: Snapshot): PublishedSnapshot {
  const { policy: _policy, gitCommit: _gitCommit, controls, subprocessors, ...rest } = view;
  return {
    ...rest,
    controls: controls.map(({ owner: _owner, ...control }) => control),
    subprocessors: {
      ...subprocessors,
      entries: subprocessors.listing === 'on-request' ? [] : subprocessors.entries,
    },
  };
}
