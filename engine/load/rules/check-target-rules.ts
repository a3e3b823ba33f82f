import type { CheckEvidence } from '../../schema/index.ts';
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

const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;

function isUrl(text: string, protocols: readonly string[]): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return protocols.includes(url.protocol) && url.hostname !== '';
}

/** What a check's target must look like, or undefined when it fits. */
export function targetProblem(check: CheckEvidence): string | undefined {
  const target = check.target;
  if (target.includes('${')) return undefined;
  switch (check.check) {
    case 'tls':
      return isUrl(target, ['https:']) || hostPort.test(target)
        ? undefined
        : 'a tls target is https://host[:port] or host:port';
    case 'hsts':
      return isUrl(target, ['https:']) ? undefined : 'an hsts target is an https:// URL';
    case 'http':
    case 'headers':
    case 'rate-limit':
      return isUrl(target, ['http:', 'https:'])
        ? undefined
        : `a ${check.check} target is an http(s) URL`;
    case 'security-txt':
      return isUrl(target, ['http:', 'https:']) && new URL(target).pathname === '/'
        ? undefined
        : 'a security-txt target is an origin such as https://example.com';
    case 'dns':
      return /^(?=.{1,253}$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?$/.test(
        target,
      )
        ? undefined
        : 'a dns target is a domain name such as example.com';
    case 's3':
      return /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(target)
        ? undefined
        : 'an s3 target is s3://bucket-name';
    case 'postgres':
      return /^postgres(ql)?:\/\//.test(target)
        ? undefined
        : 'a postgres target is a postgres:// connection string, usually ${DATABASE_URL}';
    default:
      return undefined;
  }
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
          ? malformedEnvReferences(text, { allowShellVariables: item.check === 'command' })
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
