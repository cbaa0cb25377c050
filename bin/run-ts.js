#!/usr/bin/env node
// Runs a TypeScript file (first argument) with tsx, passing the remaining arguments on.
const path = require('node:path');
require('tsx/cjs');
const script = process.argv[2];
if (!script) {
  console.error('usage: run-ts <file.ts> [args…]');
  process.exit(2);
}
process.argv.splice(1, 2, path.resolve(script));
require(path.resolve(script));
