import { readFileSync } from 'fs';
import * as path from 'path';
import { compile } from '../../../synth/compile';
import { formatDiagnostic } from '../../../synth/util/errors';
import { BAD_CASES, type BadCase } from './bad-specs';

const REFERENCE = readFileSync(path.join(__dirname, '..', '..', '..', 'platform.spec.yaml'), 'utf8');

function edit(c: BadCase): { text: string; line: number } {
  const at = REFERENCE.indexOf(c.find);
  if (at < 0) throw new Error(`fixture ${c.name}: text not found in the reference spec: ${c.find}`);
  const text = REFERENCE.slice(0, at) + c.replace + REFERENCE.slice(at + c.find.length);
  const marker = c.lineOf ?? c.replace.split('\n')[0];
  const offset = c.lineOf ? text.indexOf(c.lineOf) : at;
  if (offset < 0 || !marker) throw new Error(`fixture ${c.name}: line marker not found`);
  return { text, line: text.slice(0, offset).split('\n').length };
}

describe('validate', () => {
  test('GIVEN the reference spec WHEN validated THEN it has no errors and no warnings', () => {
    const result = compile('platform.spec.yaml', REFERENCE, 'validate');
    expect(result.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test('the table holds at least 30 distinct bad-spec cases', () => {
    expect(new Set(BAD_CASES.map((c) => c.name)).size).toBe(BAD_CASES.length);
    expect(BAD_CASES.length).toBeGreaterThanOrEqual(30);
  });

  test.each(BAD_CASES.map((c) => [c.name, c] as const))('GIVEN %s WHEN validated THEN it reports code, path and line', (_name, c) => {
    // GIVEN
    const { text, line } = edit(c);
    // WHEN
    const result = compile('bad.yaml', text, 'validate');
    // THEN
    const hit = result.diagnostics.find((d) => d.code === c.code && d.path === c.path);
    expect({ found: hit ? formatDiagnostic(hit) : undefined, all: result.diagnostics.map((d) => formatDiagnostic(d)) }).toEqual(expect.objectContaining({ found: expect.any(String) }));
    expect(hit!.file).toBe('bad.yaml');
    expect(hit!.line).toBe(line);
    expect(hit!.col).toBeGreaterThanOrEqual(1);
    expect(hit!.message.length).toBeGreaterThan(5);
    expect(hit!.severity).toBe(c.severity ?? 'error');
    if (c.suggestion) expect(hit!.suggestion).toBe(c.suggestion);
    expect(result.ok).toBe((c.severity ?? 'error') === 'warning');
  });

  test('GIVEN several mistakes WHEN validated THEN all are reported at once, in file order', () => {
    const text = REFERENCE.replace('environment: production', 'enviroment: production').replace('    tier: treasury', '    tier: tresury').replace('onDemand: 10% }', 'onDemand: 15% }');
    const result = compile('bad.yaml', text, 'validate');
    const codes = result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['unknown-key', 'ref-unknown-tier', 'cost-mix-sum']));
    const lines = result.diagnostics.map((d) => d.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  test('GIVEN an error WHEN formatted THEN the text names file:line:col, code, path, expectation and suggestion', () => {
    const result = compile('platform.spec.yaml', REFERENCE.replace('    tier: treasury', '    tier: tresury'), 'validate');
    const text = formatDiagnostic(result.diagnostics[0]);
    expect(text).toMatch(/^platform\.spec\.yaml:\d+:\d+: error\[ref-unknown-tier\] services\.wallet\.tier: unknown tier `tresury` \(expected one of .*found tresury\)\. Did you mean `treasury`\?$/);
  });
});
