import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import type { TPolicyInput } from '../schema.ts';

export interface TriggerRow {
  tenant_id: string;
  id: string;
  name: string;
  event_type: string;
  condition: string | null;
  survey_id: string;
  channel_id: string;
  delay_minutes: number;
  sample_percent: number;
  expires_in_hours: number | null;
  context: Record<string, string>;
  recipient: Record<string, string>;
  policy: TPolicyInput | null;
  reminder_after_days: number | null;
  enabled: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The tenant's trigger rules, by name (tenant-wide configuration: reach.manage). */
export async function listTriggers(ex: Executor, actor: Actor): Promise<TriggerRow[]> {
  return rows<TriggerRow>(ex, sql`SELECT * FROM reach_triggers WHERE tenant_id = ${actor.tenantId} ORDER BY name, id`);
}

/** One trigger of the caller's tenant (404 for another tenant's). */
export async function getTrigger(ex: Executor, actor: Actor, id: string): Promise<TriggerRow> {
  const t = await one<TriggerRow>(
    ex,
    sql`SELECT * FROM reach_triggers WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  if (!t) throw notFound('Trigger');
  return t;
}
