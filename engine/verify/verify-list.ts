import type { VerifyNetwork } from './fetch-document.ts';
import { type VerifyReport, type VerifyRequest, verifyTrustCenter } from './verify-trust-center.ts';

/** A problem in a vendors list, with its line. */
export class VendorListError extends Error {
  override name = 'VendorListError';
}

/**
 * Reads a vendors list: one trust center per line (`URL [HEAD]`, the optional head seen
 * earlier for `--since`), blank lines and `#` comments ignored. Throws a
 * {@link VendorListError} naming the line of an address that is not http(s).
 */
export function parseVendorList(text: string): VerifyRequest[] {
  const requests: VerifyRequest[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const content = line.replace(/#.*$/, '').trim();
    if (!content) continue;
    const [url, since] = content.split(/\s+/);
    if (!url || !/^https?:\/\//i.test(url) || !URL.canParse(url))
      throw new VendorListError(`line ${index + 1}: "${url}" is not an http(s) URL`);
    if (since !== undefined && !/^[0-9a-f]{64}$/.test(since))
      throw new VendorListError(
        `line ${index + 1}: "${since}" is not a chain head (64 hex digits)`,
      );
    requests.push({ url, since });
  }
  return requests;
}

/** Verifies many trust centers, `concurrency` at a time, in list order. */
export async function verifyMany(
  requests: readonly VerifyRequest[],
  network: VerifyNetwork & { concurrency: number },
  options: { keyId?: string | undefined } = {},
): Promise<VerifyReport[]> {
  const reports: VerifyReport[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const position = next++;
      const request = requests[position] as VerifyRequest;
      reports[position] = await verifyTrustCenter(
        { ...request, keyId: request.keyId ?? options.keyId },
        // Each trust center's checks share the whole budget with the others in flight.
        { ...network, concurrency: Math.max(2, Math.ceil(network.concurrency / 2)) },
      );
    }
  };
  const workers = Math.max(1, Math.min(network.concurrency, requests.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return reports;
}
