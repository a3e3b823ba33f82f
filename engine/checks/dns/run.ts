import type { CaaRecord } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { type CheckContext, CheckError, type CheckModule, verdict } from '../types.ts';
import {
  evaluateCaa,
  evaluateDmarc,
  evaluateMx,
  evaluateSpf,
  evaluateTxt,
  joinTxt,
  type RecordFinding,
  spfAll,
  spfRecords,
  spfRedirect,
} from './dns-records.ts';

/** RFC 7208 §4.6.4 caps the DNS lookups of one SPF evaluation at 10. */
const maxSpfRedirects = 10;

/** A name that does not exist (NXDOMAIN); distinct from an empty answer. */
const nxdomain = Symbol('nxdomain');

function parseDomain(target: string): string {
  const domain = target.trim().toLowerCase().replace(/\.$/, '');
  if (!/^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_-]{1,63})*$/.test(domain)) {
    throw new CheckError(`"${target}" is not a domain name`, {
      hint: 'write the target as a bare domain, e.g. example.com',
    });
  }
  return domain;
}

/** A resolver for this check: the configured servers and a short per-try timeout. */
function createResolver(context: CheckContext): Resolver {
  const resolver = new Resolver({
    timeout: Math.max(100, Math.floor(context.timeoutMs / 4)),
    tries: 2,
  });
  if (context.dnsServers.length) {
    try {
      resolver.setServers([...context.dnsServers]);
    } catch (error) {
      throw new CheckError(`invalid DNS server in ${context.dnsServers.join(', ')}`, {
        hint: 'give DNS servers as IP or IP:PORT ([IPv6]:PORT)',
        cause: error,
      });
    }
  }
  return resolver;
}

/** Turns a resolver failure (other than "no such name"/"no data") into an `error`. */
function dnsError(error: unknown, name: string, context: CheckContext): CheckError {
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  const observed = { name, code: code || undefined };
  const servers = context.dnsServers.length ? context.dnsServers.join(', ') : 'the system resolver';
  if (code === 'ECANCELLED' || context.signal.aborted) {
    return new CheckError(`DNS lookup of ${name} did not finish before the timeout`, {
      hint: `is ${servers} reachable? Raise the check's timeout if it is slow`,
      observed,
      cause: error,
    });
  }
  if (code === 'ETIMEOUT' || code === 'ECONNREFUSED') {
    return new CheckError(`DNS server ${servers} did not answer for ${name} (${code})`, {
      hint: 'check the DNS server address (--dns-server) and that it is reachable',
      retryable: true,
      observed,
      cause: error,
    });
  }
  if (code === 'ESERVFAIL') {
    return new CheckError(`DNS lookup of ${name} failed with SERVFAIL`, {
      hint: 'the authoritative servers are broken or DNSSEC validation failed; try `dig +cd`',
      retryable: true,
      observed,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CheckError(`DNS lookup of ${name} failed: ${message}`, { observed, cause: error });
}

/** One query: the records, `[]` when the name has none of the type, `nxdomain` if absent. */
async function query<T>(
  lookup: () => Promise<T[]>,
  name: string,
  context: CheckContext,
): Promise<T[] | typeof nxdomain> {
  try {
    return await lookup();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'ENODATA') return [];
    if (code === 'ENOTFOUND') return nxdomain;
    throw dnsError(error, name, context);
  }
}

function mustExist<T>(records: T[] | typeof nxdomain, domain: string): T[] {
  if (records !== nxdomain) return records;
  throw new CheckError(`${domain} does not exist (NXDOMAIN)`, {
    hint: 'check the domain name and the DNS server the check uses',
    observed: { name: domain, code: 'ENOTFOUND' },
  });
}

/** The relevant CAA record set: the domain's own, else the nearest ancestor's (RFC 8659 §3). */
async function findCaa(
  resolver: Resolver,
  domain: string,
  context: CheckContext,
): Promise<{ records: CaaRecord[]; at: string | undefined }> {
  const labels = domain.split('.');
  for (let index = 0; index < labels.length; index++) {
    const name = labels.slice(index).join('.');
    const found = await query(() => resolver.resolveCaa(name), name, context);
    const records = index === 0 ? mustExist(found, domain) : found === nxdomain ? [] : found;
    if (records.length) return { records, at: name };
  }
  return { records: [], at: undefined };
}

/** The SPF records that decide, following `redirect=` from a record without `all`. */
async function findSpf(
  resolver: Resolver,
  txt: readonly string[],
  context: CheckContext,
): Promise<{ records: string[]; chain: string[] }> {
  let records = spfRecords(txt);
  const chain: string[] = [];
  for (let hop = 0; hop < maxSpfRedirects; hop++) {
    const record = records[0];
    const redirect = record === undefined ? undefined : spfRedirect(record);
    if (records.length !== 1 || record === undefined || spfAll(record) || !redirect) break;
    chain.push(redirect);
    const found = await query(() => resolver.resolveTxt(redirect), redirect, context);
    records = found === nxdomain ? [] : spfRecords(joinTxt(found));
  }
  return { records, chain };
}

/**
 * `dns`: resolves CAA, SPF, DMARC, TXT and MX records of a domain through the configured
 * DNS servers (`--dns-server`) and compares them with `expect`. A domain that does not exist,
 * a timeout or SERVFAIL is an `error`; a record type the domain lacks fails the expectations
 * needing it.
 */
export const dnsCheck: CheckModule<'dns'> = {
  type: 'dns',
  async run(check, context) {
    const { expect } = check;
    const domain = parseDomain(context.target);
    const resolver = createResolver(context);
    const cancel = () => resolver.cancel();
    context.signal.addEventListener('abort', cancel, { once: true });
    try {
      if (context.signal.aborted) throw dnsError(context.signal.reason, domain, context);
      // TXT of the domain is also how an expectation-free check proves the domain exists.
      const wantTxt =
        expect.spf !== undefined ||
        expect.txt !== undefined ||
        (expect.caa === undefined && expect.mx === undefined);
      const [caa, txt, mx, dmarc] = await Promise.all([
        expect.caa && findCaa(resolver, domain, context),
        wantTxt && query(() => resolver.resolveTxt(domain), domain, context),
        expect.mx !== undefined && query(() => resolver.resolveMx(domain), domain, context),
        expect.dmarc &&
          query(() => resolver.resolveTxt(`_dmarc.${domain}`), `_dmarc.${domain}`, context),
      ]);
      const txtRecords = txt ? joinTxt(mustExist(txt, domain)) : [];
      const mxRecords = mx ? mustExist(mx, domain) : [];
      const findings: Record<string, RecordFinding> = {};
      if (caa && expect.caa) findings.caa = evaluateCaa(caa.records, caa.at, expect.caa);
      if (expect.spf) {
        const spf = await findSpf(resolver, txtRecords, context);
        findings.spf = evaluateSpf(spf.records, spf.chain, expect.spf);
      }
      if (dmarc && expect.dmarc) {
        findings.dmarc = evaluateDmarc(dmarc === nxdomain ? [] : joinTxt(dmarc), expect.dmarc);
      }
      if (expect.txt !== undefined) findings.txt = evaluateTxt(txtRecords, expect.txt);
      if (expect.mx !== undefined) findings.mx = evaluateMx(mxRecords, expect.mx);
      const entries = Object.entries(findings);
      const observed = Object.fromEntries(entries.map(([key, finding]) => [key, finding.observed]));
      const hints = entries.flatMap(([, finding]) =>
        finding.problems.length && finding.hint ? [finding.hint] : [],
      );
      const checked = entries.map(([key]) => key.toUpperCase()).join(', ');
      return verdict(
        entries.flatMap(([, finding]) => finding.problems),
        entries.length ? observed : { exists: true },
        expect,
        checked ? `${domain}: ${checked} as expected` : `${domain} resolves`,
        hints.join('; ') || undefined,
      );
    } catch (error) {
      throw error instanceof CheckError ? error : dnsError(error, domain, context);
    } finally {
      context.signal.removeEventListener('abort', cancel);
    }
  },
};
