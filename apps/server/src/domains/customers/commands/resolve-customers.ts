import type { AppContext } from '../../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { recordCustomerUnits } from '../scope.ts';
import { attachContactPhones, attachWechatOpenids } from './attach-response-identities.ts';
import { enrichFromInvitations } from './enrich-from-invitations.ts';
import { addGroupDeltas, lockTenant } from './group-rollups.ts';

/** Tables whose rows carry a member id as given (customer_ref) and the customer_id resolution fills. */
export const RESOLVED_SOURCES = ['responses', 'events', 'feedback_items'] as const;
export type ResolvedSource = (typeof RESOLVED_SOURCES)[number];
const TIME_COLUMN: Record<ResolvedSource, string> = {
  responses: 'submitted_at',
  events: 'occurred_at',
  feedback_items: 'occurred_at',
};

const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;
const textArray = (values: string[]) => JSON.stringify(values);

/**
 * Profiles for member ids, created where missing. Safe under concurrency without a lock: the identity's primary
 * key decides. New profiles are inserted first, then their identities with ON CONFLICT DO NOTHING; a profile whose
 * identity lost the race (another worker or an API call created it meanwhile) is deleted again in the same
 * transaction, so no empty profile is ever committed. Returns the number of profiles created.
 */
export async function ensureMemberProfiles(tx: Executor, tenantId: string, refs: string[], at: Date): Promise<number> {
  const wanted = [...new Set(refs.filter((r) => r.length >= 1 && r.length <= 200))];
  if (!wanted.length) return 0;
  const missing = await rows<{ ref: string }>(
    tx,
    sql`SELECT x.ref FROM jsonb_array_elements_text(${textArray(wanted)}::jsonb) AS x(ref)
        WHERE NOT EXISTS (SELECT 1 FROM customer_identities i WHERE i.tenant_id = ${tenantId} AND i.kind = 'member' AND i.value = x.ref)`,
  );
  if (!missing.length) return 0;
  const ms = at.getTime();
  const fresh = missing.map((m) => ({ ref: m.ref, id: uuidv7(ms) }));
  const list = JSON.stringify(fresh);
  await tx.execute(
    sql`INSERT INTO customers (tenant_id, id, first_seen_at, last_seen_at, created_at, updated_at)
        SELECT ${tenantId}::uuid, x.id, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
        FROM jsonb_to_recordset(${list}::jsonb) AS x(ref text, id uuid)`,
  );
  const won = await rows<{ customer_id: string }>(
    tx,
    sql`INSERT INTO customer_identities (tenant_id, kind, value, display, customer_id, created_at)
        SELECT ${tenantId}::uuid, 'member', x.ref, x.ref, x.id, ${at.toISOString()}::timestamptz
        FROM jsonb_to_recordset(${list}::jsonb) AS x(ref text, id uuid) ORDER BY x.ref
        ON CONFLICT (tenant_id, kind, value) DO NOTHING
        RETURNING customer_id`,
  );
  if (won.length < fresh.length) {
    const kept = new Set(won.map((w) => w.customer_id));
    const lost = fresh.filter((f) => !kept.has(f.id)).map((f) => f.id);
    await tx.execute(sql`DELETE FROM customers WHERE tenant_id = ${tenantId} AND id = ANY(${uuidArray(lost)}::uuid[])`);
  }
  return won.length;
}

/**
 * Refreshes planner statistics of tables that grew to more than twice their size at the last ANALYZE (a cheap
 * catalog check). Resolution updates rows picked by id; with stale statistics (PGlite has no autovacuum, and a
 * table filled after its indexes were created looks empty to the planner) PostgreSQL planned that UPDATE as a scan
 * of the tenant's whole table per batch: 20 s instead of 0.2 s for 2,000 rows of the demo's 65,000 events.
 */
async function freshenStatistics(tx: Executor, tables: string[]) {
  const stale = await rows<{ relname: string }>(
    tx,
    sql`SELECT c.relname FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname IN (${sql.join(
          tables.map((t) => sql`${t}`),
          sql`, `,
        )})
          AND pg_relation_size(c.oid) / 8192 > 2 * greatest(c.relpages, 0) + 16`,
  );
  for (const t of stale) await tx.execute(sql.raw(`ANALYZE ${t.relname}`));
}

/**
 * Resolves the given rows of one source: profiles for their member ids, then customer_id on every row that has a
 * ref and none yet. Idempotent (rows already resolved are left alone). For responses, the deltas of newly resolved
 * rows are added to the score rollups of their customer's tier and segments in the same transaction.
 */
export async function resolveRows(
  tx: Executor,
  tenantId: string,
  source: ResolvedSource,
  ids: string[],
  at: Date,
  secret?: string,
): Promise<{ resolved: number; created: number }> {
  if (!ids.length) return { resolved: 0, created: 0 };
  const table = sql.raw(source);
  await freshenStatistics(tx, [source, 'customer_identities', 'customers']);
  const pending = await rows<{ id: string; ref: string }>(
    tx,
    sql`SELECT id, customer_ref AS ref FROM ${table}
        WHERE tenant_id = ${tenantId} AND id = ANY(${uuidArray(ids)}::uuid[]) AND customer_id IS NULL AND customer_ref IS NOT NULL`,
  );
  if (!pending.length) return { resolved: 0, created: 0 };
  const refs = [...new Set(pending.map((p) => p.ref))];
  const created = await ensureMemberProfiles(tx, tenantId, refs, at);
  const owners = new Map(
    (
      await rows<{ value: string; customer_id: string }>(
        tx,
        sql`SELECT i.value, i.customer_id FROM jsonb_array_elements_text(${textArray(refs)}::jsonb) AS x(ref)
            JOIN customer_identities i ON i.tenant_id = ${tenantId} AND i.kind = 'member' AND i.value = x.ref`,
      )
    ).map((o) => [o.value, o.customer_id]),
  );
  const pairs = pending.flatMap((p) => (owners.has(p.ref) ? [{ id: p.id, c: owners.get(p.ref) }] : []));
  const updated = pairs.length
    ? await rows<{ id: string; customer_id: string; org_unit_id: string | null; at: string | Date }>(
        tx,
        sql`UPDATE ${table} AS x SET customer_id = v.c
            FROM jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS v(id uuid, c uuid)
            WHERE x.tenant_id = ${tenantId} AND x.id = ANY(${uuidArray(pairs.map((p) => p.id))}::uuid[]) AND x.id = v.id AND x.customer_id IS NULL
            RETURNING x.id, x.customer_id, x.org_unit_id, x.${sql.raw(TIME_COLUMN[source])} AS at`,
      )
    : [];
  if (updated.length) {
    await recordCustomerUnits(tx, tenantId, updated);
    await tx.execute(
      sql`UPDATE customers c SET last_seen_at = greatest(c.last_seen_at, ${at.toISOString()}::timestamptz)
          WHERE c.tenant_id = ${tenantId} AND c.id = ANY(${uuidArray([...new Set(updated.map((u) => u.customer_id))])}::uuid[])`,
    );
    if (source === 'responses') {
      await addGroupDeltas(tx, tenantId, updated);
      if (secret)
        await enrichFromInvitations(
          tx,
          tenantId,
          secret,
          updated.map((u) => u.id),
        );
    }
  }
  return { resolved: updated.length, created };
}

/** The `customers.resolve` job: rows named by id (responses committed a moment ago). */
export async function resolveIds(ctx: AppContext, tenantId: string, source: ResolvedSource, ids: string[]) {
  let total = 0;
  for (let i = 0; i < ids.length; i += 2000) {
    const part = ids.slice(i, i + 2000);
    const r = await ctx.db.transaction(async (tx) => {
      await lockTenant(tx, tenantId);
      const out = await resolveRows(tx, tenantId, source, part, ctx.clock.now(), ctx.config.secret);
      if (source === 'responses') {
        await attachContactPhones(tx, tenantId, ctx.config.secret, part, ctx.clock.now());
        await attachWechatOpenids(tx, tenantId, part, ctx.clock.now());
      }
      return out;
    });
    total += r.resolved;
  }
  return total;
}

const NIL = '00000000-0000-0000-0000-000000000000';
/** Rows may commit a little after their (time-ordered) id was drawn: the sweep stays this far behind now. */
const SWEEP_LAG_MS = 60_000;

/** The smallest UUIDv7 of an instant: every id drawn at or after it sorts above. */
export function uuidv7Floor(ms: number): string {
  const h = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-0000-0000-000000000000`;
}

export interface SweepOptions {
  /** Rows per transaction. */
  batch?: number;
  /**
   * `incremental` (the scheduled task) reads each source from its cursor up to a minute ago; `full` walks every
   * row from the start and also catches rows whose ids are not time-ordered (imports, seeds) — run on demand.
   */
  mode?: 'incremental' | 'full';
  /** Stop after this many batches (the scheduled task keeps each run short). */
  maxBatches?: number;
}

/**
 * Resolves a tenant's unresolved rows in batches, walking each source's primary key. Ingest never waits for this:
 * the timeline matches rows by the profile's member ids as well, so it is right before resolution catches up.
 */
export async function sweepTenant(ctx: AppContext, tenantId: string, opts: SweepOptions = {}) {
  const batch = opts.batch ?? 5000;
  const full = opts.mode === 'full';
  const floor = uuidv7Floor(ctx.clock.now().getTime() - SWEEP_LAG_MS);
  const out = { resolved: 0, created: 0, scanned: 0 };
  for (const source of RESOLVED_SOURCES) {
    const saved = full
      ? undefined
      : (
          await one<{ last_id: string }>(
            ctx.db,
            sql`SELECT last_id FROM customer_resolution_cursors WHERE tenant_id = ${tenantId} AND source = ${source}`,
          )
        )?.last_id;
    // A source's first incremental run walks everything once (rows from before the customers domain existed, ids
    // that are not time-ordered), then starts its cursor a minute behind now.
    const walkAll = full || saved === undefined;
    const step = await walk(ctx, tenantId, source, {
      from: saved ?? NIL,
      ceiling: walkAll ? MAX_UUID : floor,
      saveCursor: !walkAll,
      batch,
      maxBatches: walkAll ? undefined : opts.maxBatches,
    });
    out.resolved += step.resolved;
    out.created += step.created;
    out.scanned += step.scanned;
    if (!full && saved === undefined) {
      await ctx.db.execute(
        sql`INSERT INTO customer_resolution_cursors (tenant_id, source, last_id) VALUES (${tenantId}, ${source}, ${floor}::uuid) ON CONFLICT (tenant_id, source) DO NOTHING`,
      );
    }
  }
  return out;
}

const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** Walks one source's primary key from `from` (exclusive) to `ceiling`, resolving each page in its own transaction. */
async function walk(
  ctx: AppContext,
  tenantId: string,
  source: ResolvedSource,
  o: { from: string; ceiling: string; saveCursor: boolean; batch: number; maxBatches?: number },
) {
  const out = { resolved: 0, created: 0, scanned: 0 };
  const table = sql.raw(source);
  const contacts = source === 'responses';
  let cursor = o.from;
  for (let n = 0; !o.maxBatches || n < o.maxBatches; n++) {
    const step = await ctx.db.transaction(async (tx) => {
      await lockTenant(tx, tenantId);
      const page = await one<{
        last: string | null;
        scanned: number;
        todo: string[] | null;
        contacts?: string[] | null;
        openids?: string[] | null;
      }>(
        tx,
        sql`WITH page AS (
              SELECT id, customer_ref, customer_id${contacts ? sql`, context->'contact' IS NOT NULL AS contact, context->'wechat' IS NOT NULL AS wechat` : sql``} FROM ${table}
              WHERE tenant_id = ${tenantId} AND id > ${cursor}::uuid AND id < ${o.ceiling}::uuid ORDER BY id LIMIT ${o.batch})
            SELECT max(id::text) AS last, count(*)::int AS scanned,
                   array_agg(id::text) FILTER (WHERE customer_ref IS NOT NULL AND customer_id IS NULL) AS todo
                   ${contacts ? sql`, array_agg(id::text) FILTER (WHERE contact) AS contacts, array_agg(id::text) FILTER (WHERE wechat) AS openids` : sql``}
            FROM page`,
      );
      if (!page?.last) return undefined;
      const r = await resolveRows(tx, tenantId, source, page.todo ?? [], ctx.clock.now(), ctx.config.secret);
      // Responses imported or seeded without the job path still turn their call-back phones into identities.
      if (page.contacts?.length)
        await attachContactPhones(tx, tenantId, ctx.config.secret, page.contacts, ctx.clock.now());
      if (page.openids?.length) await attachWechatOpenids(tx, tenantId, page.openids, ctx.clock.now());
      if (o.saveCursor) {
        await tx.execute(
          sql`INSERT INTO customer_resolution_cursors (tenant_id, source, last_id, updated_at) VALUES (${tenantId}, ${source}, ${page.last}::uuid, now())
              ON CONFLICT (tenant_id, source) DO UPDATE SET last_id = greatest(customer_resolution_cursors.last_id, excluded.last_id), updated_at = now()`,
        );
      }
      return { ...r, last: page.last, scanned: Number(page.scanned) };
    });
    if (!step) break;
    out.resolved += step.resolved;
    out.created += step.created;
    out.scanned += step.scanned;
    cursor = step.last;
    if (step.scanned < o.batch) break;
  }
  return out;
}

/** The scheduled task: an incremental sweep of every tenant (a few batches each per run). */
export async function sweepAllTenants(ctx: AppContext) {
  for (const t of await rows<{ id: string }>(ctx.db, sql`SELECT id FROM tenants ORDER BY id`)) {
    await sweepTenant(ctx, t.id, { mode: 'incremental', maxBatches: 20 });
  }
}
