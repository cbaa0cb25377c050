#!/usr/bin/env node
// The `linkflow` command. TypeScript runs directly through tsx, so a fresh clone needs no build step.
require('tsx/cjs');
require('../client/cli.ts');
