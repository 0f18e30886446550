/** The reference output passes the structural checks the fuzz run applies to every valid spec. */
import { outputProblems } from '../../helpers/output-checks';
import { referenceFiles } from '../../helpers/reference';

test('GIVEN the reference dist/ THEN JSON and YAML parse, no interpolation is unescaped, every name fits its target', () => {
  expect(outputProblems(referenceFiles())).toEqual([]);
});

test('GIVEN an output with an unescaped interpolation, a bad name and broken YAML THEN each is found', () => {
  const files = new Map([
    ['terraform/x/cdk.tf.json', JSON.stringify({ resource: { aws_lb: { a: { name: 'x'.repeat(33) } }, aws_lb_target_group: { b: { name: 'ok', health_check: { path: '/${foo}' } } }, aws_s3_bucket: { c: { bucket: '${aws_s3_bucket.d.id}' } } } })],
    ['kubernetes/r/a.yaml', 'kind: Namespace\nmetadata:\n  name: Bad_Name\n'],
    ['kubernetes/r/b.yaml', 'a: [\n'],
  ]);
  const problems = outputProblems(files);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringContaining('Network Load Balancer name'),
      expect.stringContaining('unescaped interpolation'),
      expect.stringContaining('not a DNS-1123 subdomain'),
      expect.stringContaining('YAML does not parse'),
    ]),
  );
  expect(problems.some((p) => p.includes('aws_s3_bucket'))).toBe(false);
});
