import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, DataTerraformRemoteStateS3, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { validateTerraformStack, tfSchemaFor, tfSchemaProviderVersions } from './tf-schema';
import { GENERATOR_COMMAND, TF_TYPES } from './build-tf-schema';

function synthTinyStack(): any {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-schema-test-'));
  try {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'tiny');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const vpc = new Vpc(stack, 'vpc', {
      cidrBlock: '10.0.0.0/16',
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: 'tiny' },
    });
    new Subnet(stack, 'subnet-a', {
      vpcId: vpc.id,
      cidrBlock: '10.0.0.0/20',
      availabilityZone: 'eu-west-1a',
      timeouts: { create: '10m' },
    });
    new DataAwsIamPolicyDocument(stack, 'assume', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['eks.amazonaws.com'] }],
        },
      ],
    });
    new DataTerraformRemoteStateS3(stack, 'network-state', { bucket: 'tf-state', key: 'network.tfstate', region: 'eu-west-1' });
    return JSON.parse(Testing.synth(stack));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

describe('tf-schema validator', () => {
  const base = synthTinyStack();

  test('a synthesized stack with provider, Vpc, Subnet and a policy document validates', () => {
    // GIVEN a tiny stack synthesized in-process by cdktf
    // THEN it has the resources we expect, with cdktf's snake_case names
    expect(base.resource.aws_vpc.vpc.enable_dns_hostnames).toBe(true);
    expect(base.resource.aws_vpc.vpc.cidr_block).toBe('10.0.0.0/16');
    expect(base.resource.aws_subnet['subnet-a'].vpc_id).toBe('${aws_vpc.vpc.id}');
    expect(base.data.terraform_remote_state['network-state'].backend).toBe('s3');
    // WHEN validated THEN there are no problems
    expect(validateTerraformStack(base)).toEqual([]);
  });

  test.each([
    {
      name: 'unknown resource type',
      mutate: (s: any) => {
        s.resource.aws_vpcc = { x: { cidr_block: '10.0.0.0/16' } };
      },
      expected: /resource\.aws_vpcc: unknown resource type \(did you mean "aws_vpc"\?\)/,
    },
    {
      name: 'unknown data source type',
      mutate: (s: any) => {
        s.data.aws_nothing_here = { x: {} };
      },
      expected: /data\.aws_nothing_here: unknown data source type/,
    },
    {
      name: 'unknown attribute',
      mutate: (s: any) => {
        s.resource.aws_vpc.vpc.cidr_blok = s.resource.aws_vpc.vpc.cidr_block;
        delete s.resource.aws_vpc.vpc.cidr_block;
      },
      expected: /resource\.aws_vpc\.vpc: unknown attribute or block "cidr_blok" \(did you mean "cidr_block"\?\)/,
    },
    {
      name: 'missing required argument',
      mutate: (s: any) => {
        delete s.resource.aws_subnet['subnet-a'].vpc_id;
      },
      expected: /resource\.aws_subnet\.subnet-a: missing required argument "vpc_id"/,
    },
    {
      name: 'unknown attribute in a nested block given as an object',
      mutate: (s: any) => {
        s.resource.aws_subnet['subnet-a'].timeouts.creat = '5m';
      },
      expected: /resource\.aws_subnet\.subnet-a\.timeouts: unknown attribute or block "creat"/,
    },
    {
      name: 'unknown attribute in a nested block list (two levels deep)',
      mutate: (s: any) => {
        s.data.aws_iam_policy_document.assume.statement[0].principals[0].identifier = 'x';
      },
      expected:
        /data\.aws_iam_policy_document\.assume\.statement\[0\]\.principals\[0\]: unknown attribute or block "identifier"/,
    },
    {
      name: 'missing required argument in a nested block',
      mutate: (s: any) => {
        delete s.data.aws_iam_policy_document.assume.statement[0].principals[0].type;
      },
      expected: /statement\[0\]\.principals\[0\]: missing required argument "type"/,
    },
    {
      name: 'unknown block inside a dynamic block',
      mutate: (s: any) => {
        s.data.aws_iam_policy_document.assume.dynamic = { statment: { for_each: '${var.x}', content: {} } };
      },
      expected: /dynamic\.statment: unknown block "statment" \(did you mean "statement"\?\)/,
    },
    {
      name: 'unknown top-level section',
      mutate: (s: any) => {
        s.resources = {};
      },
      expected: /resources: unknown top-level section/,
    },
  ])('$name is reported', ({ mutate, expected }) => {
    // GIVEN the valid synthesized stack, mutated
    const stack = clone(base);
    mutate(stack);
    // WHEN validated
    const problems = validateTerraformStack(stack);
    // THEN exactly the mutation is reported
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  test.each([
    { name: 'count, depends_on and lifecycle', extra: { count: 2, depends_on: ['aws_vpc.vpc'], lifecycle: { prevent_destroy: true } } },
    { name: 'for_each and provider', extra: { for_each: '${toset(var.azs)}', provider: 'aws.west' } },
    { name: 'a dynamic block for a known block', extra: { dynamic: { timeouts: { for_each: '${var.t}', content: {} } } } },
  ])('$name: allowed on resources', ({ extra }) => {
    // GIVEN a valid stack with meta-arguments added to the subnet
    const stack = clone(base);
    Object.assign(stack.resource.aws_subnet['subnet-a'], extra);
    // WHEN validated THEN no problems
    expect(validateTerraformStack(stack)).toEqual([]);
  });

  test('terraform_remote_state data source is allowed, and its backend is required', () => {
    // GIVEN remote state data sources as cdktf emits them
    const stack = clone(base);
    stack.data.terraform_remote_state = {
      ...stack.data.terraform_remote_state,
      ok: { backend: 's3', config: { bucket: 'b', key: 'k', region: 'eu-west-1' }, workspace: 'default' },
      bad: { config: {} },
    };
    // WHEN validated THEN only the one without backend is reported
    expect(validateTerraformStack(stack)).toEqual(['data.terraform_remote_state.bad: missing required argument "backend"']);
  });

  test('schema covers every configured type with snake_case names as cdktf synthesizes them', () => {
    // GIVEN the generator's type list
    for (const entry of TF_TYPES) {
      const [kind, type] = entry.startsWith('data.') ? (['data', entry.slice(5)] as const) : (['resource', entry] as const);
      // THEN every type has a schema
      expect({ entry, found: tfSchemaFor(kind, type) !== undefined }).toEqual({ entry, found: true });
    }
    // AND a few known camel -> snake mappings and required flags hold
    const vpc = tfSchemaFor('resource', 'aws_vpc')!;
    expect(vpc.attributes.enable_dns_hostnames).toBe(false);
    expect(vpc.attributes.cidr_block).toBe(false);
    expect(tfSchemaFor('resource', 'aws_subnet')!.attributes.vpc_id).toBe(true);
    const eks = tfSchemaFor('resource', 'aws_eks_cluster')!;
    expect(eks.attributes.role_arn).toBe(true);
    expect(eks.blocks.vpc_config.required).toBe(true);
    expect(eks.blocks.vpc_config.attributes.subnet_ids).toBe(true);
    expect(tfSchemaFor('resource', 'google_container_cluster')!.blocks.node_pool.list).toBe(true);
    expect(tfSchemaFor('resource', 'azurerm_kubernetes_cluster')!.blocks.default_node_pool.required).toBe(true);
  });

  test('recorded provider versions match the installed provider packages', () => {
    // GIVEN the versions recorded in tf-provider-schema.json
    const recorded = tfSchemaProviderVersions();
    // WHEN compared with node_modules
    const installed: Record<string, string> = {};
    for (const pkg of Object.keys(recorded)) {
      installed[pkg] = JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
    }
    // THEN they are equal, otherwise the schema is stale
    const stale = Object.keys(recorded).filter((pkg) => recorded[pkg] !== installed[pkg]);
    if (stale.length > 0) {
      throw new Error(
        `test/helpers/tf-provider-schema.json is stale for ${stale
          .map((p) => `${p} (recorded ${recorded[p]}, installed ${installed[p]})`)
          .join(', ')}: run the generator: ${GENERATOR_COMMAND}`,
      );
    }
    expect(Object.keys(recorded).sort()).toEqual(['@cdktf/provider-archive', '@cdktf/provider-aws', '@cdktf/provider-azurerm', '@cdktf/provider-google', '@cdktf/provider-random']);
  });
});
