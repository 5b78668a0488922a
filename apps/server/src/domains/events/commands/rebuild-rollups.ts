import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';
import { allEventTypes } from '../queries/event-types.ts';

const NIL = '00000000-0000-0000-0000-000000000000';

/**
 * Recomputes the dimension rollups ('prop=value' variants) of one event type from its raw events, after its
 * dimensions changed. Idempotent: it replaces the variants wholesale. The rollup table is locked against
 * concurrent ingest for the few statements this takes, so no delta is counted twice or lost.
 */
export async function rebuildEventRollups(ctx: AppContext, job: Job<{ tenantId: string; type: string }>) {
  const { tenantId, type } = job.payload;
  const t = (await allEventTypes(ctx.db, tenantId)).find((x) => x.key === type);
  const dims = t
    ? Object.entries(t.properties)
        .filter(([, s]) => s.dimension)
        .map(([k]) => k)
    : [];
  const tz =
    (await one<{ timezone: string }>(ctx.db, sql`SELECT timezone FROM tenants WHERE id = ${tenantId}`))?.timezone ??
    'UTC';
  await ctx.db.transaction(async (tx) => {
    if (ctx.database.kind === 'postgres') await tx.execute(sql`LOCK TABLE event_rollups IN SHARE ROW EXCLUSIVE MODE`);
    await tx.execute(sql`DELETE FROM event_rollups WHERE tenant_id = ${tenantId} AND type = ${type} AND variant <> ''`);
    if (!dims.length) return;
    await tx.execute(
      sql`INSERT INTO event_rollups (tenant_id, type, variant, org_unit_id, touchpoint_id, day, n, nv, sum, sumsq)
          SELECT e.tenant_id, e.type, d.key || '=' || (e.properties->>d.key), coalesce(e.org_unit_id, ${NIL}::uuid), coalesce(e.touchpoint_id, ${NIL}::uuid),
                 (e.occurred_at AT TIME ZONE ${tz})::date, count(*), count(e.value), coalesce(sum(e.value), 0), coalesce(sum(e.value * e.value), 0)
          FROM events e CROSS JOIN unnest(${`{${dims.join(',')}}`}::text[]) AS d(key)
          WHERE e.tenant_id = ${tenantId} AND e.type = ${type} AND jsonb_typeof(e.properties->d.key) IN ('boolean', 'string', 'number')
          GROUP BY 1, 2, 3, 4, 5, 6`,
    );
  });
}
