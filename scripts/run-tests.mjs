#!/usr/bin/env node
// `npm test`: lint, then the type check and the test suite side by side (the suite waits on
// servers, browsers and timers often enough to leave room for tsc). Exits non-zero when
// either fails, printing the type errors after the suite's report. Extra arguments go to vitest.
import { spawn, spawnSync } from 'node:child_process';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;

const lint = spawnSync(bin('biome'), ['check', '.'], { stdio: 'inherit' });
if (lint.status !== 0) process.exit(lint.status ?? 1);

const typecheck = new Promise((resolve) => {
  let output = '';
  const child = spawn(bin('tsc'), ['--noEmit'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  child.on('close', (code) => resolve({ code: code ?? 1, output }));
});
const suite = new Promise((resolve) => {
  const child = spawn(bin('vitest'), ['run', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('close', (code) => resolve(code ?? 1));
});

const [types, tests] = await Promise.all([typecheck, suite]);
if (types.code !== 0) {
  process.stderr.write(`\nType check failed (tsc --noEmit):\n${types.output}`);
} else {
  process.stdout.write('Type check passed (tsc --noEmit).\n');
}
process.exit(types.code !== 0 ? types.code : tests);
