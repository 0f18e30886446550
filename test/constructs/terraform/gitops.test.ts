/**
 * From `terraform apply` to a syncing cluster: for every cluster with workloads, the region's stack
 * creates the cloud's GitOps agent through the cloud API, pointed at gitops.repoURL / revision and the
 * cluster's folder, and that folder exists in the Kubernetes output. Walked on the reference output.
 */
import * as crypto from 'crypto';
import { BOOTSTRAP_HANDLER_SOURCE } from '../../../constructs/aws/gitops-bootstrap-handler';
import type { GitOpsAgentPlan } from '../../../synth/model/index';
import { referenceKubernetes, referencePlan, referenceStacks } from '../../helpers/reference';
import { clusterRegions, clusterStackName } from '../../helpers/cluster-graph';

const plan = referencePlan();
const stacks = referenceStacks();
const k8s = referenceKubernetes();
const agents = plan.gitopsAgents;
const rows = agents.map((a) => [a.region, a.kind, a] as [string, string, GitOpsAgentPlan]);

const resources = (stack: any, type: string): any[] => Object.values(stack.resource?.[type] ?? {});
/** Terraform reference `${type.name...}` -> the resource it names. */
const target = (stack: any, ref: string) => {
  const m = /^\$\{([a-z0-9_]+)\.([^.}]+)/.exec(ref);
  return m ? stack.resource?.[m[1]]?.[m[2]] : undefined;
};
const folderOf = (path: string) => `kubernetes/${path.slice(plan.gitops.path.length + 1)}/`;

describe('GitOps agent per cluster', () => {
  test('GIVEN the reference plan THEN every cluster with workloads has exactly one agent, of its cloud', () => {
    const withWorkloads = clusterRegions(plan).filter((r) => r.workloads.length > 0);
    expect(agents.map((a) => a.region).sort()).toEqual(withWorkloads.map((r) => r.id).sort());
    for (const a of agents) expect(a.cloud).toBe(clusterRegions(plan).find((r) => r.id === a.region)!.cloud);
  });

  test.each(rows)('%s (%s): the agent syncs the cluster folder, which the output contains', (region, _kind, a) => {
    expect(a.repoURL).toBe(plan.gitops.repoURL);
    expect(a.revision).toBe(plan.gitops.revision);
    expect(a.path).toBe(`${plan.gitops.path}/${region}`);
    const folder = folderOf(a.path);
    expect([...k8s.keys()].filter((f) => f.startsWith(folder)).length).toBeGreaterThan(0);
    // retries with backoff that never give up (a bounded count would stop before slow add-ons are ready), prune on
    expect(a.prune).toBe(true);
    expect(a.retry.limit).toBeLessThan(0);
    expect(a.retry.maxBackoffSeconds).toBeGreaterThan(a.retry.backoffSeconds);
  });

  test.each(rows.filter(([, k]) => k === 'eks-argocd-capability'))('%s: EKS capability, registration and root Application, applied from inside the VPC', (region, _k, a) => {
    const stack = stacks.get(clusterStackName(plan, region));
    const [cap] = resources(stack, 'aws_eks_capability');
    expect(cap).toMatchObject({ type: 'ARGOCD', capability_name: a.name });
    expect(target(stack, cap.cluster_name)).toMatchObject({ name: a.cluster, vpc_config: { endpoint_public_access: false } });
    expect(cap.configuration[0].argo_cd[0].namespace).toBe(a.namespace);
    // the capability role is trusted by the capabilities service and holds cluster admin through an access policy
    const role = target(stack, cap.role_arn);
    expect(role.name).toBe(a.argocd!.capabilityRole);
    const assoc = resources(stack, 'aws_eks_access_policy_association');
    const capAccess = assoc.find((x) => x.principal_arn === cap.role_arn)!;
    expect(capAccess.access_scope).toEqual({ type: 'cluster' });
    // the bootstrap function runs in the private subnets with the cluster security group, allowed only in the agent's namespace
    const fn = resources(stack, 'aws_lambda_function').find((f) => f.function_name === a.argocd!.bootstrapFunction)!;
    expect(fn.vpc_config.security_group_ids).toEqual([expect.stringMatching(/cluster_security_group_id/)]);
    for (const s of fn.vpc_config.subnet_ids) expect(target(stack, s).tags.Name).toMatch(/private/);
    const fnAccess = assoc.find((x) => x.principal_arn === fn.role)!;
    expect(fnAccess.access_scope).toEqual({ type: 'namespace', namespaces: [a.namespace] });
    // the invocation applies the registration (server = cluster ARN) and the root Application
    const invocations = resources(stack, 'aws_lambda_invocation').filter((i) => target(stack, i.function_name) === fn);
    expect(invocations).toHaveLength(1);
    const [inv] = invocations;
    const input = JSON.parse(inv.input);
    const [secret, root] = input.objects.map((o: any) => o.body);
    expect(secret.metadata.labels['argocd.argoproj.io/secret-type']).toBe('cluster');
    expect(secret.stringData).toMatchObject({ name: a.argocd!.destination, server: expect.stringMatching(/^\$\{aws_eks_cluster\.[^.]+\.arn\}$/) });
    expect(root.spec.destination.name).toBe(a.argocd!.destination);
    expect(root.spec.source).toMatchObject({ repoURL: a.repoURL, targetRevision: a.revision, path: a.argocd!.rootPath, directory: { include: a.argocd!.rootInclude } });
    expect(root.spec.syncPolicy.retry.limit).toBe(a.retry.limit);
    // the root syncs the cluster's Application file, which syncs the cluster folder
    const appFile = `kubernetes/${a.argocd!.rootPath.slice(plan.gitops.path.length + 1)}/${a.argocd!.rootInclude}`;
    const app = (k8s.get(appFile) as any[]).find((o) => o.kind === 'Application' && o.metadata.name === a.argocd!.application);
    expect(app.metadata).toMatchObject({ name: a.argocd!.application, namespace: a.namespace });
    expect(app.spec.source).toMatchObject({ repoURL: a.repoURL, targetRevision: a.revision, path: a.path });
    expect(app.spec.destination).toEqual({ name: a.argocd!.destination });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(app.spec.syncPolicy.retry).toEqual(root.spec.syncPolicy.retry);
    // the HPA-owned replica counts are ignored, pilot-light ones are not
    const r = clusterRegions(plan).find((x) => x.id === region)!;
    expect(app.spec.ignoreDifferences.map((d: any) => `${d.namespace}/${d.name}`).sort()).toEqual(
      r.workloads.filter((w) => w.autoscaling).map((w) => `${w.namespace}/${w.service}`).sort(),
    );
  });

  test.each(rows.filter(([, k]) => k === 'gke-config-sync'))('%s: Config Sync through the fleet, on the cluster folder', (region, _k, a) => {
    const stack = stacks.get(clusterStackName(plan, region));
    const [membership] = resources(stack, 'google_gke_hub_membership');
    expect(membership.membership_id).toBe(a.configSync!.membership);
    expect(membership.endpoint.gke_cluster.resource_link).toMatch(/^\/\/container\.googleapis\.com\/\$\{google_container_cluster\.[^.]+\.id\}$/);
    const [fm] = resources(stack, 'google_gke_hub_feature_membership');
    expect(target(stack, fm.membership)).toBe(membership);
    expect(fm.configmanagement.config_sync).toMatchObject({ enabled: true, source_format: 'unstructured', prevent_drift: true });
    // the root-sync reads the platform layer, whose `workloads` RootSync syncs the cluster folder (after the add-ons)
    const layer = plan.addons.find((x) => x.region === region)!;
    expect(fm.configmanagement.config_sync.git).toMatchObject({ sync_repo: a.repoURL, sync_branch: a.revision, policy_dir: layer.path });
    const layerObjects = [...k8s].filter(([f]) => f.startsWith(`kubernetes/${layer.path.slice(plan.gitops.path.length + 1)}/`)).flatMap(([, o]) => o as any[]);
    const workloads = layerObjects.filter((o) => o.kind === 'RootSync' && o.spec.sourceType === 'git');
    expect(workloads).toHaveLength(1);
    expect(workloads[0].metadata).toMatchObject({ name: layer.workloadsSync, namespace: a.namespace });
    // a private repository: the same token Secret the root-sync reads (the feature membership's secret type)
    const auth = a.credentials ? { auth: 'token', secretRef: { name: a.credentials.secret } } : { auth: 'none' };
    expect(workloads[0].spec).toMatchObject({ sourceFormat: 'unstructured', git: { repo: a.repoURL, branch: a.revision, dir: a.path, ...auth } });
    expect(fm.configmanagement.config_sync.git.secret_type).toBe(auth.auth);
    // the APIs the fleet needs are enabled by the stack
    expect(resources(stack, 'google_project_service').map((s) => s.service).sort()).toEqual(expect.arrayContaining(['anthosconfigmanagement.googleapis.com', 'gkehub.googleapis.com']));
  });

  test('GIVEN several GCP clusters THEN exactly one stack creates the per-project fleet feature and the others apply after it', () => {
    const gcp = agents.filter((a) => a.configSync);
    const creators = gcp.filter((a) => a.configSync!.createsFeature);
    expect(creators).toHaveLength(gcp.length > 0 ? 1 : 0);
    for (const a of gcp) {
      const stack = stacks.get(clusterStackName(plan, a.region));
      expect(resources(stack, 'google_gke_hub_feature')).toHaveLength(a.configSync!.createsFeature ? 1 : 0);
      const s = plan.stacks.find((x) => x.name === clusterStackName(plan, a.region))!;
      const owner = plan.stacks.find((x) => x.name === a.configSync!.featureStack)!;
      if (!a.configSync!.createsFeature) {
        expect(s.dependsOn).toContain(owner.name);
        expect(s.wave).toBeGreaterThan(owner.wave);
      }
    }
  });

  test.each(rows.filter(([, k]) => k === 'aks-flux'))('%s: Flux extension and configuration on the cluster folder', (region, _k, a) => {
    const stack = stacks.get(clusterStackName(plan, region));
    const [ext] = resources(stack, 'azurerm_kubernetes_cluster_extension');
    expect(ext.extension_type).toBe('microsoft.flux');
    const [cfg] = resources(stack, 'azurerm_kubernetes_flux_configuration');
    expect(target(stack, cfg.cluster_id)).toMatchObject({ name: a.cluster, private_cluster_enabled: true });
    expect(target(stack, ext.cluster_id)).toMatchObject({ name: a.cluster });
    expect(cfg.git_repository).toMatchObject({ url: a.repoURL, reference_type: 'branch', reference_value: a.revision });
    // the platform layer first (waited for: its HelmReleases healthy), then the cluster folder, which depends on it
    const layer = plan.addons.find((x) => x.region === region)!;
    expect(cfg.kustomizations).toEqual([
      expect.objectContaining({ name: layer.fluxKustomization, path: layer.path, wait: true, garbage_collection_enabled: true }),
      expect.objectContaining({ name: a.flux!.kustomization, path: a.path, depends_on: [layer.fluxKustomization], garbage_collection_enabled: true, retry_interval_in_seconds: a.retry.backoffSeconds }),
    ]);
    // the runbook's suspend command names the cluster's real resource group
    const cluster = target(stack, cfg.cluster_id);
    expect(target(stack, cluster.resource_group_name).name).toBe(a.flux!.resourceGroup);
  });

  test.each(rows)('%s: Namespaces and PriorityClasses carry the keep annotations of the agent', (region, _k, a) => {
    const objs = [...k8s].filter(([f]) => f.startsWith(`kubernetes/${region}/`)).flatMap(([, o]) => o as any[]);
    const kept = objs.filter((o) => o.kind === 'Namespace' || o.kind === 'PriorityClass');
    expect(kept.length).toBeGreaterThan(0);
    expect(Object.keys(a.keepAnnotations).length).toBeGreaterThan(0);
    for (const o of kept) {
      expect(o.metadata.annotations).toMatchObject(a.keepAnnotations);
      if (a.waves) expect(o.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(String(a.waves.foundation));
    }
  });
});

describe('bootstrap function', () => {
  const load = () => {
    const mod: { exports: any } = { exports: {} };
    new Function('exports', 'require', 'module', BOOTSTRAP_HANDLER_SOURCE)(mod.exports, require, mod);
    return mod.exports as { eksToken: (c: string, r: string, creds: any, now: Date) => string; handler: (e: any) => Promise<any> };
  };

  test('its source holds no Terraform template sequence', () => {
    expect(BOOTSTRAP_HANDLER_SOURCE).not.toMatch(/\$\{|%\{/);
  });

  test('GIVEN credentials WHEN a token is made THEN it is a presigned STS GetCallerIdentity URL bound to the cluster name', () => {
    const token = load().eksToken('exchange-us-east', 'us-east-1', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'tok/en+' }, new Date('2026-01-02T03:04:05.678Z'));
    expect(token.startsWith('k8s-aws-v1.')).toBe(true);
    const url = new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString());
    expect(url.host).toBe('sts.us-east-1.amazonaws.com');
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({
      Action: 'GetCallerIdentity',
      'X-Amz-Credential': 'AKIDEXAMPLE/20260102/us-east-1/sts/aws4_request',
      'X-Amz-Date': '20260102T030405Z',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
      'X-Amz-Security-Token': 'tok/en+',
    });
    // the signature is SigV4 over the canonical request (recomputed independently here)
    const params = { ...q };
    delete (params as any)['X-Amz-Signature'];
    const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const query = Object.keys(params).sort().map((k) => `${enc(k)}=${enc((params as any)[k])}`).join('&');
    const h = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
    const canonical = `GET\n/\n${query}\nhost:${url.host}\nx-k8s-aws-id:exchange-us-east\n\nhost;x-k8s-aws-id\n${h('')}`;
    const toSign = `AWS4-HMAC-SHA256\n20260102T030405Z\n20260102/us-east-1/sts/aws4_request\n${h(canonical)}`;
    let key: Buffer = crypto.createHmac('sha256', 'AWS4secret').update('20260102').digest();
    for (const part of ['us-east-1', 'sts', 'aws4_request']) key = crypto.createHmac('sha256', key).update(part).digest();
    expect(q['X-Amz-Signature']).toBe(crypto.createHmac('sha256', key).update(toSign).digest('hex'));
  });

  test('GIVEN an API server it cannot reach before the deadline THEN the handler fails (so terraform apply fails)', async () => {
    // a closed local port and a deadline already passed: the handler must throw, never resolve
    const { handler } = load();
    const event = { clusterName: 'c', region: 'us-east-1', server: 'https://127.0.0.1:9', certificateAuthority: '', deadlineSeconds: 0, objects: [{ path: '/api/v1/x', body: {} }] };
    process.env.AWS_ACCESS_KEY_ID = 'a';
    process.env.AWS_SECRET_ACCESS_KEY = 'b';
    await expect(handler(event)).rejects.toThrow(/gave up on \/api\/v1\/x/);
  });
});

describe('a private repository (gitops.credentials): every agent reads the token from its cloud, never from the output', () => {
  const withCredentials = rows.filter(([, , a]) => a.credentials);
  const load = (req: (id: string) => unknown) => {
    const mod: { exports: any } = { exports: {} };
    new Function('exports', 'require', 'module', BOOTSTRAP_HANDLER_SOURCE)(mod.exports, req, mod);
    return mod.exports as { handler: (e: any) => Promise<any> };
  };
  /** A stand-in for the runtime's SDK: records the secret ids read, answers a token. */
  const fakeSecretsManager = (calls: string[]) => ({
    SecretsManagerClient: class {
      async send(cmd: { input: { SecretId: string } }) {
        calls.push(cmd.input.SecretId);
        return { SecretString: JSON.stringify({ password: 'the-token' }) };
      }
    },
    GetSecretValueCommand: class {
      constructor(readonly input: { SecretId: string }) {}
    },
  });

  test('GIVEN the reference\'s credentials THEN every agent has them, with the spec\'s user name', () => {
    expect(withCredentials).toHaveLength(rows.length);
    for (const [, , a] of withCredentials) expect(a.credentials!.username).toBe('x-access-token');
  });

  test.each(withCredentials.filter(([, k]) => k === 'eks-argocd-capability'))('%s (EKS): the bootstrap reads exactly the repository secret and writes the repository Secret first', (region, _k, a) => {
    const stack = stacks.get(clusterStackName(plan, region));
    const fn = resources(stack, 'aws_lambda_function').find((f) => f.function_name === a.argocd!.bootstrapFunction)!;
    const roleKey = /aws_iam_role\.([^.]+)\./.exec(fn.role)![1];
    const inline = resources(stack, 'aws_iam_role_policy').find((p) => p.role === `\${aws_iam_role.${roleKey}.id}`)!;
    const doc = stack.data.aws_iam_policy_document[/data\.aws_iam_policy_document\.([^.]+)\./.exec(inline.policy)![1]];
    const location = clusterRegions(plan).find((r) => r.id === region)!.location;
    expect(doc.statement.map((s: any) => [s.actions, s.resources])).toEqual([[['secretsmanager:GetSecretValue'], [expect.stringMatching(new RegExp(`:secretsmanager:${location}:.*:secret:${a.credentials!.secret}-\\?{6}$`))]]]);
    const inv = resources(stack, 'aws_lambda_invocation').find((i) => target(stack, i.function_name) === fn)!;
    const input = JSON.parse(inv.input);
    expect(input.repository).toMatchObject({ secretId: a.credentials!.secret, url: a.repoURL, username: a.credentials!.username, metadata: { namespace: a.namespace, labels: { 'argocd.argoproj.io/secret-type': 'repository' } } });
    expect(JSON.stringify(input)).not.toMatch(/"password"|"token"|the-token/);
    expect(input.repository.stringData).toBeUndefined();
  });

  test('the bootstrap handler applies the repository Secret (token from Secrets Manager) before the other objects', async () => {
    const calls: string[] = [];
    const { handler } = load((id: string) => (id === '@aws-sdk/client-secrets-manager' ? fakeSecretsManager(calls) : require(id)));
    process.env.AWS_ACCESS_KEY_ID = 'a';
    process.env.AWS_SECRET_ACCESS_KEY = 'b';
    const event = {
      clusterName: 'c', region: 'us-east-1', server: 'https://127.0.0.1:9', certificateAuthority: '', deadlineSeconds: 0,
      repository: { secretId: 'p/gitops/repository', path: '/api/v1/namespaces/argocd/secrets/platform-repository', metadata: { name: 'platform-repository', namespace: 'argocd' }, url: 'https://git', username: 'u' },
      objects: [{ path: '/api/v1/x', body: {} }],
    };
    // the API server is unreachable: the first object it gives up on is the repository Secret, after reading the token
    await expect(handler(event)).rejects.toThrow(/gave up on \/api\/v1\/namespaces\/argocd\/secrets\/platform-repository/);
    expect(calls).toEqual(['p/gitops/repository']);
  });

  test.each(withCredentials.filter(([, k]) => k === 'gke-config-sync'))('%s (GKE): Config Sync reads the token Secret (secretType token)', (region) => {
    const [fm] = resources(stacks.get(clusterStackName(plan, region)), 'google_gke_hub_feature_membership');
    expect(fm.configmanagement.config_sync.git.secret_type).toBe('token');
  });

  test.each(withCredentials.filter(([, k]) => k === 'aks-flux'))('%s (AKS): Flux gets the user and the sensitive variable, base64-encoded', (region, _k, a) => {
    const stack = stacks.get(clusterStackName(plan, region));
    const [cfg] = resources(stack, 'azurerm_kubernetes_flux_configuration');
    expect(cfg.git_repository).toMatchObject({ https_user: a.credentials!.username, https_key_base64: `\${base64encode(var.${a.credentials!.secret})}` });
    expect(stack.variable[a.credentials!.secret]).toMatchObject({ type: 'string', sensitive: true });
    expect(stack.variable[a.credentials!.secret].default).toBeUndefined();
  });
});
