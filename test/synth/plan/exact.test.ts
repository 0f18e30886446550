/** Exact availability at the boundary, and residency checked wherever resident data is held (issue 9). */
import { readFileSync } from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { compile } from '../../../synth/compile';
import { meetsAvailability, percentApart, percentText } from '../../../synth/plan/exact';
import { parsePercent } from '../../../synth/util/units';

const REFERENCE = readFileSync(path.join(__dirname, '..', '..', '..', 'platform.spec.yaml'), 'utf8');

describe('availability exactly at the SLO', () => {
  // GIVEN 1 - (1 - a)^n equal to the SLO in decimal arithmetic (floating point is off by one ulp either way)
  test.each([
    ['99%', 2, '99.99%'],
    ['90%', 4, '99.99%'],
    ['80%', 3, '99.2%'],
    ['60%', 6, '99.5904%'],
    ['98%', 4, '99.999984%'],
    ['99.99%', 1, '99.99%'],
  ])('GIVEN a = %s and %d instances WHEN the SLO is exactly %s THEN it is met', (a, n, slo) => {
    expect(meetsAvailability(parsePercent(a), n, parsePercent(slo))).toBe(true);
  });

  test.each([
    ['99%', 2, '99.990001%'],
    ['90%', 4, '99.990001%'],
    ['80%', 3, '99.200001%'],
  ])('GIVEN a = %s and %d instances WHEN the SLO is one step above (%s) THEN it is missed', (a, n, slo) => {
    expect(meetsAvailability(parsePercent(a), n, parsePercent(slo))).toBe(false);
  });

  test('GIVEN a miss just below the SLO WHEN worded THEN found and expected read differently', () => {
    expect(percentApart(0.99989999, 0.9999)).toBe('99.989999%');
    expect(percentApart(0.9998, 0.9999)).toBe('99.98%');
    expect(percentText(0.9999)).toBe('99.99%');
  });
});

describe('residency everywhere resident data is held', () => {
  const spec = (edit: (d: ReturnType<typeof parseDocument>) => void) => {
    const d = parseDocument(REFERENCE);
    edit(d);
    return compile('spec.yaml', d.toString(), 'validate');
  };

  test('GIVEN data that must stay in the US held only in an EU region WHEN validated THEN proof-residency names the EU replica', () => {
    const r = spec((d) => {
      d.setIn(['data', 'user-data', 'residency'], ['us']);
      d.setIn(['databases', 'users', 'regions'], ['eu-central']);
      d.setIn(['services', 'accounts', 'regions'], ['eu-central']);
      d.setIn(['services', 'wallet', 'regions'], ['eu-central']);
    });
    const hits = r.diagnostics.filter((x) => x.code === 'proof-residency' && x.path === 'data.user-data.residency');
    expect(hits.map((h) => h.found)).toEqual(expect.arrayContaining([expect.stringContaining('eu-central-1 (eu)')]));
    expect(hits[0].message).toContain('no region of us holds it');
    // AND its standby outside the US too
    expect(hits.map((h) => h.found)).toEqual(expect.arrayContaining([expect.stringContaining('westeurope (eu)')]));
    expect(r.ok).toBe(false);
  });

  test('GIVEN EU data whose EU region fails over to the US WHEN validated THEN the standby is refused', () => {
    const r = spec((d) => {
      d.setIn(['regions', 'eu-west-azure', 'location'], 'eastus');
    });
    // THEN the rule table refuses it before planning (the proof would too)
    const hit = r.diagnostics.find((x) => x.code === 'residency-failover');
    expect(hit).toEqual(expect.objectContaining({ path: 'regions.eu-west-azure.location', found: 'eastus (us)' }));
  });

  test('GIVEN data allowed in either of two jurisdictions WHEN held in both THEN the proof holds for each', () => {
    const r = spec((d) => {
      d.setIn(['data', 'user-data', 'residency'], ['eu', 'sg']);
      d.setIn(['databases', 'users', 'regions'], ['eu-central', 'ap-southeast']);
      d.setIn(['services', 'accounts', 'regions'], ['eu-central', 'ap-southeast']);
      d.setIn(['services', 'wallet', 'regions'], ['eu-central', 'ap-southeast']);
    });
    expect(r.diagnostics.filter((x) => x.code === 'proof-residency' && / in (eu-central|ap-southeast)\b/.test(x.message) && /writer/.test(x.message))).toEqual([]);
  });
});
