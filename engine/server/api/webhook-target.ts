import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Which private destinations webhooks may reach: none by default (SSRF), every one with
 * `ATTEST_WEBHOOK_ALLOW_PRIVATE=1`, or the hosts named in `ATTEST_WEBHOOK_ALLOW_HOSTS`.
 */
export interface WebhookPolicy {
  allowPrivate: boolean;
  /** Host names or IP addresses allowed even when they are (or resolve to) private addresses. */
  allowHosts: readonly string[];
}

export const defaultWebhookPolicy: WebhookPolicy = { allowPrivate: false, allowHosts: [] };

/** The policy from `ATTEST_WEBHOOK_ALLOW_PRIVATE` and `ATTEST_WEBHOOK_ALLOW_HOSTS`. */
export function webhookPolicyFromEnv(env: NodeJS.ProcessEnv): WebhookPolicy {
  return {
    allowPrivate: ['1', 'true', 'yes'].includes((env.ATTEST_WEBHOOK_ALLOW_PRIVATE ?? '').trim()),
    allowHosts: (env.ATTEST_WEBHOOK_ALLOW_HOSTS ?? '')
      .split(',')
      .map((host) => normaliseHost(host.trim()))
      .filter(Boolean),
  };
}

/** Loopback, private, link-local, shared, documentation, multicast and reserved ranges. */
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(network, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part included). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => Number.parseInt(group, 16) || 0);
}

/** The IPv4 address an IPv6 one carries (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::`). */
function embeddedIpv4(address: string): string | undefined {
  const groups = ipv6Groups(address);
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  const mapped = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff;
  const nat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  if (!mapped && !nat64) return undefined;
  return [g6 >> 8, g6 & 255, g7 >> 8, g7 & 255].join('.');
}

/** Whether `address` (an IP literal) is loopback, private, link-local or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const inner = embeddedIpv4(address);
  if (inner) return blocked.check(inner, 'ipv4');
  return blocked.check(address.replace(/%.*$/, ''), 'ipv6');
}

/** A URL's host name without IPv6 brackets, lower-case. */
function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/** Why a URL may not receive webhooks, in words an admin can act on. */
export class WebhookTargetError extends Error {}

/**
 * Parses an endpoint URL: http or https, no user name or password, no fragment. Throws a
 * {@link WebhookTargetError} saying what is wrong.
 */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new WebhookTargetError('Enter a full URL, e.g. https://hooks.example.com/attest.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebhookTargetError('The URL must start with https:// (or http://).');
  if (url.username || url.password)
    throw new WebhookTargetError('Leave the user name and password out of the URL.');
  if (url.hash) throw new WebhookTargetError('Leave the #fragment out of the URL.');
  return url;
}

/** Resolves host names: every address, as the system resolver gives them. */
export type ResolveHost = (host: string) => Promise<string[]>;

const systemResolve: ResolveHost = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * The addresses a webhook to `host` may connect to: every address the name resolves to is
 * checked, and one private address refuses the whole host (a name that resolves to a public
 * and a private address could reach either). Allowed by the policy: returned unchecked.
 * Throws a {@link WebhookTargetError} naming the refused address.
 */
export async function resolveWebhookHost(
  hostname: string,
  policy: WebhookPolicy,
  resolve: ResolveHost = systemResolve,
): Promise<string[]> {
  const host = normaliseHost(hostname);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      throw new WebhookTargetError(
        `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'DNS error'}).`,
      );
    }
    if (addresses.length === 0) throw new WebhookTargetError(`${host} has no address.`);
  }
  if (policy.allowPrivate || policy.allowHosts.includes(host)) return addresses;
  const refused = addresses.find(isPrivateAddress);
  if (refused)
    throw new WebhookTargetError(
      `${host === refused ? refused : `${host} resolves to ${refused}, which`} is a private, loopback or link-local address; webhooks may only reach public addresses (set ATTEST_WEBHOOK_ALLOW_HOSTS or ATTEST_WEBHOOK_ALLOW_PRIVATE=1 to allow it).`,
    );
  return addresses;
}

/** Checks an endpoint URL as registration does: its form, then every address it resolves to. */
export async function checkWebhookUrl(
  text: string,
  policy: WebhookPolicy,
  resolve?: ResolveHost,
): Promise<URL> {
  const url = parseWebhookUrl(text);
  await resolveWebhookHost(url.hostname, policy, resolve);
  return url;
}
