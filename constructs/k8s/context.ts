/** What every builder of one cluster directory receives. */
import type { Construct } from 'constructs';
import type { GitOpsAgentPlan, Plan, RegionPlan } from '../../synth/model/index';

export interface ClusterContext {
  readonly plan: Plan;
  readonly region: RegionPlan;
  /** The GitOps agent delivering this cluster's directory. */
  readonly agent: GitOpsAgentPlan;
  /** The construct scope collecting the objects of one file of this cluster directory. */
  file(name: string): Construct;
}
