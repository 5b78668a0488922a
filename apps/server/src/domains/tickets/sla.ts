import { type Executor, rows, sql } from '../../platform/db.ts';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TPriority = (typeof PRIORITIES)[number];

/** Defaults when a tenant has not set its own SLA policy for a priority (minutes). */
export const DEFAULT_SLA: Record<TPriority, { firstResponse: number; resolution: number }> = {
  urgent: { firstResponse: 30, resolution: 4 * 60 },
  high: { firstResponse: 2 * 60, resolution: 24 * 60 },
  normal: { firstResponse: 8 * 60, resolution: 72 * 60 },
  low: { firstResponse: 24 * 60, resolution: 7 * 24 * 60 },
};

/** The tenant's SLA policy per priority, defaults filled in. */
export async function loadSla(ex: Executor, tenantId: string) {
  const policy = { ...DEFAULT_SLA };
  for (const r of await rows<{ priority: TPriority; first_response_minutes: number; resolution_minutes: number }>(
    ex,
    sql`SELECT priority, first_response_minutes, resolution_minutes FROM sla_policies WHERE tenant_id = ${tenantId}`,
  )) {
    policy[r.priority] = { firstResponse: r.first_response_minutes, resolution: r.resolution_minutes };
  }
  return policy;
}

/** Deadlines for a ticket opened at `openedAt` with `priority`. */
export function dueDates(policy: typeof DEFAULT_SLA, priority: TPriority, openedAt: Date) {
  const p = policy[priority];
  return {
    firstResponseDueAt: new Date(openedAt.getTime() + p.firstResponse * 60_000),
    resolutionDueAt: new Date(openedAt.getTime() + p.resolution * 60_000),
  };
}

/** One step up: used when a customer does not confirm a resolution. */
export function raisePriority(p: TPriority): TPriority {
  return PRIORITIES[Math.min(PRIORITIES.length - 1, PRIORITIES.indexOf(p) + 1)];
}
