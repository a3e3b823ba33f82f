import { describe, expect, it } from 'vitest';
import { normaliseDomain } from './access-rules.ts';
import { loadOrganisation, type SourceFile } from './load-organisation.ts';
import { fixtureToday, minimalOrganisation } from './test-fixture.ts';

const accessYaml = `rules:
  - id: partners
    domains: [partner.example, Reseller.example]
  - id: customers
    description: Accounts from the CRM, exported every Monday
    crm: { file: crm/accounts.csv }
    days: 30
`;

const accounts = `Account Name,Website,Owner
Globex,https://www.globex.example/about,kim
Initech,initech.example,lee

Umbrella,"sales@umbrella.example",kim
Typo Corp,not a website!,lee
Freemail,gmail.com,kim
`;

function load(extra: SourceFile[]) {
  return loadOrganisation([...minimalOrganisation(), ...extra], { today: fixtureToday });
}

const shown = (result: ReturnType<typeof load>) =>
  result.diagnostics.map(
    (d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`,
  );

describe('policies/access.yaml', () => {
  it('reads domain lists and a CRM export into rules, each domain with the line that lists it', () => {
    const result = load([
      { path: 'policies/access.yaml', text: accessYaml },
      { path: 'policies/crm/accounts.csv', text: accounts },
    ]);
    expect(result.model?.access?.rules).toEqual([
      {
        id: 'partners',
        domains: [
          { domain: 'partner.example', source: 'policies/access.yaml:3' },
          { domain: 'reseller.example', source: 'policies/access.yaml:3' },
        ],
      },
      {
        id: 'customers',
        days: 30,
        domains: [
          { domain: 'globex.example', source: 'policies/crm/accounts.csv:2' },
          { domain: 'initech.example', source: 'policies/crm/accounts.csv:3' },
          { domain: 'umbrella.example', source: 'policies/crm/accounts.csv:5' },
        ],
      },
    ]);
    // Rows that are not domains, or free-mail domains, are skipped with a warning at their cell.
    expect(shown(result)).toEqual([
      'policies/crm/accounts.csv:6:11 warning access-domain-invalid "not a website!" is not a domain or website; this row is skipped',
      'policies/crm/accounts.csv:7:10 warning access-domain-free-mail "gmail.com" is a free-mail domain: anybody can get an address there, so this row is skipped',
    ]);
  });

  it('reports a missing CSV, a bad path, a bad domain and a missing column at their line and column', () => {
    const missing = load([
      {
        path: 'policies/access.yaml',
        text: 'rules:\n  - id: customers\n    crm:\n      file: crm/missing.csv\n',
      },
    ]);
    expect(shown(missing)).toEqual([
      'policies/access.yaml:4:13 error access-csv-missing rule "customers": policies/crm/missing.csv does not exist',
    ]);
    expect(missing.diagnostics[0]?.hint).toContain('relative to policies/');
    expect(missing.model?.access?.rules).toEqual([{ id: 'customers', domains: [] }]);

    const invalid = load([
      {
        path: 'policies/access.yaml',
        text: `rules:
  - id: partners
    domains: [acme.example]
  - id: escape
    crm: { file: ../secrets.csv }
  - id: typo
    domains:
      - acme.example
      - https://acme.example
      - gmail.com
  - id: empty
`,
      },
    ]);
    expect(shown(invalid)).toEqual([
      'policies/access.yaml:5:18 error schema-invalid-value rules[1].crm.file "../secrets.csv" is invalid: expected the path of a .csv file inside policies/, e.g. crm/accounts.csv',
      'policies/access.yaml:9:9 error schema-invalid-value rules[2].domains[1] "https://acme.example" is invalid: expected an email domain such as acme.com (no scheme, no @, no path)',
      'policies/access.yaml:10:9 error schema-invalid-value rules[2].domains[2] "gmail.com" is invalid: a free-mail domain: anybody can get an address there, so it would approve everyone',
      'policies/access.yaml:11:5 error schema-invalid-value rules[3] a mapping is invalid: give the rule `domains`, `crm` or both',
    ]);
    // A file that does not validate approves nothing.
    expect(invalid.model?.access).toBeUndefined();

    const noColumn = load([
      {
        path: 'policies/access.yaml',
        text: 'rules:\n  - id: column\n    crm: { file: crm/accounts.csv, column: Domain }\n',
      },
      { path: 'policies/crm/accounts.csv', text: accounts },
    ]);
    expect(shown(noColumn)).toEqual([
      'policies/access.yaml:3:44 error access-csv-invalid policies/crm/accounts.csv has no column "Domain" (its columns: account name, website, owner)',
    ]);
    const noHeader = load([
      {
        path: 'policies/access.yaml',
        text: 'rules:\n  - id: crm\n    crm: { file: accounts.csv }\n',
      },
      { path: 'policies/accounts.csv', text: 'Name;Owner\nGlobex;kim\n' },
    ]);
    expect(shown(noHeader)).toEqual([
      'policies/accounts.csv:1:1 error access-csv-invalid no column named domain, website, url, email domain in the header (its columns: name, owner)',
    ]);
  });

  it('normalises URLs, addresses and bare domains', () => {
    expect(normaliseDomain(' HTTPS://WWW.Acme.com/path?q=1 ')).toBe('acme.com');
    expect(normaliseDomain('www.acme.com/')).toBe('acme.com');
    expect(normaliseDomain('eu.acme.com.')).toBe('eu.acme.com');
    expect(normaliseDomain('buyer@Acme.com')).toBe('acme.com');
    expect(normaliseDomain('acme')).toBeUndefined();
    expect(normaliseDomain('')).toBeUndefined();
  });
});
