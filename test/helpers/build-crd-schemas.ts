/**
 * Builds test/helpers/crd-schemas.json: the openAPIV3Schema of the CRD kinds the output uses that have no
 * npm models package (External Secrets, Config Sync, Flux), taken from the upstream CRD files, for
 * test/helpers/k8s-schema.ts. Descriptions and formats (ajv knows no int64 / date-time without ajv-formats) are dropped; `x-kubernetes-int-or-string` becomes an anyOf; the
 * ClusterSecretStore keeps only the providers the output uses (aws, gcpsm, azurekv).
 *
 *   npx ts-node test/helpers/build-crd-schemas.ts <crd.yaml>...   (prints the JSON)
 *
 * Sources of the stored file: external-secrets/external-secrets cc5bfbc (2026-08-08, v2.9.0)
 * config/crds/bases/{external-secrets.io_clustersecretstores,external-secrets.io_externalsecrets,
 * generators.external-secrets.io_passwords}.yaml; GoogleContainerTools/kpt-config-sync bd5fadf (2025-08-29)
 * manifests/rootsync-crd.yaml; fluxcd/helm-controller 0f61a86 (2026-07-23) and fluxcd/source-controller
 * 39b711b (2026-07-02) config/crd/bases/*.yaml.
 */
import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';

/** apiVersion/kind -> kept; the versions the output writes. */
const WANTED: Readonly<Record<string, string>> = {
  'external-secrets.io/ClusterSecretStore': 'v1',
  'external-secrets.io/ExternalSecret': 'v1',
  'generators.external-secrets.io/Password': 'v1alpha1',
  'configsync.gke.io/RootSync': 'v1beta1',
  'helm.toolkit.fluxcd.io/HelmRelease': 'v2',
  'source.toolkit.fluxcd.io/HelmRepository': 'v1',
};
const PROVIDERS = ['aws', 'gcpsm', 'azurekv'];

function clean(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(clean);
  if (!s || typeof s !== 'object') return s;
  const o = s as Record<string, unknown>;
  if (o['x-kubernetes-int-or-string']) return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'description' || k === 'format' || (k.startsWith('x-kubernetes-') && k !== 'x-kubernetes-preserve-unknown-fields')) continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([pk, pv]) => [pk, clean(pv)])) : clean(v);
  }
  return out;
}

export function buildCrdSchemas(files: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(f, 'utf8'))) {
      const crd = doc.toJS() as any;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const version = WANTED[`${crd.spec.group}/${crd.spec.names.kind}`];
      const v = crd.spec.versions.find((x: any) => x.name === version);
      if (!v) continue;
      const schema = clean(v.schema.openAPIV3Schema) as any;
      if (crd.spec.names.kind === 'ClusterSecretStore') {
        const provider = schema.properties.spec.properties.provider;
        provider.properties = Object.fromEntries(PROVIDERS.map((p) => [p, provider.properties[p]]));
      }
      out[`${crd.spec.group}/${version}/${crd.spec.names.kind}`] = schema;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

if (require.main === module) process.stdout.write(`${JSON.stringify(buildCrdSchemas(process.argv.slice(2)))}\n`);
