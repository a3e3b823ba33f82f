// `npm run docs:checks`: writes the reference of every check type, generated from the specs'
// zod schemas, into controls/README.md between its markers. A test fails when it is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { replaceCheckReference } from '../engine/render/check-reference.ts';

const readme = new URL('../controls/README.md', import.meta.url);
const before = await readFile(readme, 'utf8');
const after = replaceCheckReference(before);
if (after === before)
  process.stdout.write('controls/README.md: the check reference is up to date\n');
else {
  await writeFile(readme, after);
  process.stdout.write('controls/README.md: wrote the check reference\n');
}
