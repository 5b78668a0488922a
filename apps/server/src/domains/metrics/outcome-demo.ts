import { randomUUID } from 'node:crypto';
import { BUILTIN_EVENT_TYPES, variantsOf } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import type { PreparedEvent } from '../events/prepare.ts';
import { writeEvents } from '../events/writer.ts';
import { tenantDay } from '../responses/survey-cache.ts';

const DAY_MS = 86_400_000;
const ORDER = BUILTIN_EVENT_TYPES.find((t) => t.key === 'order.completed')!;
/** Chance of a follow-up order within 14 days of answering, by NPS group (the demo's X → O story). */
export const FOLLOW_UP = { promoters: 0.55, passives: 0.4, detractors: 0.25 } as const;
export const FOLLOW_UP_DAYS = 14;

/**
 * Demo step 37 (after responses 30 and orders 35, before the customer sweep 75 resolves member ids): members who
 * answered an NPS question come back to the store they rated — promoters more often than detractors — so the
 * X → O tile has something true to show. Deterministic from the demo seed; skipped when already written.
 */
export async function seedFollowUpOrders(ctx: AppContext, demo: DemoTenant) {
  const t = demo.tenantId;
  const prefix = `demo-${demo.seed}-xo-`;
  if (await one(ctx.db, sql`SELECT 1 FROM events WHERE tenant_id = ${t} AND idempotency_key = ${`${prefix}0`}`)) return;
  const rand = prng(demo.seed + 37);
  const day = await tenantDay(ctx, t);
  const now = ctx.clock.now().getTime();
  const pay = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM touchpoints WHERE tenant_id = ${t} AND code = 'pay'`,
  );
  const answers = await rows<{ ref: string; at: Date; nps: number; unit: string; path: string }>(
    ctx.db,
    sql`SELECT r.customer_ref AS ref, r.submitted_at AS at, (r.scores->>'nps')::int AS nps, r.org_unit_id AS unit,
               o.path
          FROM responses r JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
         WHERE r.tenant_id = ${t} AND r.customer_ref IS NOT NULL AND r.scores ? 'nps'
         ORDER BY r.submitted_at, r.idempotency_key`,
  );
  let batch: PreparedEvent[] = [];
  let n = 0;
  for (const a of answers) {
    const p = a.nps >= 9 ? FOLLOW_UP.promoters : a.nps >= 7 ? FOLLOW_UP.passives : FOLLOW_UP.detractors;
    const buys = rand.chance(p);
    const at = new Date(new Date(a.at).getTime() + (0.1 + rand.next() * (FOLLOW_UP_DAYS - 0.2)) * DAY_MS);
    const amount = Math.round((60 + rand.next() * 200) * 100) / 100;
    if (!buys || at.getTime() > now) continue;
    const properties = { valid: true, amount, channel: 'dine_in', orderId: `${prefix}${n}`, items: 1 + (n % 6) };
    batch.push({
      tenantId: t,
      id: randomUUID(),
      type: ORDER.key,
      occurredAt: at.toISOString(),
      orgUnitId: a.unit,
      orgPath: a.path,
      touchpointId: pay?.id ?? null,
      customerRef: a.ref,
      properties,
      value: amount,
      idempotencyKey: `${prefix}${n++}`,
      bodyHash: '',
      source: 'demo',
      day: day(at),
      variants: variantsOf(ORDER, properties),
    });
    if (batch.length >= 5000) {
      const b = batch;
      batch = [];
      await ctx.db.transaction((tx) => writeEvents(tx, b));
    }
  }
  if (batch.length) await ctx.db.transaction((tx) => writeEvents(tx, batch));
}
