import type { Snapshot } from '../evaluate/snapshot.ts';
import {
  renderAttestKeys,
  renderSealedTrustJson,
  sealTrustJson,
} from '../render/publication-signature.ts';
import type { TrustJson } from '../schema/trust-json.ts';
import type { ChainRecord, Publication } from '../store/publications.ts';
import type { Repositories } from '../store/store.ts';
import type { SigningKeys } from './signing-key.ts';

/** Where the published key set is served, relative to the trust center's origin. */
export const attestKeysPath = '.well-known/attest-keys.json';

/** The files a publication's place in the history adds or replaces, and what to record. */
export interface ChainedOutputs {
  /** trust.json (sealed), `publications/<n>.json` for every entry, the key set, security.txt. */
  files: Map<string, string>;
  /** The new history entry to record with the publication; undefined for an unchanged one. */
  record: ChainRecord | undefined;
  /** The publication's number in the history and its chain head. */
  number: number;
  head: string;
  /** The id of the key that signed it, or null when it is unsigned. */
  keyId: string | null;
}

/** The signing key id of a published trust.json text. */
function keyIdIn(text: string): string | null {
  return (JSON.parse(text) as TrustJson).signature?.keyId ?? null;
}

/** security.txt with the `Attest-Keys` extension field (RFC 9116 §2.4) pointing at the key set. */
function withKeysField(securityTxt: string, keysUrl: string): string {
  return `${securityTxt}Attest-Keys: ${keysUrl}\n`;
}

/**
 * Places a publication in the public history: trust.json gets its number, the previous
 * head and its own head, and is signed with the current key (unsigned without one). Every
 * earlier entry stays published at `publications/<n>.json`, and the key set (current and
 * retired public keys) at `/.well-known/attest-keys.json`. When `latest` has the same
 * content and an entry already, its recorded trust.json is published unchanged.
 */
export async function chainOutputs(input: {
  store: Repositories;
  snapshot: Snapshot;
  /** The rendered outputs; trust.json and security.txt are read from it. */
  rendered: ReadonlyMap<string, string | Uint8Array>;
  latest: Publication | undefined;
  keys: SigningKeys;
}): Promise<ChainedOutputs> {
  const { store, snapshot, rendered, latest, keys } = input;
  const entries = await store.publications.chainEntries();
  const files = new Map<string, string>();
  for (const entry of entries) files.set(`publications/${entry.number}.json`, entry.trustJson);
  const base = snapshot.organisation.url ?? snapshot.organisation.website;
  files.set(attestKeysPath, renderAttestKeys(keys.current, keys.retired));
  const securityTxt = rendered.get('.well-known/security.txt');
  if (typeof securityTxt === 'string')
    files.set(
      '.well-known/security.txt',
      withKeysField(securityTxt, new URL(`/${attestKeysPath}`, base).href),
    );

  if (latest?.chain && latest.contentHash === snapshot.contentHash) {
    files.set('trust.json', latest.chain.trustJson);
    return {
      files,
      record: undefined,
      number: latest.chain.number,
      head: latest.chain.head,
      keyId: keyIdIn(latest.chain.trustJson),
    };
  }
  const newest = entries.at(-1);
  const trust = JSON.parse(String(rendered.get('trust.json'))) as TrustJson;
  const position = { number: (newest?.number ?? 0) + 1, previous: newest?.head ?? null };
  const sealed = sealTrustJson(trust, position, keys.current);
  const text = renderSealedTrustJson(sealed);
  const head = sealed.publication?.head ?? '';
  files.set('trust.json', text);
  files.set(`publications/${position.number}.json`, text);
  return {
    files,
    record: { ...position, head, trustJson: text },
    number: position.number,
    head,
    keyId: sealed.signature?.keyId ?? null,
  };
}
