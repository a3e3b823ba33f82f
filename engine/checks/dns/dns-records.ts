import type { CaaRecord, MxRecord } from 'node:dns';

/** What one `expect` entry of a `dns` check found: problems (none when met) and what was seen. */
export interface RecordFinding {
  problems: string[];
  observed: unknown;
  hint?: string;
}

const policyRank = { none: 0, quarantine: 1, reject: 2 } as const;

/** TXT records as c-ares returns them (character-strings) joined into whole strings. */
export function joinTxt(records: readonly (readonly string[])[]): string[] {
  return records.map((chunks) => chunks.join(''));
}

/** The host names a CAA property authorises; `;` alone (no CA may issue) yields none. */
function issuerOf(value: string): string | undefined {
  const name = value.split(';')[0]?.trim().toLowerCase().replace(/\.$/, '');
  return name || undefined;
}

/**
 * CAA: the `issue`/`issuewild` issuers of the relevant record set (`at`, found by climbing
 * towards the root as CAs do, RFC 8659) must be exactly the `expected` CA domains.
 */
export function evaluateCaa(
  records: readonly CaaRecord[],
  at: string | undefined,
  expected: readonly string[],
): RecordFinding {
  const issue = records.flatMap((record) => (record.issue === undefined ? [] : [record.issue]));
  const issuewild = records.flatMap((record) =>
    record.issuewild === undefined ? [] : [record.issuewild],
  );
  const observed = { at: at ?? null, issue, issuewild };
  const hint = `publish CAA issue records naming only ${expected.join(', ') || 'your CAs'}`;
  if (issue.length === 0 && issuewild.length === 0) {
    return { problems: ['no CAA issue records: any CA may issue certificates'], observed, hint };
  }
  const actual = new Set([...issue, ...issuewild].flatMap((value) => issuerOf(value) ?? []));
  const wanted = new Set(expected.map((name) => name.toLowerCase().replace(/\.$/, '')));
  const missing = [...wanted].filter((name) => !actual.has(name));
  const extra = [...actual].filter((name) => !wanted.has(name));
  const problems: string[] = [];
  if (missing.length) problems.push(`CAA does not authorise ${missing.join(', ')}`);
  if (extra.length) problems.push(`CAA also authorises ${extra.join(', ')}`);
  return { problems, observed, hint };
}

/** The SPF records among a name's TXT strings (`v=spf1`, RFC 7208 §4.5). */
export function spfRecords(txt: readonly string[]): string[] {
  return txt.filter((record) => /^v=spf1(\s|$)/i.test(record));
}

/** The `all` mechanism of an SPF record (`-all`, `~all`, `+all`, `?all`), if any. */
export function spfAll(record: string): string | undefined {
  const term = record
    .split(/\s+/)
    .find((word) => /^[-~+?]?all$/i.test(word))
    ?.toLowerCase();
  if (term === undefined) return undefined;
  return /^[-~+?]/.test(term) ? term : `+${term}`;
}

/** The target of an SPF record's `redirect=` modifier, if any. */
export function spfRedirect(record: string): string | undefined {
  return /(?:^|\s)redirect=(\S+)/i.exec(record)?.[1];
}

/**
 * SPF: exactly one record (at the last name of `chain` when `redirect=` was followed) that
 * ends with `-all`, or with `~all` when that is what is required.
 */
export function evaluateSpf(
  records: readonly string[],
  chain: readonly string[],
  expected: '-all' | '~all',
): RecordFinding {
  const hint = `end the SPF record with ${expected}, e.g. "v=spf1 include:_spf.example.com ${expected}"`;
  const where = chain.length ? ` at ${chain.at(-1)}` : '';
  if (records.length === 0) return { problems: [`no SPF record${where}`], observed: null, hint };
  const record = records[0] ?? '';
  if (records.length > 1) {
    return {
      problems: [`${records.length} SPF records${where} (RFC 7208: a permanent error)`],
      observed: { records, ...(chain.length ? { via: chain } : {}) },
      hint: 'merge them into one v=spf1 record',
    };
  }
  const all = spfAll(record);
  const observed = chain.length
    ? { record, all: all ?? null, via: chain }
    : { record, all: all ?? null };
  const acceptable = expected === '-all' ? ['-all'] : ['-all', '~all'];
  if (all !== undefined && acceptable.includes(all)) return { problems: [], observed };
  const found = all === undefined ? 'has no `all` mechanism' : `ends with ${all}`;
  return { problems: [`SPF record ${found}, expected ${expected}`], observed, hint };
}

/** The tags of a DMARC record (`v=DMARC1; p=reject; …`), keys lower-cased. */
function dmarcTags(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0) {
      tags.set(part.slice(0, separator).trim().toLowerCase(), part.slice(separator + 1).trim());
    }
  }
  return tags;
}

/** DMARC: exactly one `v=DMARC1` record whose `p=` is at least as strict as `expected`. */
export function evaluateDmarc(
  txt: readonly string[],
  expected: 'reject' | 'quarantine',
): RecordFinding {
  const hint = `publish "v=DMARC1; p=${expected}; rua=mailto:…" as TXT at _dmarc.<domain>`;
  const records = txt.filter((record) => /^v=DMARC1\s*(;|$)/i.test(record));
  if (records.length === 0) return { problems: ['no DMARC record'], observed: null, hint };
  if (records.length > 1) {
    return {
      problems: [`${records.length} DMARC records (receivers ignore them all)`],
      observed: { records },
      hint,
    };
  }
  const record = records[0] ?? '';
  const tags = dmarcTags(record);
  const policy = tags.get('p')?.toLowerCase();
  const pct = tags.get('pct');
  const observed = { record, policy: policy ?? null, ...(pct === undefined ? {} : { pct }) };
  if (policy !== 'none' && policy !== 'quarantine' && policy !== 'reject') {
    return { problems: [`DMARC record has no valid p= policy`], observed, hint };
  }
  if (policyRank[policy] >= policyRank[expected]) return { problems: [], observed };
  return {
    problems: [`DMARC policy is p=${policy}, expected ${expected} or stricter`],
    observed,
    hint,
  };
}

/** TXT: some record must match `pattern`. */
export function evaluateTxt(txt: readonly string[], pattern: string): RecordFinding {
  const regex = new RegExp(pattern);
  const matched = txt.find((record) => regex.test(record));
  if (matched !== undefined) return { problems: [], observed: { matched } };
  return {
    problems: [`no TXT record matches /${pattern}/`],
    observed: { records: txt.slice(0, 10), count: txt.length },
    hint: 'publish the TXT record, or fix the pattern',
  };
}

/**
 * MX: `true` needs at least one mail host (a null MX, RFC 7505, accepts no mail), `false`
 * needs none, a list needs exactly those hosts.
 */
export function evaluateMx(
  records: readonly MxRecord[],
  expected: boolean | readonly string[],
): RecordFinding {
  const sorted = [...records].sort((a, b) => a.priority - b.priority);
  const hosts = sorted
    .filter((record) => record.exchange !== '' && record.exchange !== '.')
    .map((record) => record.exchange.toLowerCase().replace(/\.$/, ''));
  const observed = sorted.map((record) => `${record.priority} ${record.exchange || '.'}`);
  if (expected === true) {
    if (hosts.length) return { problems: [], observed };
    return {
      problems: ['no MX records: the domain receives no mail'],
      observed,
      hint: 'publish MX records for the mail hosts',
    };
  }
  if (expected === false) {
    if (!hosts.length) return { problems: [], observed };
    return {
      problems: [`MX records exist (${hosts.join(', ')})`],
      observed,
      hint: 'remove the MX records, or publish a null MX ("0 .")',
    };
  }
  const wanted = new Set(expected.map((name) => name.toLowerCase().replace(/\.$/, '')));
  const missing = [...wanted].filter((name) => !hosts.includes(name));
  const extra = hosts.filter((name) => !wanted.has(name));
  const problems: string[] = [];
  if (missing.length) problems.push(`MX lacks ${missing.join(', ')}`);
  if (extra.length) problems.push(`MX also lists ${extra.join(', ')}`);
  return { problems, observed, hint: `publish MX records for exactly ${[...wanted].join(', ')}` };
}
