import type { SourceFile } from './load-organisation.ts';

/** Today's date in loader tests, so expiry rules give the same answer every day. */
export const fixtureToday = '2026-11-23';

/** A small valid organisation, as in-memory files, for loader tests. */
export function minimalOrganisation(): SourceFile[] {
  return [
    {
      path: 'policies/trust-center.yaml',
      text: `name: Acme
legalName: Acme Ltd
website: https://acme.example
intro: Acme keeps your data safe.
contacts:
  security: security@acme.example
categories:
  - id: encryption
    title: Encryption
`,
    },
    {
      path: 'policies/subprocessors.yaml',
      text: `noticeDays: 30
subprocessors:
  - id: aws
    name: Amazon Web Services
    purpose: Hosting
    location: Ireland
    dataCategories: [customer data]
    transferMechanism: adequacy
`,
    },
    {
      path: 'policies/disclosure.yaml',
      text: `contact:
  email: security@acme.example
instructions: Email us with steps to reproduce.
safeHarbour: We will not pursue good-faith research.
sla:
  acknowledge: 2 business days
securityTxt:
  expires: 2027-06-30
`,
    },
    {
      path: 'policies/documents/pentest-summary.md',
      text: `---
id: pentest-summary
title: Penetration test summary
version: 1
visibility: gated
updated: 2026-03-14
---
# Summary

No open high findings.
`,
    },
    {
      path: 'controls/encryption-in-transit.yaml',
      text: `id: encryption-in-transit
title: Encryption in transit
category: encryption
version: 2
updated: 2026-10-02
owner: security@acme.example
visibility: public
status: implemented
claim: All traffic uses TLS 1.2 or newer.
evidence:
  - id: app-tls
    check: tls
    target: https://app.acme.example
    expect: { minVersion: TLSv1.2 }
  - attestation:
      statement: Annual penetration test found no high findings.
      by: cto@acme.example
      date: 2026-03-14
      expires: 2027-03-14
      document: pentest-summary
  - inherited:
      provider: aws
      statement: Load balancers terminate TLS 1.2+.
waivers:
  - evidence: app-tls
    reason: Legacy host retires soon.
    expires: 2026-12-01
changelog:
  - { version: 2, date: 2026-10-02, note: Minimum TLS raised to 1.2 }
  - { version: 1, date: 2025-01-10, note: First version }
`,
    },
  ];
}

/** The minimal organisation with one file's text changed by `edit`. */
export function withEdit(path: string, edit: (text: string) => string): SourceFile[] {
  return minimalOrganisation().map((file) =>
    file.path === path ? { path, text: edit(file.text) } : file,
  );
}
