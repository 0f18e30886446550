/**
 * Service quota increases the plan needs (`aws_servicequotas_service_quota`): Terraform submits the request
 * and records it; AWS approves it asynchronously (large increases go through a support case), so a
 * resource over the old quota can fail until the request is approved (dist/terraform/README.md).
 */
import { Construct } from 'constructs';
import { ServicequotasServiceQuota } from '@cdktf/provider-aws/lib/servicequotas-service-quota';
import type { QuotaRequestPlan } from '../../synth/model/index';

export interface QuotaRequestsProps {
  /** The requests of one region (the stack's provider region). */
  readonly requests: readonly QuotaRequestPlan[];
}

export class QuotaRequests extends Construct {
  readonly quotas: readonly ServicequotasServiceQuota[];

  constructor(scope: Construct, id: string, props: QuotaRequestsProps) {
    super(scope, id);
    this.quotas = props.requests.map(
      (q) => new ServicequotasServiceQuota(this, `${q.serviceCode}-${q.quotaCode}`, { serviceCode: q.serviceCode, quotaCode: q.quotaCode, value: q.value }),
    );
  }
}
