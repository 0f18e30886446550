/**
 * Test-time validator for generated Kubernetes objects.
 *
 * Two checks per object, both derived from the npm `kubernetes-models` 4.x family (Node 20
 * compatible; the CRD packages are pinned to the releases built on the same base/validate majors):
 *
 *  1. Types, enums, formats and required fields: the model class's `validate()` (an ajv validator
 *     precompiled from the Kubernetes OpenAPI spec / the CRD's openAPIV3Schema).
 *  2. Unknown fields, which those validators accept (the packages ship no JSON schemas, only
 *     precompiled code without `additionalProperties: false`): every model ships a `.d.ts` whose
 *     interface mirrors the schema exactly (property names, `{[key: string]: T}` for maps,
 *     `{}` for free-form / preserve-unknown-fields objects). We load those declarations with the
 *     TypeScript compiler API and walk the object alongside its interface type: an object key that
 *     is neither a property nor covered by an index signature is an unknown field.
 *
 * Kinds with no npm models (elbv2.k8s.aws TargetGroupBinding, the Gateway API and GKE policies) use a JSON
 * schema embedded below; External Secrets, Config Sync RootSync and Flux use their upstream CRD schemas
 * (crd-schemas.json, built by build-crd-schemas.ts). Both are compiled with ajv after forcing `additionalProperties: false` on every object schema that has
 * `properties` and no `additionalProperties`.
 *
 * An apiVersion/kind with no schema is itself a problem.
 */
import * as fs from 'fs';
import * as path from 'path';
import ts from 'typescript';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { suggest } from '../../synth/util/errors';

/** Packages searched for `<pkg>/<group>/<version>/<Kind>` model classes (core group: `<pkg>/v1/<Kind>`). */
const MODEL_PACKAGES = [
  'kubernetes-models',
  '@kubernetes-models/prometheus-operator',
  '@kubernetes-models/argo-cd',
  '@kubernetes-models/keda',
];

/** Kinds loaded into the TypeScript program up front (others are added on first use). */
const PRELOADED_KINDS: ReadonlyArray<[apiVersion: string, kind: string]> = [
  ['v1', 'Namespace'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['scheduling.k8s.io/v1', 'PriorityClass'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['monitoring.coreos.com/v1', 'ServiceMonitor'],
  ['monitoring.coreos.com/v1', 'PodMonitor'],
  ['monitoring.coreos.com/v1', 'PrometheusRule'],
  ['monitoring.coreos.com/v1alpha1', 'AlertmanagerConfig'],
  ['argoproj.io/v1alpha1', 'Application'],
  ['keda.sh/v1alpha1', 'ScaledObject'],
];

// ---------------------------------------------------------------------------------------------
// Embedded schemas for CRDs without an npm models package.

const intOrString = { anyOf: [{ type: 'integer' }, { type: 'string' }] };

/** elbv2.k8s.aws/v1beta1 TargetGroupBinding (aws-load-balancer-controller v2.x CRD, openAPIV3Schema). */
const TARGET_GROUP_BINDING_V1BETA1 = {
  type: 'object',
  required: ['apiVersion', 'kind', 'spec'],
  properties: {
    apiVersion: { type: 'string', enum: ['elbv2.k8s.aws/v1beta1'] },
    kind: { type: 'string', enum: ['TargetGroupBinding'] },
    metadata: { type: 'object', additionalProperties: true }, // checked with the ObjectMeta model
    spec: {
      type: 'object',
      required: ['serviceRef'], // and one of targetGroupARN / targetGroupName: see EMBEDDED_CHECKS
      properties: {
        assumeRoleExternalId: { type: 'string' },
        iamRoleArnToAssume: { type: 'string' },
        ipAddressType: { type: 'string', enum: ['ipv4', 'ipv6'] },
        multiClusterTargetGroup: { type: 'boolean' },
        networking: {
          type: 'object',
          properties: {
            ingress: {
              type: 'array',
              items: {
                type: 'object',
                required: ['from', 'ports'],
                properties: {
                  from: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        ipBlock: { type: 'object', required: ['cidr'], properties: { cidr: { type: 'string' } } },
                        securityGroup: {
                          type: 'object',
                          required: ['groupID'],
                          properties: { groupID: { type: 'string' } },
                        },
                      },
                    },
                  },
                  ports: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        port: intOrString,
                        protocol: { type: 'string', enum: ['TCP', 'UDP'] },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        nodeSelector: {
          type: 'object',
          properties: {
            matchExpressions: {
              type: 'array',
              items: {
                type: 'object',
                required: ['key', 'operator'],
                properties: {
                  key: { type: 'string' },
                  operator: { type: 'string' },
                  values: { type: 'array', items: { type: 'string' } },
                },
              },
            },
            matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
        serviceRef: {
          type: 'object',
          required: ['name', 'port'],
          properties: { name: { type: 'string' }, port: intOrString },
        },
        targetGroupARN: { type: 'string' },
        targetGroupName: { type: 'string' },
        targetGroupProtocol: {
          type: 'string',
          enum: ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC'],
        },
        targetType: { type: 'string', enum: ['instance', 'ip'] },
        vpcID: { type: 'string' },
      },
    },
    status: { type: 'object', properties: { observedGeneration: { type: 'integer' } } },
  },
};


// Gateway API v1 (gateway.networking.k8s.io, standard channel v1.2 CRDs, openAPIV3Schema; the fields of
// Gateway and HTTPRoute specs, status omitted) and GKE's policy CRDs (networking.gke.io/v1 GCPGatewayPolicy and
// HealthCheckPolicy, as documented in "Configure Gateway resources using Policies").
const objectMeta = { type: 'object', additionalProperties: true };
const k8sName = { type: 'string', minLength: 1, maxLength: 253 };
const sectionName = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 253 };
const hostname = { type: 'string', pattern: '^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', maxLength: 253 };
const port = { type: 'integer', minimum: 1, maximum: 65535 };
const parentRef = {
  type: 'object',
  required: ['name'],
  properties: { group: { type: 'string' }, kind: { type: 'string' }, namespace: { type: 'string' }, name: k8sName, sectionName, port },
};
const GATEWAY_V1 = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string', enum: ['gateway.networking.k8s.io/v1'] },
    kind: { type: 'string', enum: ['Gateway'] },
    metadata: objectMeta,
    spec: {
      type: 'object',
      required: ['gatewayClassName', 'listeners'],
      properties: {
        gatewayClassName: k8sName,
        addresses: { type: 'array', maxItems: 16, items: { type: 'object', required: ['value'], properties: { type: { type: 'string' }, value: { type: 'string', minLength: 1 } } } },
        listeners: {
          type: 'array',
          minItems: 1,
          maxItems: 64,
          items: {
            type: 'object',
            required: ['name', 'port', 'protocol'],
            properties: {
              name: sectionName,
              hostname,
              port,
              protocol: { type: 'string', pattern: '^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/[A-Za-z0-9]+$' },
              tls: { type: 'object', properties: { mode: { type: 'string', enum: ['Terminate', 'Passthrough'] }, certificateRefs: { type: 'array' }, options: { type: 'object', additionalProperties: { type: 'string' } } } },
              allowedRoutes: {
                type: 'object',
                properties: {
                  namespaces: { type: 'object', properties: { from: { type: 'string', enum: ['All', 'Selector', 'Same'] }, selector: { type: 'object', additionalProperties: true } } },
                  kinds: { type: 'array', items: { type: 'object', required: ['kind'], properties: { group: { type: 'string' }, kind: { type: 'string' } } } },
                },
              },
            },
          },
        },
      },
    },
  },
};
const HTTP_ROUTE_V1 = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string', enum: ['gateway.networking.k8s.io/v1'] },
    kind: { type: 'string', enum: ['HTTPRoute'] },
    metadata: objectMeta,
    spec: {
      type: 'object',
      properties: {
        parentRefs: { type: 'array', maxItems: 32, items: parentRef },
        hostnames: { type: 'array', maxItems: 16, items: hostname },
        rules: {
          type: 'array',
          maxItems: 16,
          items: {
            type: 'object',
            properties: {
              name: sectionName,
              matches: {
                type: 'array',
                maxItems: 64,
                items: {
                  type: 'object',
                  properties: {
                    path: { type: 'object', properties: { type: { type: 'string', enum: ['Exact', 'PathPrefix', 'RegularExpression'] }, value: { type: 'string', maxLength: 1024 } } },
                    headers: { type: 'array' },
                    queryParams: { type: 'array' },
                    method: { type: 'string' },
                  },
                },
              },
              filters: { type: 'array' },
              backendRefs: {
                type: 'array',
                maxItems: 16,
                items: { type: 'object', required: ['name'], properties: { group: { type: 'string' }, kind: { type: 'string' }, name: k8sName, namespace: { type: 'string' }, port, weight: { type: 'integer', minimum: 0 }, filters: { type: 'array' } } },
              },
              timeouts: { type: 'object', properties: { request: { type: 'string' }, backendRequest: { type: 'string' } } },
            },
          },
        },
      },
    },
  },
};
const policyTargetRef = { type: 'object', required: ['kind', 'name'], properties: { group: { type: 'string' }, kind: { type: 'string' }, name: k8sName, namespace: { type: 'string' } } };
const GCP_GATEWAY_POLICY_V1 = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string', enum: ['networking.gke.io/v1'] },
    kind: { type: 'string', enum: ['GCPGatewayPolicy'] },
    metadata: objectMeta,
    spec: {
      type: 'object',
      required: ['targetRef'],
      properties: {
        default: { type: 'object', properties: { sslPolicy: { type: 'string' }, allowGlobalAccess: { type: 'boolean' }, region: { type: 'string' } } },
        targetRef: policyTargetRef,
      },
    },
  },
};
const healthCheckConfig = (kind: string) => ({ type: 'object', properties: { port, portName: { type: 'string' }, portSpecification: { type: 'string' }, host: { type: 'string' }, requestPath: { type: 'string' }, response: { type: 'string' }, proxyHeader: { type: 'string' }, ...(kind === 'grpc' ? { grpcServiceName: { type: 'string' } } : {}) } });
const HEALTH_CHECK_POLICY_V1 = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string', enum: ['networking.gke.io/v1'] },
    kind: { type: 'string', enum: ['HealthCheckPolicy'] },
    metadata: objectMeta,
    spec: {
      type: 'object',
      required: ['targetRef'],
      properties: {
        default: {
          type: 'object',
          properties: {
            checkIntervalSec: { type: 'integer', minimum: 1, maximum: 300 },
            timeoutSec: { type: 'integer', minimum: 1, maximum: 300 },
            healthyThreshold: { type: 'integer', minimum: 1, maximum: 10 },
            unhealthyThreshold: { type: 'integer', minimum: 1, maximum: 10 },
            logConfig: { type: 'object', properties: { enabled: { type: 'boolean' } } },
            config: {
              type: 'object',
              required: ['type'],
              properties: {
                type: { type: 'string', enum: ['TCP', 'HTTP', 'HTTPS', 'HTTP2', 'GRPC'] },
                tcpHealthCheck: healthCheckConfig('tcp'),
                httpHealthCheck: healthCheckConfig('http'),
                httpsHealthCheck: healthCheckConfig('http'),
                http2HealthCheck: healthCheckConfig('http'),
                grpcHealthCheck: healthCheckConfig('grpc'),
              },
            },
          },
        },
        targetRef: policyTargetRef,
      },
    },
  },
};

/** The upstream CRD schemas of External Secrets, Config Sync and Flux (test/helpers/build-crd-schemas.ts). */
const CRD_SCHEMAS = JSON.parse(fs.readFileSync(path.join(__dirname, 'crd-schemas.json'), 'utf8')) as Record<string, object>;

const EMBEDDED_SCHEMAS: Record<string, object> = {
  ...CRD_SCHEMAS,
  'elbv2.k8s.aws/v1beta1/TargetGroupBinding': TARGET_GROUP_BINDING_V1BETA1,
  'gateway.networking.k8s.io/v1/Gateway': GATEWAY_V1,
  'gateway.networking.k8s.io/v1/HTTPRoute': HTTP_ROUTE_V1,
  'networking.gke.io/v1/GCPGatewayPolicy': GCP_GATEWAY_POLICY_V1,
  'networking.gke.io/v1/HealthCheckPolicy': HEALTH_CHECK_POLICY_V1,
};

/** Rules of embedded kinds that a plain schema would only report as a noisy anyOf. */
const EMBEDDED_CHECKS: Record<string, (obj: Record<string, any>) => string[]> = {
  'elbv2.k8s.aws/v1beta1/TargetGroupBinding': (o) =>
    o.spec && typeof o.spec === 'object' && o.spec.targetGroupARN === undefined && o.spec.targetGroupName === undefined
      ? ['spec: missing required field "targetGroupARN" (or "targetGroupName")']
      : [],
};

/** Recursively sets `additionalProperties: false` on object schemas with `properties` and no `additionalProperties`. */
export function closeObjectSchemas<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(closeObjectSchemas) as unknown as T;
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    // `properties` maps names to schemas; recurse into each of them, not into the map itself
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, closeObjectSchemas(pv)]));
    } else {
      out[k] = closeObjectSchemas(v);
    }
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out as T;
}

// ---------------------------------------------------------------------------------------------
// Kind registry

interface KindEntry {
  /** model class with a validate() (npm models) */
  model?: { new (data: unknown): { validate(): void } };
  /** .d.ts declaring `I<Kind>` (npm models) */
  dtsFile?: string;
  /** compiled embedded schema (no npm models) */
  ajv?: ValidateFunction;
  extraCheck?: (obj: Record<string, any>) => string[];
}

const kindCache = new Map<string, KindEntry | null>();
let embeddedAjv: Ajv | undefined;

const GROUP_RE = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const VERSION_RE = /^v[0-9]+([a-z]+[0-9]+)?$/;
const KIND_RE = /^[A-Z][A-Za-z0-9]*$/;

function lookupKind(apiVersion: string, kind: string): KindEntry | null {
  const key = `${apiVersion}/${kind}`;
  const cached = kindCache.get(key);
  if (cached !== undefined) return cached;
  let entry: KindEntry | null = null;
  const embedded = EMBEDDED_SCHEMAS[key];
  if (embedded) {
    embeddedAjv ??= new Ajv({ allErrors: true, strict: false });
    entry = { ajv: embeddedAjv.compile(closeObjectSchemas(embedded)), extraCheck: EMBEDDED_CHECKS[key] };
  } else {
    const parts = apiVersion.split('/');
    const [group, version] = parts.length === 1 ? ['', parts[0]] : parts;
    const wellFormed =
      parts.length <= 2 && (group === '' || GROUP_RE.test(group)) && VERSION_RE.test(version) && KIND_RE.test(kind);
    if (wellFormed) {
      for (const pkg of MODEL_PACKAGES) {
        if (group === '' && pkg !== 'kubernetes-models') continue;
        const spec = `${pkg}/${group ? `${group}/` : ''}${version}/${kind}`;
        let file: string;
        try {
          file = require.resolve(spec);
        } catch {
          continue;
        }
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const cls = require(file)[kind];
        // only top-level kinds carry static apiVersion/kind (PodSpec etc. do not)
        if (cls && cls.apiVersion === apiVersion && cls.kind === kind) {
          entry = { model: cls, dtsFile: file.replace(/\.js$/, '.d.ts') };
          break;
        }
      }
    }
  }
  kindCache.set(key, entry);
  return entry;
}

// ---------------------------------------------------------------------------------------------
// Unknown-field detection from the models' .d.ts interfaces

class DeclarationIndex {
  private program: ts.Program | undefined;
  private checker: ts.TypeChecker | undefined;
  private readonly rootFiles = new Set<string>();
  private readonly rootTypes = new Map<string, ts.Type>();

  constructor(preload: string[]) {
    for (const f of preload) this.rootFiles.add(f);
  }

  /** The declared type of interface `I<Kind>` (or another exported name) in `dtsFile`. */
  typeOf(dtsFile: string, exportName: string): ts.Type {
    const key = `${dtsFile}#${exportName}`;
    const cached = this.rootTypes.get(key);
    if (cached) return cached;
    if (!this.program || !this.program.getSourceFile(dtsFile)) {
      this.rootFiles.add(dtsFile);
      this.program = ts.createProgram({
        rootNames: [...this.rootFiles],
        options: {
          noEmit: true,
          skipLibCheck: true,
          types: [],
          lib: ['lib.es5.d.ts'],
          target: ts.ScriptTarget.ES2020,
          module: ts.ModuleKind.CommonJS,
          moduleResolution: ts.ModuleResolutionKind.Node10,
          strict: true,
        },
        oldProgram: this.program,
      });
      this.checker = this.program.getTypeChecker();
      this.rootTypes.clear(); // types belong to a checker
    }
    const checker = this.checker!;
    const sf = this.program.getSourceFile(dtsFile);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    const sym = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === exportName);
    if (!sym) throw new Error(`k8s-schema: ${exportName} not found in ${dtsFile}`);
    const type = checker.getDeclaredTypeOfSymbol(sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym);
    this.rootTypes.set(key, type);
    return type;
  }

  /** Reports object keys not declared by `type`, recursively. */
  unknownFields(value: unknown, type: ts.Type, where: string, out: string[]): void {
    const checker = this.checker!;
    if (value === null || value === undefined) return;
    type = checker.getNonNullableType(type);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (type.isUnion()) {
      const candidates = type.types.filter((t) => this.matchesShape(value, t));
      if (candidates.length === 0) return; // a type mismatch: validate() reports it
      // several object shapes: accept the one that fits best
      let best: string[] | undefined;
      for (const c of candidates) {
        const attempt: string[] = [];
        this.unknownFields(value, c, where, attempt);
        if (!best || attempt.length < best.length) best = attempt;
        if (best.length === 0) break;
      }
      out.push(...best!);
      return;
    }
    if (Array.isArray(value)) {
      if (!checker.isArrayType(type)) return;
      const elem = checker.getTypeArguments(type as ts.TypeReference)[0];
      value.forEach((v, i) => this.unknownFields(v, elem, `${where}[${i}]`, out));
      return;
    }
    if (typeof value !== 'object' || !this.isObjectType(type) || checker.isArrayType(type)) return;
    const props = checker.getPropertiesOfType(type);
    const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (props.length === 0 && !index) return; // `{}`: free-form object
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      const prop = checker.getPropertyOfType(type, key);
      const childWhere = joinPath(where, key);
      if (prop) {
        this.unknownFields(child, checker.getTypeOfSymbol(prop), childWhere, out);
      } else if (index) {
        this.unknownFields(child, index, childWhere, out);
      } else {
        out.push(`${childWhere}: unknown field${didYouMean(key, props.map((p) => p.name))}`);
      }
    }
  }

  private isObjectType(t: ts.Type): boolean {
    return (t.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection | ts.TypeFlags.NonPrimitive)) !== 0;
  }

  private matchesShape(value: unknown, t: ts.Type): boolean {
    const checker = this.checker!;
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    if (Array.isArray(value)) return checker.isArrayType(t);
    if (value !== null && typeof value === 'object') return this.isObjectType(t) && !checker.isArrayType(t);
    return false;
  }
}

let declarations: DeclarationIndex | undefined;
function getDeclarations(): DeclarationIndex {
  if (!declarations) {
    const preload: string[] = [];
    for (const [apiVersion, kind] of PRELOADED_KINDS) {
      const e = lookupKind(apiVersion, kind);
      if (e?.dtsFile) preload.push(e.dtsFile);
    }
    preload.push(objectMetaDts());
    declarations = new DeclarationIndex(preload);
  }
  return declarations;
}

function objectMetaDts(): string {
  return require.resolve('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta').replace(/\.js$/, '.d.ts');
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Returns human-readable problems for one Kubernetes object; empty means valid. */
export function validateK8sObject(obj: unknown): string[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return ['not a Kubernetes object (expected a JSON object)'];
  const o = obj as Record<string, unknown>;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
    return [`missing or non-string apiVersion/kind (apiVersion=${JSON.stringify(o.apiVersion)}, kind=${JSON.stringify(o.kind)})`];
  }
  const entry = lookupKind(o.apiVersion, o.kind);
  if (!entry) return [`no schema for ${o.apiVersion} ${o.kind}`];

  const problems: string[] = [];
  if (entry.model) {
    try {
      new entry.model(o).validate();
    } catch (e) {
      const errors = (e as { errors?: ErrorObject[] }).errors;
      if (!Array.isArray(errors)) throw e;
      problems.push(...errors.map(formatAjvError));
    }
    const decl = getDeclarations();
    decl.unknownFields(o, decl.typeOf(entry.dtsFile!, `I${o.kind}`), '', problems);
  } else if (entry.ajv) {
    if (!entry.ajv(o)) problems.push(...(entry.ajv.errors ?? []).map(formatAjvError));
    if (entry.extraCheck) problems.push(...entry.extraCheck(o));
    if (o.metadata && typeof o.metadata === 'object' && !Array.isArray(o.metadata)) {
      problems.push(...validateObjectMeta(o.metadata));
    }
  }
  return [...new Set(problems)];
}

/** Validates many objects; each problem is prefixed with `kind/namespace/name: `. */
export function validateK8sObjects(objs: unknown[]): string[] {
  const out: string[] = [];
  objs.forEach((obj, i) => {
    const o = (obj && typeof obj === 'object' ? obj : {}) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    const kind = typeof o.kind === 'string' ? o.kind : '?';
    const ns = typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : '-';
    const name = typeof o.metadata?.name === 'string' ? o.metadata.name : `#${i}`;
    for (const p of validateK8sObject(obj)) out.push(`${kind}/${ns}/${name}: ${p}`);
  });
  return out;
}

function validateObjectMeta(metadata: unknown): string[] {
  const problems: string[] = [];
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { ObjectMeta } = require('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta');
  try {
    new ObjectMeta(metadata).validate();
  } catch (e) {
    const errors = (e as { errors?: ErrorObject[] }).errors;
    if (!Array.isArray(errors)) throw e;
    problems.push(...errors.map((err) => formatAjvError({ ...err, instancePath: `/metadata${err.instancePath}` })));
  }
  const decl = getDeclarations();
  decl.unknownFields(metadata, decl.typeOf(objectMetaDts(), 'IObjectMeta'), 'metadata', problems);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers

function joinPath(base: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^\d+$/.test(seg) ? `${out}[${seg}]` : joinPath(out, seg);
  }
  return out;
}

function formatAjvError(err: ErrorObject): string {
  const where = pointerToPath(err.instancePath) || '(root)';
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required':
      return `${where}: missing required field "${params.missingProperty}"`;
    case 'additionalProperties':
      return `${joinPath(pointerToPath(err.instancePath), String(params.additionalProperty))}: unknown field`;
    case 'enum':
      return `${where}: ${err.message ?? 'must be one of'} (${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
    default:
      return `${where}: ${err.message ?? err.keyword}`;
  }
}

function didYouMean(name: string, candidates: string[]): string {
  const best = suggest(name, candidates);
  return best !== undefined ? ` (did you mean "${best}"?)` : '';
}
