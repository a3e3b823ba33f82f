import type { CheckResult } from '../../../checks/result.ts';
import { evaluateOrganisation } from '../../../evaluate/evaluate.ts';
import type { Snapshot } from '../../../evaluate/snapshot.ts';
import { loadOrganisation, type SourceFile } from '../../../load/load-organisation.ts';
import { fixtureToday, minimalOrganisation } from '../../../load/test-fixture.ts';

/** The moment fixture snapshots are evaluated and published at. */
export const fixtureTime = '2026-11-23T12:00:00.000Z';

/** One control of a fixture: how it is evidenced decides the status it gets. */
export interface FixtureControl {
  id: string;
  title: string;
  category?: 'encryption' | 'access';
  visibility?: 'public' | 'gated';
  declared?: 'implemented' | 'in-progress';
  /** pass / fail: one tls check with that result; none: a check that never ran. */
  evidence: 'pass' | 'fail' | 'none' | 'attested' | 'inherited';
  claim?: string;
}

const evidenceYaml: Record<FixtureControl['evidence'], string> = {
  pass: '  - check: tls\n    target: https://app.acme.example\n',
  fail: '  - check: tls\n    target: https://old.acme.example\n',
  none: '  - check: tls\n    target: https://new.acme.example\n',
  attested:
    '  - attestation:\n      statement: Reviewed by the security lead.\n      by: lead@acme.example\n      date: 2026-10-01\n      expires: 2027-10-01\n',
  inherited: '  - inherited:\n      provider: aws\n      statement: The provider does it.\n',
};

function controlFile(control: FixtureControl): SourceFile {
  return {
    path: `controls/${control.id}.yaml`,
    text: [
      `id: ${control.id}`,
      `title: ${JSON.stringify(control.title)}`,
      `category: ${control.category ?? 'encryption'}`,
      'version: 1',
      'updated: 2026-10-01',
      'owner: security@acme.example',
      `visibility: ${control.visibility ?? 'public'}`,
      `status: ${control.declared ?? 'implemented'}`,
      `claim: ${JSON.stringify(control.claim ?? `${control.title} is in place.`)}`,
      'evidence:',
      evidenceYaml[control.evidence],
      'changelog:',
      '  - { version: 1, date: 2026-10-01, note: First }',
      '',
    ].join('\n'),
  };
}

const processingYaml = `exporter:
  name: The customer
  role: controller
  activities: Uses the service.
importer:
  name: Acme Ltd
  address: 1 Main Street, Zürich
  role: processor
  activities: Runs the service.
subjectMatter: Provision of the Acme service.
duration: The term of the subscription.
nature: Storage and retrieval.
purposes: [Providing the service]
dataSubjects: [Customer staff]
dataCategories: [Contact data]
sensitiveData: { processed: false }
frequency: Continuous.
retention: Deleted 30 days after the end of the subscription.
`;

const subprocessorsYaml = `noticeDays: 45
subprocessors:
  - id: aws
    name: Amazon Web Services
    purpose: Hosting
    location: Ireland
    dataCategories: [customer data]
    transferMechanism: adequacy
  - id: mailer
    name: Łódź Mail Sp. z o.o.
    purpose: Transactional email
    location: Łódź, Poland
    dataCategories: [email addresses]
    transferMechanism: none
  - id: athens
    name: Ελλάδα Cloud
    purpose: Backups
    location: Athens, Ελλάδα
    dataCategories: [backups]
    transferMechanism: sccs
    change: added
    announced: 2026-11-01
    effective: 2026-12-20
`;

const dpaBody = `---
id: dpa
title: Data Processing Agreement
version: "2.1"
visibility: public
updated: 2026-11-01
description: How Acme processes personal data.
---

# Data Processing Agreement

{{ org.legalName }} processes personal data only on documented instructions.

## Subprocessors

New subprocessors are announced {{ subprocessors.noticeDays }} days ahead.
`;

/**
 * Files of a small organisation for document tests: the loader's minimal organisation with
 * two categories, a processing description, three subprocessors (one announced) and a
 * `dpa` document, plus the given controls. `legalName` replaces "Acme Ltd".
 */
export function fixtureFiles(
  controls: readonly FixtureControl[],
  legalName = 'Acme Ltd',
): SourceFile[] {
  const files = minimalOrganisation().filter(
    (file) => !file.path.startsWith('controls/') && file.path !== 'policies/subprocessors.yaml',
  );
  const profile = files.find((file) => file.path === 'policies/trust-center.yaml');
  if (profile)
    profile.text = profile.text
      .replace('legalName: Acme Ltd', `legalName: ${JSON.stringify(legalName)}`)
      .replace('categories:\n', 'categories:\n  - id: access\n    title: Access control\n');
  files.push(
    { path: 'policies/processing.yaml', text: processingYaml },
    { path: 'policies/subprocessors.yaml', text: subprocessorsYaml },
    { path: 'policies/documents/dpa.md', text: dpaBody },
    ...controls.map(controlFile),
  );
  return files;
}

/**
 * Evaluates fixture files with a result for every `pass`/`fail` control; `edit` may change
 * the files first (e.g. leave a declaration out).
 */
export function fixtureSnapshot(
  controls: readonly FixtureControl[],
  legalName?: string,
  edit: (files: SourceFile[]) => SourceFile[] = (files) => files,
): Snapshot {
  const { model, diagnostics } = loadOrganisation(edit(fixtureFiles(controls, legalName)), {
    today: fixtureToday,
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!model || errors.length) throw new Error(`fixture is invalid: ${JSON.stringify(errors)}`);
  const results: CheckResult[] = controls.flatMap((control) =>
    control.evidence === 'pass' || control.evidence === 'fail'
      ? [
          {
            status: control.evidence,
            observed: control.evidence === 'pass' ? 'TLSv1.3' : 'TLSv1.0',
            expected: {},
            message: control.evidence === 'pass' ? 'as expected' : 'old protocol',
            controlId: control.id,
            visibility: control.visibility ?? 'public',
            evidenceIndex: 0,
            evidenceId: undefined,
            check: 'tls' as const,
            target: 'https://app.acme.example',
            description: undefined,
            durationMs: 5,
            at: '2026-11-23T11:00:00.000Z',
            attempts: 1,
            waiver: undefined,
            definition: 'as declared',
            override: undefined,
          },
        ]
      : [],
  );
  return evaluateOrganisation(model, results, {
    now: new Date(fixtureTime),
    publishedAt: fixtureTime,
  });
}

/** An `edit` for {@link fixtureSnapshot}: rewrites the text of the file at `path`. */
export function editFile(
  path: string,
  change: (text: string) => string,
): (files: SourceFile[]) => SourceFile[] {
  return (files) =>
    files.map((file) => (file.path === path ? { ...file, text: change(file.text) } : file));
}
