import { describe, expect, it } from 'vitest';
import { loadOrganisation } from './load-organisation.ts';
import { fixtureToday, minimalOrganisation, withEdit } from './test-fixture.ts';

const control = 'controls/encryption-in-transit.yaml';

function problems(files: ReturnType<typeof minimalOrganisation>) {
  return loadOrganisation(files, { today: fixtureToday }).diagnostics.map(
    (d) =>
      `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}${d.hint ? ` (hint: ${d.hint})` : ''}`,
  );
}

describe('loadOrganisation', () => {
  it('loads a valid organisation into a typed model with no diagnostics', () => {
    const { model, diagnostics } = loadOrganisation(minimalOrganisation(), { today: fixtureToday });
    expect(diagnostics).toEqual([]);
    expect(model?.profile.name).toBe('Acme');
    expect(model?.controls.map((c) => c.id)).toEqual(['encryption-in-transit']);
    expect(model?.disclosure?.sla.acknowledge).toEqual({ amount: 2, unit: 'business-days' });
    expect(model?.policy.onFailure).toBe('block');
    expect(model?.documents[0]?.body).toContain('No open high findings.');
    expect(model?.controlSources['encryption-in-transit']).toEqual({
      file: control,
      evidence: [
        { line: 11, column: 5 },
        { line: 15, column: 5 },
        { line: 21, column: 5 },
      ],
    });
  });

  it('points a misspelt key at its own line and column, with a suggestion', () => {
    const files = withEdit(control, (text) => text.replace('category:', 'categry:'));
    expect(problems(files)).toMatchInlineSnapshot(`
      [
        "controls/encryption-in-transit.yaml:3:1 error schema-unknown-key: unknown key "categry" (hint: did you mean "category"?)",
      ]
    `);
  });

  it('reports a wrong value deep inside evidence at the value', () => {
    const files = withEdit(control, (text) =>
      text.replace('minVersion: TLSv1.2', 'minVersion: TLSv1.4'),
    );
    expect(problems(files)).toMatchInlineSnapshot(`
      [
        "controls/encryption-in-transit.yaml:14:27 error schema-invalid-value: evidence[0].expect.minVersion "TLSv1.4" is not allowed (hint: did you mean "TLSv1.1"?)",
      ]
    `);
  });

  it('names the unknown check type and the closest one', () => {
    const files = withEdit(control, (text) => text.replace('check: tls', 'check: tsl'));
    expect(problems(files)).toMatchInlineSnapshot(`
      [
        "controls/encryption-in-transit.yaml:12:12 error schema-invalid-value: evidence[0].check "tsl" is not one of the allowed values (hint: did you mean "tls"?)",
      ]
    `);
  });

  it('explains an evidence item that is none of check, attestation or inherited', () => {
    const files = withEdit(control, (text) => text.replace('  - inherited:', '  - inheritd:'));
    expect(problems(files)).toMatchInlineSnapshot(`
      [
        "controls/encryption-in-transit.yaml:21:5 error schema-unknown-key: unknown key "inheritd" in evidence[2] (hint: did you mean "inherited"?)",
      ]
    `);
    const unrelated = withEdit(control, (text) => text.replace('  - inherited:', '  - promise:'));
    expect(problems(unrelated)).toMatchInlineSnapshot(`
      [
        "controls/encryption-in-transit.yaml:21:5 error schema-invalid: evidence[2] does not match any allowed form (hint: give exactly one of: check, attestation, inherited)",
      ]
    `);
  });

  it('reports every cross-file problem in one run', () => {
    let files = withEdit(control, (text) =>
      text
        .replace('id: encryption-in-transit', 'id: transit-encryption')
        .replace('category: encryption', 'category: encryptoin')
        .replace('version: 2\n', 'version: 3\n')
        .replace('provider: aws', 'provider: gcp')
        .replace('document: pentest-summary', 'document: pentest')
        .replace('evidence: app-tls', 'evidence: app-tsl')
        .replace('target: https://app.acme.example', 'target: https://${app_host}')
        .replace('expires: 2027-03-14', 'expires: 2026-01-01'),
    );
    files = files.map((file) =>
      file.path === 'policies/subprocessors.yaml'
        ? {
            ...file,
            text: `${file.text}    change: added\n    announced: 2026-11-01\n    effective: 2026-11-15\n`,
          }
        : file,
    );
    expect(problems(files)).toMatchInlineSnapshot(`
      [
        "controls/encryption-in-transit.yaml:1:5 error id-mismatch: id "transit-encryption" does not match the file name "encryption-in-transit" (hint: rename the file to transit-encryption.yaml or set id: encryption-in-transit)",
        "controls/encryption-in-transit.yaml:3:11 error category-undeclared: category "encryptoin" is not declared in policies/trust-center.yaml (hint: did you mean "encryption"?)",
        "controls/encryption-in-transit.yaml:4:10 error version-changelog-mismatch: version 3 does not match the newest changelog entry (version 2) (hint: bump version together with a changelog entry that describes the change)",
        "controls/encryption-in-transit.yaml:13:13 error env-ref-malformed: malformed environment reference "\${app_host}" (hint: write \${UPPER_CASE_NAME}; the value is read from the environment when the check runs)",
        "controls/encryption-in-transit.yaml:19:16 error attestation-dates: attestation expires 2026-01-01, not after its date 2026-03-14 (hint: expires must be later than date)",
        "controls/encryption-in-transit.yaml:20:17 error document-unknown: "pentest" is not a document in policies/documents/ (hint: create policies/documents/pentest.md, or use one of: pentest-summary)",
        "controls/encryption-in-transit.yaml:22:17 error provider-unknown: "gcp" is not a subprocessor in policies/subprocessors.yaml (hint: add an entry with id: gcp to policies/subprocessors.yaml, or use one of: aws)",
        "controls/encryption-in-transit.yaml:25:15 error waiver-evidence-unknown: waiver names evidence "app-tsl", but no check in this control has that id (hint: did you mean "app-tls"?)",
        "policies/subprocessors.yaml:11:16 error notice-period-too-short: "Amazon Web Services" takes effect 14 days after it was announced; the notice period is 30 days (hint: set effective to 2026-12-01 or later)",
      ]
    `);
  });

  it('warns about expired waivers and attestations without failing validation', () => {
    const { diagnostics } = loadOrganisation(minimalOrganisation(), { today: '2027-04-01' });
    expect(diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['attestation-expired', 'warning', 19],
      ['waiver-expired', 'warning', 27],
    ]);
  });

  it('reports YAML syntax errors at their position and keeps checking other files', () => {
    let files = withEdit(control, (text) =>
      text.replace('expect: { minVersion: TLSv1.2 }', 'expect: { minVersion: TLSv1.2'),
    );
    files = files.map((file) =>
      file.path === 'policies/trust-center.yaml'
        ? { ...file, text: file.text.replace('name: Acme', 'name: Acme\nname: Again') }
        : file,
    );
    const codes = loadOrganisation(files, { today: fixtureToday }).diagnostics.map(
      (d) => `${d.file}:${d.line} ${d.code}`,
    );
    expect(codes).toContain('policies/trust-center.yaml:2 yaml-duplicate-key');
    expect(
      codes.some((code) => code.startsWith(`${control}:1`) && code.endsWith('yaml-syntax')),
    ).toBe(true);
  });

  it('requires evidence for public implemented controls, and a profile', () => {
    const files = withEdit(control, (text) =>
      text.replace(/evidence:[\s\S]*?waivers:[\s\S]*?changelog:/, 'changelog:'),
    ).filter((file) => file.path !== 'policies/trust-center.yaml');
    const { model, diagnostics } = loadOrganisation(files, { today: fixtureToday });
    expect(model).toBeUndefined();
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      'controls/encryption-in-transit.yaml:8 evidence-missing',
      'policies/trust-center.yaml:1 organisation-missing-file',
    ]);
  });

  it('checks document front matter with lines counted from the top of the markdown file', () => {
    const files = withEdit('policies/documents/pentest-summary.md', (text) =>
      text.replace('visibility: gated', 'visibility: secret'),
    );
    expect(problems(files)).toEqual([
      'policies/documents/pentest-summary.md:5:13 error schema-invalid-value: visibility "secret" is not allowed (hint: use one of: public, gated)',
    ]);
  });
});
