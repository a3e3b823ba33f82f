import {
  type PublishedKey,
  type SignatureVerdict,
  verifyTrustJsonSignature,
} from '../render/publication-signature.ts';
import { fetchJson, type VerifyNetwork } from './fetch-document.ts';
import { type ClaimReport, recheckClaims } from './recheck-claims.ts';
import { type HistoryVerdict, verifyHistory } from './verify-history.ts';

/** Everything `attest verify` found about one trust center. */
export interface VerifyReport {
  /** The trust.json address verified. */
  url: string;
  organisation: string | null;
  /** Could trust.json be read at all; when not, why. */
  fetchError?: string | undefined;
  signature: SignatureVerdict | { status: 'key-mismatch'; keyId: string; pinned: string };
  /** Why the key set could not be read, when it could not. */
  keysError?: string | undefined;
  history: HistoryVerdict;
  claims: ClaimReport[];
  /** The `--resolve`/`--ca` overrides used: such a run does not prove the public address. */
  overrides: string[];
  /** 0: every checkable claim holds, signature and history sound; 1: not. */
  ok: boolean;
  startedAt: string;
  durationMs: number;
}

/** What `attest verify` is asked to do for one trust center. */
export interface VerifyRequest {
  /** The trust center's address, or its trust.json. */
  url: string;
  /** A chain head seen earlier: the history must still contain it. */
  since?: string | undefined;
  /** The signing key id pinned out of band: the signature must be by it. */
  keyId?: string | undefined;
}

/** Where trust.json is for an address: the address itself when it names a .json file. */
export function trustJsonUrl(address: string): URL {
  const url = new URL(address);
  if (url.pathname.endsWith('.json')) return url;
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return new URL('trust.json', url);
}

function readKeys(value: unknown): PublishedKey[] {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('the key set has no `keys` list');
  return keys.filter(
    (key): key is PublishedKey => typeof key?.id === 'string' && typeof key?.publicKey === 'string',
  );
}

const noHistory: HistoryVerdict = { ok: false, number: null, head: null, walked: 0 };

/**
 * Verifies one trust center from outside: fetches trust.json and the published key set
 * (`/.well-known/attest-keys.json` on the same origin), checks the signature (and the pinned
 * key id), walks the publication history back (to `since`, or to the first publication), and
 * re-runs every public check. `ok` is false on a bad signature, a broken history or a
 * contradicted claim; an unsigned publication or a claim that could not be checked is
 * reported, not failed.
 */
export async function verifyTrustCenter(
  request: VerifyRequest,
  network: VerifyNetwork & { concurrency: number },
): Promise<VerifyReport> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const url = trustJsonUrl(request.url);
  const base = new URL('./', url);
  const host = url.hostname.toLowerCase();
  const overrides = new Set<string>();
  const resolved = network.resolve.get(host);
  if (resolved)
    overrides.add(
      `--resolve ${host}:${resolved.address}${resolved.port ? `:${resolved.port}` : ''} (trust.json)`,
    );
  if (url.protocol === 'https:' && network.extraCa.length) overrides.add('--ca (trust.json)');
  const finish = (
    report: Omit<VerifyReport, 'ok' | 'durationMs' | 'overrides' | 'startedAt' | 'url'>,
  ) => {
    for (const claim of report.claims)
      for (const item of claim.evidence) if (item.override) overrides.add(item.override);
    const ok =
      report.fetchError === undefined &&
      (report.signature.status === 'valid' || report.signature.status === 'unsigned') &&
      report.history.ok &&
      !report.claims.some((claim) => claim.verdict === 'contradicted');
    return {
      url: url.href,
      ...report,
      overrides: [...overrides],
      ok,
      startedAt,
      durationMs: Date.now() - started,
    };
  };

  let document: Record<string, unknown>;
  try {
    const fetched = await fetchJson(url, network);
    if (!fetched || typeof fetched !== 'object' || Array.isArray(fetched))
      throw new Error(`${url.href} is not a trust.json object`);
    document = fetched as Record<string, unknown>;
  } catch (error) {
    return finish({
      organisation: null,
      fetchError: (error as Error).message,
      signature: { status: 'unsigned' },
      history: { ...noHistory, problem: 'trust.json could not be read' },
      claims: [],
    });
  }
  const organisation =
    typeof (document.organisation as { name?: unknown } | undefined)?.name === 'string'
      ? String((document.organisation as { name: string }).name)
      : null;

  let keys: PublishedKey[] = [];
  let keysError: string | undefined;
  try {
    keys = readKeys(await fetchJson(new URL('/.well-known/attest-keys.json', url), network));
  } catch (error) {
    keysError = (error as Error).message;
  }
  const verdict = verifyTrustJsonSignature(document, keys);
  const signature =
    request.keyId && verdict.status === 'valid' && !verdict.keyId.startsWith(request.keyId)
      ? { status: 'key-mismatch' as const, keyId: verdict.keyId, pinned: request.keyId }
      : request.keyId && verdict.status === 'unsigned'
        ? {
            status: 'invalid' as const,
            keyId: '',
            reason: `unsigned, but key ${request.keyId} was pinned`,
          }
        : verdict.status === 'unsigned' && keys.some((key) => key.status === 'current')
          ? {
              status: 'invalid' as const,
              keyId: '',
              reason: 'unsigned, though the trust center publishes a current signing key',
            }
          : verdict;

  const [history, claims] = await Promise.all([
    verifyHistory({ document, base, keys, network, since: request.since }),
    recheckClaims(document, network),
  ]);
  return finish({ organisation, signature, keysError, history, claims });
}
