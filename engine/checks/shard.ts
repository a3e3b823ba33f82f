import { createHash } from 'node:crypto';

/** One slice of the planned checks: the `index`-th (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** What identifies a check across runs and machines, whatever else the organisation declares. */
export interface ShardIdentity {
  controlId: string;
  /** The evidence id, or the item's position in the control's `evidence` list when it has none. */
  evidence: string | number;
  /** The check's definition hash (`checkDefinition`). */
  definition: string;
}

/**
 * Reads `I/N` (1 ≤ I ≤ N) as a shard, or says what is wrong with it.
 */
export function parseShard(text: string): Shard | { problem: string } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return { problem: `--shard must look like I/N, e.g. 1/3 (got "${text}")` };
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count)
    return {
      problem: `--shard ${text}: I must be from 1 to N and N at least 1 (e.g. 1/${Math.max(count, 2)})`,
    };
  return { index, count };
}

/**
 * The shard (1-based, of `count`) a check belongs to: a hash of its identity, not its
 * position, so adding or removing one check moves no other check to another shard, and
 * every runner that splits the same way agrees without talking to the others.
 */
export function shardOf(identity: ShardIdentity, count: number): number {
  const key = JSON.stringify([identity.controlId, identity.evidence, identity.definition]);
  const digest = createHash('sha256').update(key).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** Whether a check belongs to `shard` (every check does when there is no shard). */
export function isInShard(identity: ShardIdentity, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(identity, shard.count) === shard.index;
}
