import { describe, expect, it } from 'vitest';
import { isInShard, parseShard, type ShardIdentity, shardOf } from './shard.ts';

const identities = (count: number): ShardIdentity[] =>
  Array.from({ length: count }, (_, n) => ({
    controlId: `control-${n % 7}`,
    evidence: n % 3 === 0 ? n : `evidence-${n}`,
    definition: `definition-${n}`,
  }));

describe('shardOf', () => {
  it('puts every check in exactly one shard', () => {
    for (const count of [1, 2, 3, 5]) {
      for (const identity of identities(60)) {
        const shards = Array.from({ length: count }, (_, i) => i + 1).filter((index) =>
          isInShard(identity, { index, count }),
        );
        expect(shards).toHaveLength(1);
      }
    }
  });

  it('moves no other check when one is added', () => {
    const before = identities(60);
    const after = [
      { controlId: 'new-control', evidence: 'new', definition: 'new-definition' },
      ...before,
    ];
    for (const count of [2, 3, 4]) {
      const assigned = (list: ShardIdentity[]) =>
        new Map(list.map((identity) => [JSON.stringify(identity), shardOf(identity, count)]));
      const old = assigned(before);
      const now = assigned(after);
      for (const [key, shard] of old) expect(now.get(key)).toBe(shard);
    }
  });

  it('spreads checks over every shard', () => {
    const used = new Set(identities(60).map((identity) => shardOf(identity, 3)));
    expect([...used].sort()).toEqual([1, 2, 3]);
  });

  it('follows the definition: a rewritten check is a new check', () => {
    const identity = { controlId: 'c', evidence: 'e', definition: 'd' };
    const rewritten = identities(20).map((_, n) => ({ ...identity, definition: `d${n}` }));
    expect(new Set(rewritten.map((each) => shardOf(each, 2))).size).toBe(2);
  });
});

describe('parseShard', () => {
  it('reads I/N', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/2', '3/2', '1/0', 'two', '1/2/3', '-1/2', ''])('refuses %j', (text) => {
    expect(parseShard(text)).toHaveProperty('problem');
  });
});
