import type { AppContext } from '../../apps/server/src/platform/context.ts';
import { one, sql } from '../../apps/server/src/platform/db.ts';

export interface SeedTimings {
  responsesSeconds: number;
  responsesPerSecond: number;
  scoreRollupsSeconds: number;
  scoreRollupRows: number;
  eventsSeconds: number;
  eventsPerSecond: number;
  eventRollupsSeconds: number;
  eventRollupRows: number;
  vacuumAnalyzeSeconds: number;
  totalSeconds: number;
}

interface Target {
  tenantId: string;
  surveyId: string;
  versionId: string;
  storeIds: string[];
  touchpointIds: string[];
  responses: number;
  events: number;
}

const H = Array.from({ length: 11 }, (_, i) => i);
const BATCH = 250_000;
/** Rollups are built per window of whole tenant-local days, so no rollup key straddles two statements. */
const WINDOW_DAYS = 31;

/**
 * Bulk loads the data set with server-side generation (`INSERT … SELECT FROM generate_series`, 250,000 rows per
 * statement: nothing crosses the wire, on PGlite or PostgreSQL), then builds rollups with `INSERT … SELECT … GROUP
 * BY` over what was loaded — the same keys and sums the live writers maintain — and checks them against count(*).
 *
 * Rows are generated in time order with increasing ids and idempotency keys, so every index grows at its right
 * edge. PGlite runs PostgreSQL in single-user mode with no checkpointer: WAL grows until a CHECKPOINT, so one is
 * run every 1 M rows (else a 10 M-row load needs tens of GB of WAL).
 *
 * Scores: NPS 0–10 skewed per store and touchpoint (NPS ≈ +5 … +35), CSAT 1–5, CES 1–7 on a third of the
 * responses; deterministic (hashint8 of the row number). Foreign-key triggers are skipped during the load when the
 * role may (session_replication_role, as pg_restore does): the rows reference the one survey version by construction.
 */
export async function bulkLoad(
  ctx: AppContext,
  t: Target,
  o: { tz: string; end: string; nil: string; eventDims: Record<string, string[]> },
  log: (m: string) => void,
): Promise<SeedTimings> {
  const pglite = ctx.database.kind === 'pglite';
  const started = performance.now();
  const N = t.responses;
  const stores = JSON.stringify(t.storeIds);
  const tps = JSON.stringify(t.touchpointIds);
  // Local day d (0…364) of row i, its store, touchpoint and a time between 10:00 and 22:00 local.
  const first = sql`(${o.end}::date - 365)`;
  const superuser =
    (await one<{ s: boolean }>(ctx.db, sql`SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user`))?.s ===
    true;
  const load = (statement: ReturnType<typeof sql>) =>
    ctx.db.transaction(async (tx) => {
      if (superuser) await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(statement);
    });
  let t0 = performance.now();
  for (let lo = 0; lo < N; lo += BATCH) {
    const hi = Math.min(N, lo + BATCH) - 1;
    await load(sql`
      INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, touchpoint_id, channel, answers, scores, idempotency_key, body_hash, submitted_at, created_at)
      SELECT ${t.tenantId}::uuid, ('b1' || lpad(to_hex(g.i), 30, '0'))::uuid, ${t.surveyId}::uuid, ${t.versionId}::uuid,
             (${stores}::jsonb ->> (g.i % 24)::int)::uuid, (${tps}::jsonb ->> ((g.i / 24) % 8)::int)::uuid, 'link',
             s.j, s.j, 'seed-' || lpad(g.i::text, 10, '0'), 'seed', g.at, g.at
      FROM (SELECT i, ((${first} + (i * 365 / ${N})::int)::timestamp + interval '10 hours' + ((i * 7919) % 43200) * interval '1 second') AT TIME ZONE ${o.tz} AS at,
                   (hashint8(i) & 65535) / 65536.0::float8 AS u1, ((hashint8(i) >> 16) & 65535) / 65536.0::float8 AS u2, (hashint8(-i - 1) & 65535) / 65536.0::float8 AS u3,
                   2.2::float8 + 0.18 * ((i % 24) % 7) - 0.12 * (((i / 24) % 8) % 3) AS k
            FROM generate_series(${lo}::bigint, ${hi}::bigint) AS i) g
      CROSS JOIN LATERAL (SELECT jsonb_build_object('nps', 10 - floor(11 * power(g.u1, g.k))::int, 'csat', 5 - floor(5 * power(g.u2, g.k - 0.6))::int)
                                 || CASE WHEN ((hashint8(g.i) >> 24) & 255) < 85 THEN jsonb_build_object('ces', 1 + floor(7 * power(g.u3, 1.6))::int) ELSE '{}'::jsonb END AS j) s`);
    if (pglite && (hi + 1) % 1_000_000 < BATCH) await ctx.database.execScript('CHECKPOINT');
    log(
      `responses ${(hi + 1).toLocaleString('en')} / ${N.toLocaleString('en')} (${Math.round((hi + 1) / ((performance.now() - t0) / 1000)).toLocaleString('en')} rows/s)`,
    );
  }
  const responsesSeconds = (performance.now() - t0) / 1000;

  t0 = performance.now();
  const hist = sql.raw(H.map((h) => `count(*) FILTER (WHERE b.v = ${h})`).join(', '));
  for (let d = 0; d < 365; d += WINDOW_DAYS) {
    const from = sql`((${first} + ${d}::int)::timestamp AT TIME ZONE ${o.tz})`;
    const to = sql`((${first} + ${Math.min(365, d + WINDOW_DAYS)}::int)::timestamp AT TIME ZONE ${o.tz})`;
    await ctx.db.execute(sql`
      INSERT INTO score_rollups (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day, n, sum, sumsq, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10)
      SELECT r.tenant_id, r.survey_id, b.k, coalesce(r.org_unit_id, ${o.nil}::uuid), coalesce(r.touchpoint_id, ${o.nil}::uuid), (r.submitted_at AT TIME ZONE ${o.tz})::date,
             count(*), coalesce(sum(b.v), 0), coalesce(sum(b.v * b.v), 0), ${hist}
      FROM responses r
      CROSS JOIN LATERAL (VALUES ('*', NULL::float8), ('nps', (r.scores ->> 'nps')::float8), ('csat', (r.scores ->> 'csat')::float8), ('ces', (r.scores ->> 'ces')::float8)) b(k, v)
      WHERE (b.k = '*' OR b.v IS NOT NULL) AND r.tenant_id = ${t.tenantId} AND r.submitted_at >= ${from} AND r.submitted_at < ${to}
      GROUP BY 1, 2, 3, 4, 5, 6`);
  }
  // Monthly rollups (migration 0022), summed from the daily ones as the migration does for existing data.
  if ((await one<{ t: string | null }>(ctx.db, sql`SELECT to_regclass('score_rollups_monthly')::text AS t`))?.t) {
    await ctx.db.execute(sql`
      INSERT INTO score_rollups_monthly (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, month, n, sum, sumsq, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10)
      SELECT tenant_id, survey_id, binding, org_unit_id, touchpoint_id, date_trunc('month', day)::date, sum(n), sum(sum), sum(sumsq),
             sum(h0), sum(h1), sum(h2), sum(h3), sum(h4), sum(h5), sum(h6), sum(h7), sum(h8), sum(h9), sum(h10)
      FROM score_rollups WHERE tenant_id = ${t.tenantId} GROUP BY 1, 2, 3, 4, 5, 6`);
  }
  const scoreRollupsSeconds = (performance.now() - t0) / 1000;
  if (pglite) await ctx.database.execScript('CHECKPOINT');
  log(`score rollups: ${scoreRollupsSeconds.toFixed(1)} s`);

  // Events: orders (with valid/channel dimensions) and inbound calls, whose share per order differs by store.
  const E = t.events;
  t0 = performance.now();
  for (let lo = 0; lo < E; lo += BATCH) {
    const hi = Math.min(E, lo + BATCH) - 1;
    await load(sql`
      INSERT INTO events (tenant_id, id, type, occurred_at, org_unit_id, customer_ref, properties, value, idempotency_key, source, created_at)
      SELECT ${t.tenantId}::uuid, ('e1' || lpad(to_hex(g.i), 30, '0'))::uuid, CASE WHEN g.call THEN 'call.inbound' ELSE 'order.completed' END, g.at,
             (${stores}::jsonb ->> (g.i % 24)::int)::uuid, 'M-' || ((hashint8(g.i) & 262143) + 1),
             CASE WHEN g.call THEN jsonb_build_object('reason', (ARRAY['order_status','complaint','refund','reservation','packaging','delivery','other'])[1 + g.i % 7], 'resolved', g.i % 3 <> 0)
                  ELSE jsonb_build_object('valid', g.i % 30 <> 0, 'amount', 20 + g.i % 200, 'channel', (ARRAY['dine_in','takeaway','delivery'])[1 + g.i % 3]) END,
             CASE WHEN g.call THEN 30 + g.i % 600 ELSE 20 + g.i % 200 END, 'ev-' || lpad(g.i::text, 10, '0'), 'import', g.at
      FROM (SELECT i, ((${first} + (i * 365 / ${E})::int)::timestamp + interval '10 hours' + ((i * 7919) % 43200) * interval '1 second') AT TIME ZONE ${o.tz} AS at,
                   ((hashint8(i) >> 8) & 1023) < 30 + 5 * ((i % 24) % 6) AS call
            FROM generate_series(${lo}::bigint, ${hi}::bigint) AS i) g`);
    if (pglite && (hi + 1) % 1_000_000 < BATCH) await ctx.database.execScript('CHECKPOINT');
    log(`events ${(hi + 1).toLocaleString('en')} / ${E.toLocaleString('en')}`);
  }
  const eventsSeconds = (performance.now() - t0) / 1000;

  t0 = performance.now();
  // Variants as the writer derives them (variantsOf): '' plus `<dimension>=<value>` for each dimension present.
  const dims = sql.raw(
    `CASE e.type ${Object.entries(o.eventDims)
      .map(([k, v]) => `WHEN '${k}' THEN ARRAY[${v.map((x) => `'${x}'`).join(',')}]::text[]`)
      .join(' ')} ELSE ARRAY[]::text[] END`,
  );
  for (let d = 0; d < 365; d += WINDOW_DAYS) {
    const from = sql`((${first} + ${d}::int)::timestamp AT TIME ZONE ${o.tz})`;
    const to = sql`((${first} + ${Math.min(365, d + WINDOW_DAYS)}::int)::timestamp AT TIME ZONE ${o.tz})`;
    await ctx.db.execute(sql`
      INSERT INTO event_rollups (tenant_id, type, variant, org_unit_id, touchpoint_id, day, n, nv, sum, sumsq)
      SELECT e.tenant_id, e.type, w.v, coalesce(e.org_unit_id, ${o.nil}::uuid), coalesce(e.touchpoint_id, ${o.nil}::uuid), (e.occurred_at AT TIME ZONE ${o.tz})::date,
             count(*), count(e.value), coalesce(sum(e.value), 0), coalesce(sum(e.value * e.value), 0)
      FROM events e
      CROSS JOIN LATERAL (SELECT '' AS v UNION ALL SELECT p || '=' || (e.properties ->> p) FROM unnest(${dims}) p WHERE jsonb_typeof(e.properties -> p) IS DISTINCT FROM 'null' AND e.properties ? p) w
      WHERE e.tenant_id = ${t.tenantId} AND e.occurred_at >= ${from} AND e.occurred_at < ${to}
      GROUP BY 1, 2, 3, 4, 5, 6`);
  }
  const eventRollupsSeconds = (performance.now() - t0) / 1000;
  log(`event rollups: ${eventRollupsSeconds.toFixed(1)} s`);

  t0 = performance.now();
  // What the scheduled VACUUM ANALYZE (PGlite) or autovacuum (PostgreSQL) does after a load: statistics and the
  // visibility map (index-only scans) are current.
  for (const table of ['responses', 'score_rollups', 'score_rollups_monthly', 'events', 'event_rollups'])
    await ctx.database.execScript(`VACUUM ANALYZE ${table}`);
  if (pglite) await ctx.database.execScript('CHECKPOINT');
  const vacuumAnalyzeSeconds = (performance.now() - t0) / 1000;

  const check = await verifyRollups(ctx, t.tenantId);
  if (
    check.responses !== N ||
    check.scoreStar !== N ||
    check.monthlyStar !== N ||
    check.events !== E ||
    check.eventAll !== E ||
    check.validOrders !== check.validRolled
  ) {
    throw new Error(`rollups do not match the rows: ${JSON.stringify(check)}`);
  }
  const counts = await one<{ s: number; e: number }>(
    ctx.db,
    sql`SELECT (SELECT count(*) FROM score_rollups WHERE tenant_id = ${t.tenantId})::int AS s, (SELECT count(*) FROM event_rollups WHERE tenant_id = ${t.tenantId})::int AS e`,
  );
  return {
    responsesSeconds,
    responsesPerSecond: N / responsesSeconds,
    scoreRollupsSeconds,
    scoreRollupRows: Number(counts?.s),
    eventsSeconds,
    eventsPerSecond: E / Math.max(eventsSeconds, 1e-9),
    eventRollupsSeconds,
    eventRollupRows: Number(counts?.e),
    vacuumAnalyzeSeconds,
    totalSeconds: (performance.now() - started) / 1000,
  };
}

/** count(*) of responses and events against the sums of their `*` / '' rollups, daily and monthly (and valid orders against `valid=true`). */
export async function verifyRollups(ctx: AppContext, tenantId: string) {
  const r = await one<{
    responses: string;
    scoreStar: string;
    monthlyStar: string;
    events: string;
    eventAll: string;
    validOrders: string;
    validRolled: string;
  }>(
    ctx.db,
    sql`SELECT (SELECT count(*) FROM responses WHERE tenant_id = ${tenantId})::text AS responses,
               (SELECT coalesce(sum(n), 0) FROM score_rollups WHERE tenant_id = ${tenantId} AND binding = '*')::text AS "scoreStar",
               (SELECT coalesce(sum(n), 0) FROM score_rollups_monthly WHERE tenant_id = ${tenantId} AND binding = '*')::text AS "monthlyStar",
               (SELECT count(*) FROM events WHERE tenant_id = ${tenantId})::text AS events,
               (SELECT coalesce(sum(n), 0) FROM event_rollups WHERE tenant_id = ${tenantId} AND variant = '')::text AS "eventAll",
               (SELECT count(*) FROM events WHERE tenant_id = ${tenantId} AND type = 'order.completed' AND properties @> '{"valid": true}')::text AS "validOrders",
               (SELECT coalesce(sum(n), 0) FROM event_rollups WHERE tenant_id = ${tenantId} AND type = 'order.completed' AND variant = 'valid=true')::text AS "validRolled"`,
  );
  return {
    responses: Number(r?.responses),
    scoreStar: Number(r?.scoreStar),
    monthlyStar: Number(r?.monthlyStar),
    events: Number(r?.events),
    eventAll: Number(r?.eventAll),
    validOrders: Number(r?.validOrders),
    validRolled: Number(r?.validRolled),
  };
}
