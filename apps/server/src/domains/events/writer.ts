import type { AppContext } from '../../platform/context.ts';
import { type Executor, rows, sql } from '../../platform/db.ts';
import type { InvalidParam } from '../../platform/errors.ts';
import type { PreparedEvent } from './prepare.ts';

export type EventWriteResult = { id: string; status: 'created' | 'duplicate' } | { status: 'invalid'; errors: InvalidParam[] };

const NIL = '00000000-0000-0000-0000-000000000000';

/**
 * Inserts events and their rollup deltas in one transaction: one INSERT … SELECT FROM jsonb_to_recordset for the
 * rows, one upsert of rollup deltas pre-aggregated per key and sorted by key (concurrent flushes on PostgreSQL
 * then lock rollup rows in the same order and cannot deadlock). Returns per item created, duplicate (same key,
 * same body) or invalid (same key, different body — the first event stays).
 */
export async function writeEvents(tx: Executor, items: PreparedEvent[], opts: { prefix?: string; indexes?: number[] } = {}): Promise<EventWriteResult[]> {
  if (items.length === 0) return [];
  const payload = items.map((it) => ({ t: it.tenantId, i: it.id, y: it.type, a: it.occurredAt, o: it.orgUnitId, p: it.touchpointId, c: it.customerRef, r: it.properties, v: it.value, k: it.idempotencyKey, h: it.bodyHash || null, s: it.source }));
  const inserted = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO events (tenant_id, id, type, occurred_at, org_unit_id, touchpoint_id, customer_ref, properties, value, idempotency_key, body_hash, source)
        SELECT x.t, x.i, x.y, x.a, x.o, x.p, x.c, coalesce(x.r, '{}'), x.v, x.k, x.h, x.s
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(t uuid, i uuid, y text, a timestamptz, o uuid, p uuid, c text, r jsonb, v float8, k text, h text, s text)
        ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
        RETURNING id`,
  );
  const results: EventWriteResult[] = new Array(items.length);
  const fresh: PreparedEvent[] = [];
  if (inserted.length === items.length) {
    for (let i = 0; i < items.length; i++) results[i] = { id: items[i].id, status: 'created' };
    fresh.push(...items);
  } else {
    const created = new Set(inserted.map((r) => r.id));
    const conflicts = items.filter((it) => !created.has(it.id));
    const existing = new Map<string, { id: string; body_hash: string | null }>();
    for (const r of await rows<{ tenant_id: string; id: string; idempotency_key: string; body_hash: string | null }>(
      tx,
      sql`SELECT tenant_id, id, idempotency_key, body_hash FROM events e
          WHERE (e.tenant_id, e.idempotency_key) IN (SELECT * FROM jsonb_to_recordset(${JSON.stringify(conflicts.map((c) => ({ t: c.tenantId, k: c.idempotencyKey })))}::jsonb) AS x(t uuid, k text))`,
    )) {
      existing.set(`${r.tenant_id}|${r.idempotency_key}`, r);
    }
    items.forEach((it, i) => {
      if (created.has(it.id)) {
        results[i] = { id: it.id, status: 'created' };
        fresh.push(it);
        return;
      }
      const first = existing.get(`${it.tenantId}|${it.idempotencyKey}`);
      if (first && first.body_hash === it.bodyHash) results[i] = { id: first.id, status: 'duplicate' };
      else {
        const at = opts.prefix !== undefined ? `${opts.prefix}.${opts.indexes?.[i] ?? i}.` : '';
        results[i] = { status: 'invalid', errors: [{ name: `${at}idempotencyKey`, reason: 'already used for a different event' }] };
      }
    });
  }
  if (fresh.length) await upsertRollups(tx, fresh);
  return results;
}

/** Adds the rollup deltas of freshly inserted events (count, valued count, sum, sum of squares per key). */
async function upsertRollups(tx: Executor, fresh: PreparedEvent[]) {
  const deltas = new Map<string, { t: string; y: string; w: string; o: string; p: string; d: string; n: number; nv: number; s: number; q: number }>();
  const add = (it: PreparedEvent, variant: string) => {
    const o = it.orgUnitId ?? NIL;
    const p = it.touchpointId ?? NIL;
    const k = `${it.tenantId}|${it.type}|${variant}|${o}|${p}|${it.day}`;
    let d = deltas.get(k);
    if (!d) {
      d = { t: it.tenantId, y: it.type, w: variant, o, p, d: it.day, n: 0, nv: 0, s: 0, q: 0 };
      deltas.set(k, d);
    }
    d.n++;
    if (it.value !== null) {
      d.nv++;
      d.s += it.value;
      d.q += it.value * it.value;
    }
  };
  for (const it of fresh) {
    add(it, '');
    for (const v of it.variants) add(it, v);
  }
  const sorted = [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
  await tx.execute(
    sql`INSERT INTO event_rollups AS r (tenant_id, type, variant, org_unit_id, touchpoint_id, day, n, nv, sum, sumsq)
        SELECT x.t, x.y, x.w, x.o, x.p, x.d, x.n, x.nv, x.s, x.q
        FROM jsonb_to_recordset(${JSON.stringify(sorted)}::jsonb) AS x(t uuid, y text, w text, o uuid, p uuid, d date, n bigint, nv bigint, s float8, q float8)
        ON CONFLICT (tenant_id, type, variant, org_unit_id, touchpoint_id, day) DO UPDATE SET
          n = r.n + excluded.n, nv = r.nv + excluded.nv, sum = r.sum + excluded.sum, sumsq = r.sumsq + excluded.sumsq`,
  );
}

/** Live consoles hear about committed events (per tenant, with the units' paths for scope filtering). */
export function publishCommitted(ctx: AppContext, items: PreparedEvent[], results: EventWriteResult[]) {
  const byTenant = new Map<string, Array<{ id: string; type: string; orgUnitId: string | null; orgPath: string | null; day: string }>>();
  items.forEach((it, i) => {
    const r = results[i];
    if (r.status !== 'created') return;
    const list = byTenant.get(it.tenantId) ?? [];
    list.push({ id: it.id, type: it.type, orgUnitId: it.orgUnitId, orgPath: it.orgPath, day: it.day });
    byTenant.set(it.tenantId, list);
  });
  for (const [tenantId, list] of byTenant) {
    // One bus message per batch; counts by type are enough for a dashboard to know it should refresh.
    const types: Record<string, number> = {};
    for (const e of list) types[e.type] = (types[e.type] ?? 0) + 1;
    ctx.bus.publish({ tenantId, type: 'events.committed', data: { count: list.length, types } });
  }
}
