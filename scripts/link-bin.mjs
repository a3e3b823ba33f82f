// `npm install` runs this (the `prepare` script): it links the project's own `attest` bin
// into node_modules/.bin, where `npx attest` finds it without loading the dependency tree.
import { existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const binDir = join(import.meta.dirname, '..', 'node_modules', '.bin');
const link = join(binDir, 'attest');
if (existsSync(join(binDir, '..'))) {
  mkdirSync(binDir, { recursive: true });
  if (lstatSync(link, { throwIfNoEntry: false })) unlinkSync(link);
  symlinkSync('../../scripts/attest.mjs', link);
}
