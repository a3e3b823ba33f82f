import type { Diagnostic } from '../../source/diagnostic.ts';
import { closest } from '../../source/suggest.ts';
import { fileStem } from '../classify.ts';
import { diagnosticAt, type Rule } from './context.ts';

/** Id equals file stem, ids unique, category declared, version matches the changelog. */
export const checkControlIdentity: Rule = ({ controls, profile }) => {
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, string>();
  const categories = profile?.value.categories.map((category) => category.id);
  for (const loaded of controls) {
    const { value: control, source } = loaded;
    const stem = fileStem(source.file);
    if (control.id !== stem) {
      diagnostics.push(
        diagnosticAt(
          loaded,
          ['id'],
          'id-mismatch',
          `id "${control.id}" does not match the file name "${stem}"`,
          {
            hint: `rename the file to ${control.id}.yaml or set id: ${stem}`,
          },
        ),
      );
    }
    const first = seen.get(control.id);
    if (first) {
      diagnostics.push(
        diagnosticAt(
          loaded,
          ['id'],
          'id-duplicate',
          `control id "${control.id}" is already used by ${first}`,
          {
            hint: 'every control needs its own id',
          },
        ),
      );
    } else seen.set(control.id, source.file);
    if (categories && !categories.includes(control.category)) {
      const guess = closest(control.category, categories);
      diagnostics.push(
        diagnosticAt(
          loaded,
          ['category'],
          'category-undeclared',
          `category "${control.category}" is not declared in policies/trust-center.yaml`,
          {
            hint: guess
              ? `did you mean "${guess}"?`
              : `declare it under categories:, or use one of: ${categories.join(', ')}`,
          },
        ),
      );
    }
    const newest = Math.max(...control.changelog.map((entry) => entry.version));
    if (control.version !== newest) {
      diagnostics.push(
        diagnosticAt(
          loaded,
          ['version'],
          'version-changelog-mismatch',
          `version ${control.version} does not match the newest changelog entry (version ${newest})`,
          {
            hint: 'bump version together with a changelog entry that describes the change',
          },
        ),
      );
    }
    if (
      control.visibility === 'public' &&
      control.status === 'implemented' &&
      control.evidence.length === 0
    ) {
      diagnostics.push(
        diagnosticAt(
          loaded,
          ['status'],
          'evidence-missing',
          'a public, implemented control needs at least one evidence item',
          {
            hint: 'add a check, an attestation or an inherited guarantee under evidence:',
          },
        ),
      );
    }
  }
  return diagnostics;
};

/** Evidence ids unique; waivers point at a check; waivers and attestations are dated sensibly. */
export const checkControlEvidence: Rule = ({ controls, today }) => {
  const diagnostics: Diagnostic[] = [];
  for (const loaded of controls) {
    const control = loaded.value;
    const ids = new Set<string>();
    const checkIds = new Set<string>();
    for (const [index, item] of control.evidence.entries()) {
      if (item.id !== undefined) {
        if (ids.has(item.id)) {
          diagnostics.push(
            diagnosticAt(
              loaded,
              ['evidence', index, 'id'],
              'evidence-id-duplicate',
              `evidence id "${item.id}" is used twice in this control`,
              {
                hint: 'give each evidence item its own id',
              },
            ),
          );
        }
        ids.add(item.id);
        if ('check' in item) checkIds.add(item.id);
      }
      if (!('attestation' in item)) continue;
      const { date, expires } = item.attestation;
      const path = ['evidence', index, 'attestation'];
      if (date > today) {
        diagnostics.push(
          diagnosticAt(
            loaded,
            [...path, 'date'],
            'attestation-dates',
            `attestation is dated ${date}, in the future`,
            {
              hint: 'date an attestation on the day it was made',
            },
          ),
        );
      }
      if (expires !== undefined && expires <= date) {
        diagnostics.push(
          diagnosticAt(
            loaded,
            [...path, 'expires'],
            'attestation-dates',
            `attestation expires ${expires}, not after its date ${date}`,
            {
              hint: 'expires must be later than date',
            },
          ),
        );
      } else if (expires !== undefined && expires < today) {
        diagnostics.push(
          diagnosticAt(
            loaded,
            [...path, 'expires'],
            'attestation-expired',
            `attestation expired on ${expires}; the control counts as failing`,
            {
              hint: 'renew the statement with a new date and expiry',
              severity: 'warning',
            },
          ),
        );
      }
    }
    for (const [index, waiver] of control.waivers.entries()) {
      if (!checkIds.has(waiver.evidence)) {
        const guess = closest(waiver.evidence, [...checkIds]);
        diagnostics.push(
          diagnosticAt(
            loaded,
            ['waivers', index, 'evidence'],
            'waiver-evidence-unknown',
            `waiver names evidence "${waiver.evidence}", but no check in this control has that id`,
            {
              hint: guess ? `did you mean "${guess}"?` : 'give the check an id: and name it here',
            },
          ),
        );
      }
      if (waiver.expires < today) {
        diagnostics.push(
          diagnosticAt(
            loaded,
            ['waivers', index, 'expires'],
            'waiver-expired',
            `waiver expired on ${waiver.expires}; the failure it covered counts again`,
            {
              hint: 'remove the waiver, or renew it with a new reason and expiry',
              severity: 'warning',
            },
          ),
        );
      }
    }
  }
  return diagnostics;
};
