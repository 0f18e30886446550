/** Renderers and acceptances of a review: markdown that fits a comment, JSON for CI, explicit accepts. */
import { isAccepted, parseAcceptFlag, parseAcceptLines } from '../../../synth/review/accept';
import { review, unacceptedRisks, type ReviewSide } from '../../../synth/review/index';
import { COMMENT_MARKER, renderJson, renderMarkdown, renderText } from '../../../synth/review/render';
import { referencePlan, referenceStacks } from '../../helpers/reference';

const STACK = 'region-us-east';
const file = `terraform/${STACK}/cdk.tf.json`;
const side = (label: string, stack: unknown, extra: [string, string][] = []): ReviewSide => ({
  label,
  plan: referencePlan(),
  files: new Map([[file, JSON.stringify(stack)], ['terraform/global/cdk.tf.json', JSON.stringify(referenceStacks().get('global'))], ...extra]),
  diagnostics: [],
});
const base = side('main', referenceStacks().get(STACK));
/** Every Aurora instance class changes: many lines, and a destroyed cache (a risk). */
function bigChange(): ReviewSide {
  const s = structuredClone(referenceStacks().get(STACK));
  for (const i of Object.values<any>(s.resource.aws_rds_cluster_instance)) i.instance_class = 'db.r7g.4xlarge';
  delete s.resource.aws_elasticache_replication_group['caches_redis-sessions'];
  return side('head', s);
}

describe('markdown', () => {
  test('GIVEN a change WHEN rendered THEN the summary table comes first, then a collapsible section per changed stack', () => {
    const md = renderMarkdown(review(base, bigChange()));
    const lines = md.split('\n');
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(md.indexOf('| Stacks changed | 1 of 2: `region-us-east` |')).toBeGreaterThan(0);
    expect(md.indexOf('| Stacks changed')).toBeLessThan(md.indexOf('<details>'));
    expect(md).toContain('| Risks | **1 not accepted**, 0 accepted |');
    expect(md).toContain('| `destroy-stateful` | `region-us-east/aws_elasticache_replication_group.caches_redis-sessions` |');
    expect(md.match(/<details>/g)).toHaveLength(1);
    // every Aurora instance of the stack is updated, one cache destroyed
    const instances = Object.keys(referenceStacks().get(STACK).resource.aws_rds_cluster_instance).length;
    expect(instances).toBeGreaterThan(1);
    expect(md).toContain(`<details><summary><b>stack region-us-east</b> (wave 1, changed): +0 ~${instances} -1</summary>`);
    expect(md).toContain('    instance_class: "db.r6g.2xlarge" -> "db.r7g.4xlarge"');
    expect(md).not.toContain('Cut to fit');
  });

  test.each([2500, 4000, 6000])('GIVEN a limit of %i characters WHEN rendered THEN the comment stays below it and says what was cut', (limit) => {
    const r = review(base, bigChange());
    const full = renderMarkdown(r);
    expect(full.length).toBeGreaterThan(limit);
    const md = renderMarkdown(r, limit);
    expect(md.length).toBeLessThan(limit);
    expect(md).toContain('| Stacks changed');
    expect(md).toMatch(/Cut to fit a comment \([\d,]+ characters\): stack region-us-east \(\d+ of \d+ lines\)/);
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
  });
});

describe('json', () => {
  test('GIVEN one changed stack of two WHEN rendered as JSON THEN each stack says changed, and the apply order lists the changed one only', () => {
    const j = JSON.parse(renderJson(review(base, bigChange())));
    expect(j.stacks.map((s: any) => [s.stack, s.changed])).toEqual([
      ['global', false],
      [STACK, true],
    ]);
    expect(j.applyOrder).toEqual([{ wave: 1, stacks: [STACK] }]);
    expect(j.risks).toEqual([{ code: 'destroy-stateful', resource: `${STACK}/aws_elasticache_replication_group.caches_redis-sessions`, reason: expect.any(String), accepted: false }]);
  });

  test('GIVEN a change in the global stack only WHEN reviewed THEN the apply order is its wave alone', () => {
    const g = structuredClone(referenceStacks().get('global'));
    g.terraform.required_version = '>= 9';
    const head: ReviewSide = { ...side('head', referenceStacks().get(STACK)), files: new Map([[file, JSON.stringify(referenceStacks().get(STACK))], ['terraform/global/cdk.tf.json', JSON.stringify(g)]]) };
    expect(review(base, head).applyOrder).toEqual([{ wave: referencePlan().stacks.find((s) => s.name === 'global')!.wave, stacks: ['global'] }]);
  });
});

describe('secrets', () => {
  test('GIVEN a changed password attribute WHEN rendered THEN its values are masked', () => {
    const s = structuredClone(referenceStacks().get(STACK));
    const before = structuredClone(s);
    before.resource.aws_elasticache_replication_group['caches_redis-sessions'].auth_token = 'old-secret-value';
    s.resource.aws_elasticache_replication_group['caches_redis-sessions'].auth_token = 'new-secret-value';
    const text = renderText(review(side('base', before), side('head', s)));
    expect(text).toContain('auth_token: (sensitive) -> (sensitive)');
    expect(text).not.toContain('secret-value');
  });
});

describe('acceptances', () => {
  test('GIVEN a PR description WHEN parsed THEN only accept lines count', () => {
    const text = ['Resize the caches.', '', '# platform: accept destroy-stateful region-us-east/aws_elasticache_replication_group.caches_redis-sessions', '> platform: accept backup-* *', 'platform accept nope'].join('\n');
    expect(parseAcceptLines(text)).toEqual([
      { code: 'destroy-stateful', resource: 'region-us-east/aws_elasticache_replication_group.caches_redis-sessions' },
      { code: 'backup-*', resource: '*' },
    ]);
    expect(parseAcceptFlag('proof-fails:rto:trading')).toEqual({ code: 'proof-fails', resource: 'rto:trading' });
    expect(parseAcceptFlag('nocolon')).toBeUndefined();
  });

  test('GIVEN an accepted risk WHEN reviewed THEN it is marked accepted and no longer open; another code is not covered', () => {
    const acc = parseAcceptLines('# platform: accept destroy-stateful region-us-east/aws_elasticache_replication_group.*');
    const r = review(base, bigChange(), acc);
    expect(r.risks.map((x) => x.accepted)).toEqual([true]);
    expect(unacceptedRisks(r)).toEqual([]);
    expect(isAccepted({ code: 'replace-stateful', resource: 'region-us-east/aws_elasticache_replication_group.x' }, acc)).toBe(false);
  });
});
