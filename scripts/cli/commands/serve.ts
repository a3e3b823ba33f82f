import type { ParsedArgs } from '../args.ts';

/** `attest serve`: placeholder replaced below. */
export async function runServe(_args: ParsedArgs): Promise<number> {
  return 2;
}
