#!/usr/bin/env node
// The `linkflow` command. TypeScript runs directly through tsx, so a fresh clone needs no build step.
require('tsx/cjs');
const { relaunchedUnderHeapCap } = require('../client/worker-process.ts');
if (!relaunchedUnderHeapCap(process.argv.slice(2), __filename)) require('../client/cli.ts');
