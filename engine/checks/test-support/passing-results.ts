import type { Organisation } from '../../load/model.ts';
import { checkDefinition } from '../definition.ts';
import type { CheckResult } from '../result.ts';

/** A passing result, taken at `at`, for every automated check the organisation declares. */
export function passingResults(model: Organisation, at: Date): CheckResult[] {
  return model.controls.flatMap((control) =>
    control.evidence.flatMap((item, evidenceIndex) =>
      'check' in item
        ? [
            {
              status: 'pass' as const,
              observed: 'ok',
              expected: item.expect,
              message: 'as expected',
              controlId: control.id,
              visibility: control.visibility,
              evidenceIndex,
              evidenceId: item.id,
              check: item.check,
              target: item.target,
              description: item.description,
              durationMs: 5,
              at: at.toISOString(),
              attempts: 1,
              waiver: undefined,
              definition: checkDefinition(item, model.policy),
              override: undefined,
            },
          ]
        : [],
    ),
  );
}
