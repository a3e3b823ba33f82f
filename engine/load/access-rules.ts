import { parse } from 'csv-parse/sync';
import { type Access, domainPattern, freeMailDomains } from '../schema/access.ts';
import type { Diagnostic } from '../source/diagnostic.ts';
import type { Loaded } from './rules/context.ts';

/** One domain a rule approves, and where it was declared (`file:line`). */
export interface AccessDomain {
  domain: string;
  source: string;
}

/** A rule of `policies/access.yaml` with the domains of its list and its CRM export together. */
export interface AccessRuleModel {
  id: string;
  days?: number;
  domains: AccessDomain[];
}

/** The auto-approval rules of an organisation, in the order they are tried. */
export interface AccessPolicy {
  rules: AccessRuleModel[];
}

/** A CRM export larger than this (in characters) is refused; export just the domain column. */
export const maxCsvCharacters = 20_000_000;

/** Headers looked for, in order, when a rule names no column. */
const domainHeaders = [
  'domain',
  'website',
  'url',
  'email domain',
  'domain name',
  'web site',
  'company domain',
];

/**
 * The domain in a CRM cell: a bare domain, a URL (`https://www.acme.com/about` → `acme.com`)
 * or an address (`sales@acme.com` → `acme.com`), lower-cased, without `www.` or a final dot.
 * Undefined when what is left is not a domain.
 */
export function normaliseDomain(value: string): string | undefined {
  let text = value.trim().toLowerCase();
  if (text === '') return undefined;
  if (text.includes('@') && !text.includes('/')) text = text.slice(text.lastIndexOf('@') + 1);
  else {
    try {
      text = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `http://${text}`).hostname;
    } catch {
      return undefined;
    }
  }
  text = text.replace(/\.$/, '').replace(/^www\./, '');
  return domainPattern.test(text) ? text : undefined;
}

/** 1-based line and column of `cell` inside the raw text of a record that ends on `line`. */
function cellPosition(raw: string, cell: string, line: number): { line: number; column: number } {
  const at = raw.indexOf(cell);
  const before = raw.slice(0, Math.max(at, 0));
  const breaks = (raw.match(/\n/g) ?? []).length - (raw.endsWith('\n') ? 1 : 0);
  const startLine = line - breaks;
  const lastBreak = before.lastIndexOf('\n');
  return {
    line: startLine + (before.match(/\n/g) ?? []).length,
    column: at < 0 ? 1 : at - lastBreak,
  };
}

interface CsvRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/**
 * The rules of `policies/access.yaml` with each CRM export read from `data` (paths relative
 * to the organisation, e.g. `policies/crm/accounts.csv`). A missing export, an unreadable
 * one or one without a domain column is an error at the rule's `crm` key; a row whose cell
 * is not a domain, or names a free-mail domain, is a warning at its cell and is skipped.
 * Pure: the caller reads the files.
 */
export function loadAccessRules(
  loaded: Loaded<Access>,
  data: ReadonlyMap<string, string>,
): { policy: AccessPolicy; diagnostics: Diagnostic[] } {
  const { source, value } = loaded;
  const diagnostics: Diagnostic[] = [];
  const rules = value.rules.map((rule, index): AccessRuleModel => {
    const domains: AccessDomain[] = (rule.domains ?? []).map((domain, position) => ({
      domain,
      source: `${source.file}:${source.locate(['rules', index, 'domains', position]).line}`,
    }));
    if (rule.crm) {
      const path = `policies/${rule.crm.file.replace(/\\/g, '/')}`;
      const at = (key: 'file' | 'column') => ({
        file: source.file,
        ...source.locate(['rules', index, 'crm', key]),
      });
      const text = data.get(path);
      if (text === undefined) {
        diagnostics.push({
          ...at('file'),
          code: 'access-csv-missing',
          severity: 'error',
          message: `rule "${rule.id}": ${path} does not exist`,
          hint: 'export the accounts from your CRM as CSV to that path (relative to policies/), or fix the path',
        });
      } else if (text.length > maxCsvCharacters) {
        diagnostics.push({
          file: path,
          line: 1,
          column: 1,
          code: 'file-too-large',
          severity: 'error',
          message: `file is ${(text.length / 1_000_000).toFixed(1)} MB; the limit is ${maxCsvCharacters / 1_000_000} MB`,
          hint: 'export only the domain or website column',
        });
      } else {
        domains.push(...readCrmExport(path, text, rule.crm.column, at('column'), diagnostics));
      }
    }
    return { id: rule.id, ...(rule.days ? { days: rule.days } : {}), domains };
  });
  return { policy: { rules }, diagnostics };
}

function readCrmExport(
  path: string,
  text: string,
  column: string | undefined,
  columnAt: { file: string; line: number; column: number },
  diagnostics: Diagnostic[],
): AccessDomain[] {
  let records: CsvRecord[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    const problem = error as { message?: string; lines?: number };
    diagnostics.push({
      file: path,
      line: problem.lines ?? 1,
      column: 1,
      code: 'access-csv-invalid',
      severity: 'error',
      message: `not a readable CSV file: ${problem.message ?? 'parse error'}`,
      hint: 'export it again from the CRM as CSV (comma, semicolon or tab separated)',
    });
    return [];
  }
  const [header, ...rows] = records;
  const names = (header?.record ?? []).map((name) => name.trim().toLowerCase());
  const wanted = column?.trim().toLowerCase();
  const index =
    wanted !== undefined
      ? names.indexOf(wanted)
      : names.findIndex((name) => domainHeaders.includes(name));
  if (index < 0) {
    const found = names.length ? names.join(', ') : 'none';
    diagnostics.push(
      wanted !== undefined
        ? {
            ...columnAt,
            code: 'access-csv-invalid',
            severity: 'error',
            message: `${path} has no column "${column}" (its columns: ${found})`,
            hint: 'name one of its header cells in crm.column',
          }
        : {
            file: path,
            line: 1,
            column: 1,
            code: 'access-csv-invalid',
            severity: 'error',
            message: `no column named ${domainHeaders.slice(0, 4).join(', ')} in the header (its columns: ${found})`,
            hint: 'name the column that holds the domain or website with crm.column in policies/access.yaml',
          },
    );
    return [];
  }
  const domains: AccessDomain[] = [];
  for (const { record, raw, info } of rows) {
    const cell = record[index]?.trim() ?? '';
    if (cell === '') continue;
    const domain = normaliseDomain(cell);
    const position = cellPosition(raw, cell, info.lines);
    if (!domain || freeMailDomains.has(domain)) {
      diagnostics.push({
        file: path,
        ...position,
        code: domain ? 'access-domain-free-mail' : 'access-domain-invalid',
        severity: 'warning',
        message: domain
          ? `"${cell}" is a free-mail domain: anybody can get an address there, so this row is skipped`
          : `"${cell}" is not a domain or website; this row is skipped`,
        hint: 'fix the account in the CRM and export again',
      });
      continue;
    }
    domains.push({ domain, source: `${path}:${position.line}` });
  }
  return domains;
}
