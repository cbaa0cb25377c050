#!/usr/bin/env node
// `npm test`: type-check, then jest with the real Temporal server (started by jest's global set-up, or
// reused) and the sandboxes in-process; ends with the line CI counts: "N passed, N failed".
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const typecheck = spawnSync(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
const lint = spawnSync(bin('eslint'), ['.'], { cwd: root, stdio: 'inherit' });
// Formatting is checked, not fixed, here: `npm run format` fixes it.
const format = spawnSync(bin('prettier'), ['--check', '--log-level', 'warn', '**/*.{ts,js,mjs}'], {
  cwd: root,
  stdio: 'inherit',
});

const resultsFile = path.join(os.tmpdir(), `linkflow-jest-${process.pid}.json`);
const jest = spawnSync(bin('jest'), ['--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, LINKFLOW_TEST_TEMPORAL: '1' },
});

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  fs.rmSync(resultsFile, { force: true });
} catch {
  failed += 1; // jest wrote no results: count the run itself as a failure
}
if (typecheck.status !== 0) {
  console.log('Type check failed.');
  failed += 1;
}
if (lint.status !== 0) {
  console.log('Lint failed.');
  failed += 1;
}
if (format.status !== 0) {
  console.log('Formatting differs from Prettier (run `npm run format`).');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && jest.status === 0 ? 0 : 1);
