import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  renderJsonVerifyReport,
  renderJunitVerifyReport,
  renderPrettyVerifyReport,
  renderSarifVerifyReport,
  summaryRows,
} from '../../../engine/verify/render-report.ts';
import {
  parseVendorList,
  VendorListError,
  verifyMany,
} from '../../../engine/verify/verify-list.ts';
import type { VerifyReport } from '../../../engine/verify/verify-trust-center.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { positiveInteger, readCaFiles, resolveOption } from '../option-values.ts';
import { textTable } from '../text-table.ts';

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

async function requestsOf(values: ParsedArgs['values'], positionals: string[]) {
  const since = typeof values.since === 'string' ? values.since : undefined;
  if (since !== undefined && !/^[0-9a-f]{64}$/.test(since))
    throw new UsageError('--since takes a chain head: 64 hex digits (trust.json publication.head)');
  if (typeof values.list === 'string') {
    if (positionals.length) throw new UsageError('give either a URL or --list FILE, not both');
    if (since)
      throw new UsageError('--since applies to one URL; in a list, put the head after each URL');
    const text = await readFile(resolve(values.list), 'utf8').catch((error: Error) => {
      throw new UsageError(`cannot read the list ${values.list}: ${error.message}`);
    });
    try {
      const requests = parseVendorList(text);
      if (!requests.length) throw new UsageError(`the list ${values.list} names no trust center`);
      return requests;
    } catch (error) {
      if (error instanceof VendorListError)
        throw new UsageError(`${values.list}: ${error.message}`);
      throw error;
    }
  }
  const [url, ...extra] = positionals;
  if (!url)
    throw new UsageError(
      'name the trust center to verify: attest verify https://trust.vendor.example',
    );
  if (extra.length)
    throw new UsageError(`one URL at a time (or --list FILE); also got ${extra.join(' ')}`);
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url))
    throw new UsageError(`"${url}" is not an http(s) URL`);
  return [{ url, since }];
}

/**
 * `attest verify URL | --list FILE`: verifies trust centers from outside (engine/verify) and
 * prints the report. Exit 0 when every one verified, 1 when any has a bad signature, a
 * broken history or a contradicted claim, 2 on usage errors.
 */
export async function runVerify({ values, positionals }: ParsedArgs): Promise<number> {
  const requests = await requestsOf(values, positionals);
  const keyId = typeof values['key-id'] === 'string' ? values['key-id'].toLowerCase() : undefined;
  if (keyId !== undefined && !/^[0-9a-f]{8,64}$/.test(keyId))
    throw new UsageError('--key-id takes a key id: hex digits, as attest-keys.json lists it');
  const network = {
    resolve: resolveOption(values.resolve),
    extraCa: await readCaFiles(values.ca),
    timeoutMs: positiveInteger('timeout', values.timeout),
    concurrency: positiveInteger('concurrency', values.concurrency),
  };
  const reports = await verifyMany(requests, network, { keyId });
  const text = await render(
    reports,
    String(values.format),
    requests.length > 1 || typeof values.list === 'string',
  );
  if (typeof values.out === 'string') await writeAtomically(resolve(values.out), text);
  else process.stdout.write(text);
  return reports.every((report) => report.ok) ? 0 : 1;
}

async function render(reports: VerifyReport[], format: string, list: boolean): Promise<string> {
  if (format === 'json') return renderJsonVerifyReport(reports);
  if (format === 'junit') return renderJunitVerifyReport(reports);
  if (format === 'sarif') {
    const { version } = JSON.parse(
      await readFile(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    return renderSarifVerifyReport(reports, version);
  }
  const pretty = reports.map(renderPrettyVerifyReport).join('\n');
  return list ? `${pretty}\n${textTable(summaryRows(reports))}\n` : pretty;
}
