/** What every builder of one cluster directory receives. */
import type { Construct } from 'constructs';
import type { Plan, RegionPlan } from '../../synth/model/index';

export interface ClusterContext {
  readonly plan: Plan;
  readonly region: RegionPlan;
  /** The construct scope collecting the objects of one file of this cluster directory. */
  file(name: string): Construct;
}
