import type { GraphQLClient } from '../lib/http.ts';
import type { Workload } from './workload.ts';

/** Records `count` decisions one by one (tracked like any other mutation), so revisions have targets. */
export async function primeWorkload(api: GraphQLClient, workload: Workload, count: number): Promise<void> {
  while (workload.known < count) {
    const plan = workload.next();
    if (plan.op !== 'record') continue;
    const result = await api.request(plan.mutation!.query, plan.mutation!.variables);
    const code = result.transportError
      ? (workload.failed(plan, result.transportError), 'TRANSPORT')
      : workload.answered(plan, result.status, JSON.stringify({ data: result.data, errors: result.errors }), result.ms);
    if (code !== 'OK') throw new Error(`priming the load failed: recordDecision answered ${code}`);
  }
}
