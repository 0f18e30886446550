import * as fs from 'fs';
import * as path from 'path';
import { POLICY_RULES } from '../../../synth/check/rules';
import { renderPolicyDocs } from '../../../synth/docs/policy';

const committed = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'policy.md'), 'utf8');

test('docs/policy.md is up to date with the rules table', () => {
  expect(renderPolicyDocs(POLICY_RULES) === committed ? 'fresh' : 'docs/policy.md is stale: run npm run docs').toBe('fresh');
});

test('docs/policy.md has a section per rule, in table order', () => {
  expect([...committed.matchAll(/^## `([^`]+)`$/gm)].map((m) => m[1])).toEqual(POLICY_RULES.map((r) => r.id));
});
