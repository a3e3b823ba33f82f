import {
  chainHeadOf,
  type PublishedKey,
  verifyTrustJsonSignature,
} from '../render/publication-signature.ts';
import { fetchJson, type VerifyNetwork } from './fetch-document.ts';

/** What the walk back through `/publications/<n>.json` found. */
export interface HistoryVerdict {
  ok: boolean;
  /** The publication's number and head as trust.json states them. */
  number: number | null;
  head: string | null;
  /** How many publications were fetched and linked. */
  walked: number;
  /** With `--since`: whether that head was found in the history. */
  since?: { head: string; found: boolean; number?: number } | undefined;
  /** Why the history does not hold, when it does not. */
  problem?: string | undefined;
}

interface Placed {
  number: number;
  previous: string | null;
  head: string;
}

/** The `publication` of a document, when it has a well-formed one. */
function placementOf(document: Record<string, unknown>): Placed | undefined {
  const publication = document.publication as Record<string, unknown> | null | undefined;
  if (!publication) return undefined;
  const { number, previous, head } = publication;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) return undefined;
  if (typeof head !== 'string' || (previous !== null && typeof previous !== 'string'))
    return undefined;
  return { number, previous: previous as string | null, head };
}

/**
 * Verifies the publication history behind a trust.json: its head is the hash of its content,
 * it is published as `/publications/<n>.json`, and walking back, each publication's
 * `previous` is the head of the one before, each signed by a published key (current or
 * retired) when signed at all. With `since`, the walk stops at that head and fails when the
 * history does not contain it (a fork or a rewrite); without, it walks to publication 1.
 */
export async function verifyHistory(input: {
  document: Record<string, unknown>;
  base: URL;
  keys: readonly PublishedKey[];
  network: VerifyNetwork;
  since?: string | undefined;
}): Promise<HistoryVerdict> {
  const { document, base, keys, network, since } = input;
  const placed = placementOf(document);
  const sinceVerdict = (found: boolean, number?: number) =>
    since ? { head: since, found, ...(number !== undefined ? { number } : {}) } : undefined;
  if (!placed)
    return {
      ok: false,
      number: null,
      head: null,
      walked: 0,
      since: sinceVerdict(false),
      problem: 'trust.json has no publication history (no `publication` field)',
    };
  const fail = (walked: number, problem: string): HistoryVerdict => ({
    ok: false,
    number: placed.number,
    head: placed.head,
    walked,
    since: sinceVerdict(false),
    problem,
  });
  if (chainHeadOf(document) !== placed.head)
    return fail(0, 'its head is not the hash of its content: trust.json was altered');

  let expected: Placed = placed;
  let walked = 0;
  for (let number = placed.number; number >= 1; number--) {
    const url = new URL(`publications/${number}.json`, base);
    let entry: Record<string, unknown>;
    try {
      entry = (await fetchJson(url, network)) as Record<string, unknown>;
    } catch (error) {
      return fail(walked, `publication ${number} cannot be read: ${(error as Error).message}`);
    }
    walked++;
    const at = placementOf(entry);
    if (!at || at.number !== number)
      return fail(walked, `publications/${number}.json does not say it is publication ${number}`);
    const head = chainHeadOf(entry);
    if (head !== at.head)
      return fail(
        walked,
        `publication ${number} was altered: its head is not the hash of its content`,
      );
    if (head !== expected.head)
      return fail(
        walked,
        number === placed.number
          ? `publications/${number}.json is not the trust.json being verified`
          : `publication ${number} is not the one publication ${number + 1} follows: the history was rewritten or a publication removed`,
      );
    const signature = verifyTrustJsonSignature(entry, keys);
    if (signature.status === 'invalid' || signature.status === 'unknown-key')
      return fail(
        walked,
        `publication ${number}'s signature does not verify against the published keys (${signature.status === 'invalid' ? signature.reason : `unknown key ${signature.keyId}`})`,
      );
    if (since && head === since)
      return {
        ok: true,
        number: placed.number,
        head: placed.head,
        walked,
        since: sinceVerdict(true, number),
      };
    if (number === 1) {
      if (at.previous !== null) return fail(walked, 'publication 1 claims a predecessor');
      break;
    }
    if (at.previous === null) return fail(walked, `publication ${number} claims no predecessor`);
    expected = { number: number - 1, previous: null, head: at.previous };
  }
  if (since)
    return fail(
      walked,
      `the head ${since} seen earlier is not in this history: it was rewritten or forked since`,
    );
  return { ok: true, number: placed.number, head: placed.head, walked };
}
