/** dist/ledger.md: every claim of the report names what implements it, and every name exists in dist/. */
import { parseAllDocuments } from 'yaml';
import { LEDGER_FILE, MISSING, resolveLedger } from '../../../synth/output/ledger';
import { planLedger } from '../../../synth/plan/ledger';
import { referenceFiles, referencePlan } from '../../helpers/reference';

const plan = referencePlan();
const files = referenceFiles();
const ledger = files.get(LEDGER_FILE)!;
const addresses = [...ledger.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((a) => a.startsWith('terraform/') || a.startsWith('kubernetes/') || a.startsWith('runbooks/'));

describe('ledger', () => {
  test('GIVEN dist/ THEN the ledger has zero missing entries', () => {
    expect(ledger).toBeDefined();
    expect(ledger.split('\n').filter((l) => l.includes(MISSING))).toEqual([]);
    expect(addresses.length).toBeGreaterThan(100);
  });

  test('GIVEN every address the ledger names THEN it exists in dist/ (checked here, independently of the resolver)', () => {
    const yaml = new Map<string, any[]>();
    for (const a of addresses) {
      let ok = false;
      const tf = /^terraform\/([^:]+): ([a-z0-9_]+)\.(.+)$/.exec(a);
      const k8s = /^(kubernetes\/[^:]+): (\w+) ([^/]+)\/(.+)$/.exec(a);
      if (tf) ok = JSON.parse(files.get(`terraform/${tf[1]}/cdk.tf.json`) ?? '{}').resource?.[tf[2]]?.[tf[3]] !== undefined;
      else if (k8s) {
        if (!yaml.has(k8s[1])) yaml.set(k8s[1], files.has(k8s[1]) ? parseAllDocuments(files.get(k8s[1])!).map((d) => d.toJSON()) : []);
        ok = yaml.get(k8s[1])!.some((o) => o?.kind === k8s[2] && o.metadata?.namespace === k8s[3] && o.metadata?.name === k8s[4]);
      } else ok = files.has(a);
      expect({ a, ok }).toEqual({ a, ok: true });
    }
  });

  test('GIVEN the report THEN every RTO step, RPO figure (zone and region loss), residency row and availability figure has an entry', () => {
    const entries = planLedger(plan);
    const count = (s: string) => entries.filter((e) => e.section === s).length;
    expect(count('rto')).toBe(plan.reports.rto.reduce((n, r) => n + r.terms.length, 0));
    expect(count('rpo')).toBe(plan.reports.rpo.length * 2);
    expect(count('residency')).toBe(plan.reports.residency.length);
    expect(count('availability')).toBe(plan.reports.availability.length);
    for (const e of entries) expect(e.refs.length).toBeGreaterThan(0);
  });

  test('GIVEN the RPO of region loss THEN it rests on the DMS task and its lag alarm of every replicated shard, and is "not delivered" exactly for shards without a feed', () => {
    const entries = planLedger(plan).filter((e) => e.section === 'rpo' && e.claim.includes('region loss'));
    for (const e of entries) {
      const tasks = e.refs.filter((r) => r.kind === 'terraform' && r.type === 'aws_dms_replication_task').length;
      const alarms = e.refs.filter((r) => r.kind === 'terraform' && r.type === 'aws_cloudwatch_metric_alarm').length;
      expect(tasks).toBe(alarms);
      const undelivered = e.refs.filter((r) => r.kind === 'not-delivered').length;
      const dataClass = e.claim.split(':')[0];
      const dbs = plan.databases.filter((d) => d.stores.includes(dataClass) && d.crossRegion.mode !== 'none');
      const shards = plan.regions.filter((r) => r.role === 'primary').flatMap((r) => r.databases.filter((d) => dbs.some((x) => x.id === d.database)).map((d) => `${r.id}/${d.name}`));
      const fed = shards.filter((s) => plan.replication.some((r) => `${r.primary}/` === s.slice(0, s.indexOf('/') + 1) && r.feeds.some((f) => f.source === s.slice(s.indexOf('/') + 1))));
      expect([tasks, undelivered]).toEqual([fed.length, shards.length - fed.length]);
    }
  });

  test('GIVEN a reference to something absent THEN the resolver marks it MISSING (the guard can fail)', () => {
    const [r] = resolveLedger([{ section: 'rto', claim: 'x', refs: [{ kind: 'terraform', stack: 'global', type: 'aws_route53_health_check', equals: { 'tags.service': 'no-such-service' } }] }], files);
    expect(r.missing).toBe(1);
    expect(r.lines[0]).toContain(MISSING);
  });

  test.each<[string, { apiKind: string; namespace: string; name: string }, string[]]>([
    ['an object in two files of the cluster', { apiKind: 'Deployment', namespace: 'shop', name: 'api' }, ['kubernetes/eu/a.yaml: Deployment shop/api', 'kubernetes/eu/b.yaml: Deployment shop/api']],
    ['an object of another namespace only', { apiKind: 'Deployment', namespace: 'other', name: 'api' }, []],
    ['an object of another kind only', { apiKind: 'Service', namespace: 'shop', name: 'api' }, ['kubernetes/eu/b.yaml: Service shop/api']],
    ['an object only in another cluster and in a file that is not a manifest', { apiKind: 'ConfigMap', namespace: 'shop', name: 'cm' }, []],
  ])('GIVEN Kubernetes references WHEN %s THEN the addresses are every matching object of the cluster in file order', (_, ref, expected) => {
    const manifests = new Map([
      ['kubernetes/eu/a.yaml', 'kind: Deployment\nmetadata:\n  name: api\n  namespace: shop\n'],
      ['kubernetes/eu/b.yaml', 'kind: Service\nmetadata:\n  name: api\n  namespace: shop\n---\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\n'],
      ['kubernetes/eu/notes.md', 'kind: ConfigMap\nmetadata:\n  name: cm\n  namespace: shop\n'],
      ['kubernetes/us/c.yaml', 'kind: ConfigMap\nmetadata:\n  name: cm\n  namespace: shop\n'],
    ]);
    const [r] = resolveLedger([{ section: 'rto', claim: 'x', refs: [{ kind: 'kubernetes', cluster: 'eu', ...ref }, { kind: 'kubernetes', cluster: 'eu', ...ref }] }], manifests);
    const line = expected.length ? expected.map((a) => `\`${a}\``).join(' ') : `${MISSING}: ${JSON.stringify({ kind: 'kubernetes', cluster: 'eu', ...ref })}`;
    expect(r.lines).toEqual([line, line]);
    expect(r.missing).toBe(expected.length ? 0 : 2);
  });
});
