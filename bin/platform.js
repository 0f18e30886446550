#!/usr/bin/env node
// Runs the TypeScript sources directly (transpile only: type checking is `npm test`'s job).
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || require('path').join(__dirname, '..', 'tsconfig.json');
require('ts-node/register/transpile-only');
require('../synth/cli/main.ts');
