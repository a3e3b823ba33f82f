import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseResolveOptions } from '../../engine/checks/net.ts';
import { parseShard, type Shard } from '../../engine/checks/shard.ts';
import type { ResolvedAddress } from '../../engine/checks/types.ts';
import { parseWebOrigin } from '../../engine/render/web-origin.ts';
import { UsageError } from './args.mjs';

/** A whole number above 0 from an option, or a usage error naming the option. */
export function positiveInteger(name: string, value: unknown): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new UsageError(`--${name} must be a whole number above 0 (got "${value}")`);
  }
  return number;
}

/** A repeatable option's values as a list (none, one or many). */
export function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
}

/** `--resolve` values as a map, or a usage error quoting the malformed one. */
export function resolveOption(value: unknown): Map<string, ResolvedAddress> {
  try {
    return parseResolveOptions(list(value));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The PEM text of each `--ca FILE`, or a usage error naming the file that cannot be read. */
export function readCaFiles(value: unknown): Promise<string[]> {
  return Promise.all(
    list(value).map((file) =>
      readFile(resolve(file), 'utf8').catch(() => {
        throw new UsageError(`--ca ${file}: cannot read that file`);
      }),
    ),
  );
}

/**
 * The origin in the environment variable `name`, validated (see `parseWebOrigin`); unset or
 * empty is `undefined`, a bad value a usage error (exit 2).
 */
export function originFromEnv(name: string): string | undefined {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') return undefined;
  const setting = parseWebOrigin(name, value);
  if (!setting.ok) throw new UsageError(setting.message);
  return setting.origin;
}

/** `--shard I/N` as a shard (undefined when not given), or a usage error saying what is wrong. */
export function shardOption(value: unknown): Shard | undefined {
  if (value === undefined) return undefined;
  const shard = parseShard(String(value));
  if ('problem' in shard) throw new UsageError(shard.problem);
  return shard;
}
