/**
 * The managed GitOps agent of each cloud and the facts the output depends on: the namespace it runs in,
 * the annotations that keep it from pruning an object, and how an operator pauses and resumes it.
 *
 * Sources:
 * - EKS capability for Argo CD: Amazon EKS User Guide, "Create an Argo CD capability" (capability role
 *   trusted by `capabilities.eks.amazonaws.com` with sts:AssumeRole + sts:TagSession; AWS IAM Identity
 *   Center is required, local users are not supported), "Register target clusters" (the local cluster is
 *   not registered automatically: a `argocd.argoproj.io/secret-type: cluster` Secret whose `server` is the
 *   cluster ARN; an access entry is created for the capability role, without Kubernetes permissions).
 * - Argo CD sync options: Argo CD docs "Sync Options" (`Prune=confirm`, `Delete=confirm`: prune / delete
 *   only after manual confirmation), "Sync Phases and Waves" (`argocd.argoproj.io/sync-wave`; within a
 *   wave Namespaces and CRDs are applied before other kinds), Application `syncPolicy.retry.backoff`.
 * - GKE Config Sync: "Install Config Sync" with `google_gke_hub_feature_membership` (feature
 *   `configmanagement`, one per project, location `global`; `MANAGEMENT_AUTOMATIC`), "Stop and resume
 *   syncing" (`spec.configSync.stopSyncing`), "Config Sync annotations"
 *   (`client.lifecycle.config.k8s.io/deletion: detach` keeps an object when it leaves the repository),
 *   "Unstructured repositories"; Config Sync retries failed applies with exponential backoff itself.
 * - AKS GitOps with Flux v2: "Tutorial: Deploy applications using GitOps with Flux v2" (extension type
 *   `microsoft.flux`, `az k8s-configuration flux ... --suspend`); Flux kustomize-controller docs
 *   ("Garbage collection": `kustomize.toolkit.fluxcd.io/prune: disabled` excludes an object; CRDs and
 *   Namespaces are applied first; `retryInterval` after a failed reconciliation).
 */
import type { Cloud, GitOpsAgentKind } from '../model/index';

export interface GitOpsAgentFacts {
  readonly kind: GitOpsAgentKind;
  /** Namespace the agent reads its own objects from (Argo CD Applications, Flux sources). */
  readonly namespace: string;
  /** Annotations on an object that the agent must never prune or delete without a person confirming. */
  readonly keepAnnotations: Readonly<Record<string, string>>;
  /** Whether the agent can leave a field it does not own alone (Argo CD ignoreDifferences); otherwise HPA-owned replicas must not be in Git. */
  readonly ignoresFields: boolean;
}

export const GITOPS_AGENTS: Readonly<Record<Cloud, GitOpsAgentFacts>> = {
  aws: {
    kind: 'eks-argocd-capability',
    namespace: 'argocd',
    keepAnnotations: { 'argocd.argoproj.io/sync-options': 'Prune=confirm,Delete=confirm' },
    ignoresFields: true,
  },
  gcp: {
    kind: 'gke-config-sync',
    namespace: 'config-management-system',
    keepAnnotations: { 'client.lifecycle.config.k8s.io/deletion': 'detach' },
    ignoresFields: false,
  },
  azure: {
    kind: 'aks-flux',
    namespace: 'flux-system',
    keepAnnotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
    ignoresFields: false,
  },
};
