#!/usr/bin/env node
// The `attest` command. The CLI shell is plain JavaScript; each command registers the
// TypeScript loader itself when it runs, so `attest --help` starts fast.
import { main } from './cli/main.mjs';

process.exitCode = await main(process.argv.slice(2));
