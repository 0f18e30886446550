/** Tiers: namespace, priority class and priority (critical tiers first, by RTO), spot eligibility. */
import type { TierPlan } from '../model/index';
import type { PlanContext } from './context';
import * as C from './constants';
import { compareText } from '../util/order';

export function planTiers({ spec }: PlanContext): TierPlan[] {
  const tierOrder = [...spec.tiers].sort((a, b) => Number(b.critical) - Number(a.critical) || a.rtoSeconds - b.rtoSeconds || compareText(a.id, b.id));
  return spec.tiers.map((t) => ({
    id: t.id,
    rtoSeconds: t.rtoSeconds,
    failover: t.failover,
    critical: t.critical,
    namespace: t.id,
    priorityClass: `${spec.name}-${t.id}`,
    priority: C.PRIORITY_BASE - tierOrder.indexOf(t) * C.PRIORITY_STEP,
    spot: spec.cost.spotTiers.includes(t.id),
  }));
}
