import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSpecs } from '../checks/specs.ts';
import {
  checkReferenceMarkers,
  checkReferences,
  renderCheckReference,
  replaceCheckReference,
} from './check-reference.ts';

const readme = readFileSync(new URL('../../controls/README.md', import.meta.url), 'utf8');

describe('the check reference in controls/README.md', () => {
  it('is the one the specs generate today (run `npm run docs:checks` when this fails)', () => {
    expect(readme).toContain(checkReferenceMarkers.start);
    expect(
      replaceCheckReference(readme) === readme,
      'controls/README.md is out of date: run `npm run docs:checks`',
    ).toBe(true);
  });

  it('documents every expect field of every check type, with its type and whether it is required', () => {
    const text = renderCheckReference();
    for (const spec of checkSpecs) expect(text).toContain(`### \`${spec.type}\` — ${spec.label}`);
    const config = checkReferences().find((reference) => reference.type === 'config');
    expect(config?.expect.find((field) => field.name === 'path')).toEqual({
      name: 'path',
      type: 'string',
      required: true,
      description: 'Dotted path to the value, e.g. `server.tls.minVersion`; a key for .env.',
    });
    expect(text).toContain(
      '| `minVersion` | "TLSv1" \\| "TLSv1.1" \\| "TLSv1.2" \\| "TLSv1.3" | no | Oldest protocol the server may accept. |',
    );
    expect(text).toContain('| `minDaysToExpiry` | integer ≥ 0 |');
  });

  it('refuses a README without the markers rather than dropping the reference somewhere', () => {
    expect(() => replaceCheckReference('# Controls\n')).toThrow(/lacks the markers/);
  });
});
