#!/usr/bin/env node
// Runs the TypeScript sources directly (transpile only: type checking is `npm test`'s job).
require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, '..', 'tsconfig.json') });
require('../synth/main.ts');
