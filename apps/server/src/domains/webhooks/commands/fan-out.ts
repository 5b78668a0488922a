import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { enqueue, type Job, wakeWorkers } from '../../../platform/jobs.ts';
import { pathUnderUnit } from '../../org/scope.ts';
import { webhookSendJob } from '../jobs.ts';

/** Events taken per transaction. */
const EVENTS_PER_PASS = 1000;
/** Deliveries per `webhooks.send` job (merged again when claimed together). */
const DELIVERIES_PER_JOB = 100;

/**
 * The fan-out: takes the tenant's undispatched events in sequence order (`FOR UPDATE SKIP LOCKED`, so two workers
 * never take one), writes a delivery for every enabled endpoint that subscribes to the type, whose survey filter
 * (if any) is the event's survey and whose unit's subtree holds the event's unit (an endpoint at the root unit
 * also gets events of no unit), marks the events dispatched and enqueues the send jobs — all in one transaction,
 * so a crash leaves either nothing done or everything.
 */
export async function fanOutEvents(ctx: AppContext, job: Job<Record<string, never>>) {
  const tenantId = job.tenantId;
  if (!tenantId) return;
  for (;;) {
    const { events, deliveries } = await ctx.db.transaction(async (tx) => {
      const picked = await rows<{ id: string }>(
        tx,
        sql`UPDATE webhook_events SET dispatched_at = now()
            WHERE tenant_id = ${tenantId} AND id IN (
              SELECT id FROM webhook_events WHERE tenant_id = ${tenantId} AND dispatched_at IS NULL
              ORDER BY seq LIMIT ${EVENTS_PER_PASS} FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      );
      if (picked.length === 0) return { events: 0, deliveries: 0 };
      const made = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, status, next_attempt_at)
            SELECT e.tenant_id, gen_random_uuid(), w.id, e.id, 'pending', now()
            FROM webhook_events e
            JOIN webhook_endpoints w ON w.tenant_id = e.tenant_id AND w.enabled AND w.events @> ARRAY[e.type]
                 AND (w.survey_id IS NULL OR w.survey_id = e.survey_id)
            JOIN org_units wu ON wu.tenant_id = w.tenant_id AND wu.id = w.org_unit_id
            LEFT JOIN org_units eu ON eu.tenant_id = e.tenant_id AND eu.id = e.org_unit_id
            WHERE e.tenant_id = ${tenantId}
              AND e.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(picked.map((p) => p.id))}::jsonb)::uuid)
              AND (CASE WHEN e.org_unit_id IS NULL THEN wu.parent_id IS NULL ELSE eu.id IS NOT NULL AND ${pathUnderUnit('eu', 'wu')} END)
            ORDER BY e.seq
            RETURNING id`,
      );
      const ids = made.map((d) => d.id);
      const payloads: Array<{ deliveryIds: string[] }> = [];
      for (let i = 0; i < ids.length; i += DELIVERIES_PER_JOB)
        payloads.push({ deliveryIds: ids.slice(i, i + DELIVERIES_PER_JOB) });
      await enqueue(tx, webhookSendJob, payloads, { tenantId });
      return { events: picked.length, deliveries: ids.length };
    });
    if (deliveries) wakeWorkers(ctx);
    if (events < EVENTS_PER_PASS) return;
  }
}
