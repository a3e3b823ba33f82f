import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEvidence, checkExposure, checkLabel } from '../schema/index.ts';
import { checkSpecs } from './specs.ts';

const here = import.meta.dirname;

describe('check specs', () => {
  it('lists every check folder, and every listed type has its folder with spec and run', () => {
    const folders = readdirSync(here, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, 'spec.ts')))
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual(checkSpecs.map((spec) => spec.type).sort());
    for (const { type } of checkSpecs) expect(existsSync(join(here, type, 'run.ts'))).toBe(true);
  });

  it('gives each type a distinct label', () => {
    const labels = checkSpecs.map((spec) => spec.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('keeps what databases, buckets, files and commands look at off public outputs', () => {
    const internal = checkSpecs.filter((spec) => checkExposure(spec.type) === 'internal');
    expect(internal.map((spec) => spec.type)).toEqual([
      'postgres',
      's3',
      'file',
      'config',
      'command',
    ]);
    expect(checkExposure('a-type-from-the-future')).toBe('internal');
    expect(checkLabel('tls')).toBe('TLS configuration');
  });

  it('parses evidence of every type through the union built from the specs', () => {
    const parsed = checkEvidence.parse({ check: 'dns', target: 'example.com' });
    expect(parsed).toEqual({ check: 'dns', target: 'example.com', expect: {} });
    expect(() => checkEvidence.parse({ check: 'nope', target: 'x' })).toThrow();
  });
});
