import { type CheckEvidence, checkSpecOf } from '../../schema/index.ts';
import type { Diagnostic } from '../../source/diagnostic.ts';
import { diagnosticAt, type Rule } from './context.ts';

const wellFormedReference = /^\$\{[A-Z_][A-Z0-9_]*\}$/;

/**
 * Every environment reference in `text` that is not a well-formed `${UPPER_CASE}` one. A bare
 * `$NAME` counts as malformed unless shell variables are allowed (in `command` checks).
 */
export function malformedEnvReferences(
  text: string,
  { allowShellVariables = false } = {},
): string[] {
  const found: string[] = [];
  const pattern = allowShellVariables ? /\$\{[^}]*\}?/g : /\$\{[^}]*\}?|\$[A-Za-z_][A-Za-z0-9_]*/g;
  for (const match of text.matchAll(pattern)) {
    if (!wellFormedReference.test(match[0])) found.push(match[0]);
  }
  return found;
}

/** What a check's target must look like, or undefined when it fits (its spec's rule). */
export function targetProblem(check: CheckEvidence): string | undefined {
  if (check.target.includes('${')) return undefined;
  return checkSpecOf(check.check).targetProblem(check.target);
}

/** Check targets are well-formed for their type; environment references are well-formed. */
export const checkTargets: Rule = ({ controls }) => {
  const diagnostics: Diagnostic[] = [];
  for (const loaded of controls) {
    for (const [index, item] of loaded.value.evidence.entries()) {
      if (!('check' in item)) continue;
      const fields: Array<['target' | 'endpoint', string | undefined]> = [
        ['target', item.target],
        ['endpoint', 'endpoint' in item ? item.endpoint : undefined],
      ];
      for (const [field, text] of fields) {
        for (const reference of text
          ? malformedEnvReferences(text, {
              allowShellVariables: checkSpecOf(item.check).shellVariables === true,
            })
          : []) {
          diagnostics.push(
            diagnosticAt(
              loaded,
              ['evidence', index, field],
              'env-ref-malformed',
              `malformed environment reference ${JSON.stringify(reference)}`,
              {
                hint: 'write ${UPPER_CASE_NAME}; the value is read from the environment when the check runs',
              },
            ),
          );
        }
      }
      const problem = targetProblem(item);
      if (problem) {
        diagnostics.push(
          diagnosticAt(
            loaded,
            ['evidence', index, 'target'],
            'check-target-invalid',
            `target ${JSON.stringify(item.target)} does not fit a ${item.check} check`,
            {
              hint: problem,
            },
          ),
        );
      }
    }
  }
  return diagnostics;
};
