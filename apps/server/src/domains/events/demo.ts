import { randomUUID } from 'node:crypto';
import { BUILTIN_EVENT_TYPES, variantsOf } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { tenantDay } from '../responses/survey-cache.ts';
import type { PreparedEvent } from './prepare.ts';
import { writeEvents } from './writer.ts';

const DAYS = 90;
const DAY_MS = 86400_000;
const ORDER = BUILTIN_EVENT_TYPES.find((t) => t.key === 'order.completed')!;
const CALL = BUILTIN_EVENT_TYPES.find((t) => t.key === 'call.inbound')!;

/**
 * Ninety days of orders (`order.completed`, ~4 % not valid: cancelled or refunded) and inbound service calls
 * (`call.inbound`) for the 24 demo stores, deterministic from the demo seed, so CPO = calls ÷ valid orders is
 * real. The story matches the survey data: SZ-03 serves slowly and its customers call about order status
 * (CPO ≈ 2× the chain); the North region's quality slip in the last 30 days brings complaint calls; delivery
 * orders with leaking packaging bring packaging calls, most in the Hangzhou stores, which changed packaging
 * supplier 30 days ago; GZ-02's serving checklist (40 days ago) cut its calls.
 */
export async function seedEvents(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM events WHERE tenant_id = ${demo.tenantId} LIMIT 1`)) return;
  const rand = prng(demo.seed + 35);
  const day = await tenantDay(ctx, demo.tenantId);
  const tps = new Map(
    (
      await rows<{ id: string; code: string }>(
        ctx.db,
        sql`SELECT id, code FROM touchpoints WHERE tenant_id = ${demo.tenantId}`,
      )
    ).map((t) => [t.code, t.id]),
  );
  const stores = [...demo.units.entries()].filter(([, u]) => u.kind === 'store').sort(([a], [b]) => a.localeCompare(b));
  const regionOf = (code: string) => demo.units.get(demo.units.get(code)!.parentCode!)!.parentCode!;
  const cityOf = (code: string) => demo.units.get(code)!.parentCode!;
  const size = new Map(stores.map(([code]) => [code, 0.7 + rand.next() * 0.6]));
  const today = ctx.clock.now().getTime();
  let pending: PreparedEvent[] = [];
  let n = 0;
  const flush = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    await ctx.db.transaction((tx) => writeEvents(tx, batch));
  };
  const add = async (
    type: typeof ORDER,
    code: string,
    at: Date,
    tp: string | undefined,
    customer: string | null,
    properties: Record<string, unknown>,
    value: number,
  ) => {
    const unit = demo.units.get(code)!;
    pending.push({
      tenantId: demo.tenantId,
      id: randomUUID(),
      type: type.key,
      occurredAt: at.toISOString(),
      orgUnitId: unit.id,
      orgPath: unit.path,
      touchpointId: tp ?? null,
      customerRef: customer,
      properties,
      value,
      idempotencyKey: `demo-${demo.seed}-ev-${n++}`,
      bodyHash: '',
      source: 'demo',
      day: day(at),
      variants: variantsOf(type, properties),
    });
    if (pending.length >= 5000) await flush();
  };

  for (let d = DAYS - 1; d >= 0; d--) {
    const dayStart = today - d * DAY_MS;
    const weekend = [0, 6].includes(new Date(dayStart).getUTCDay());
    const recent = d < 30;
    for (const [code] of stores) {
      const slow = code === 'SZ-03';
      const north = regionOf(code) === 'NORTH' && recent;
      const newPackaging = cityOf(code) === 'HZ' && recent;
      const improved = code === 'GZ-02' && d < 40;
      const orders = Math.round((weekend ? 34 : 26) * size.get(code)! + rand.int(-4, 4));
      for (let i = 0; i < orders; i++) {
        // Lunch and dinner peaks, local time (UTC+8): 11:30–13:30 and 17:30–20:00.
        const hour = rand.chance(0.5) ? 3.5 + rand.next() * 2 : 9.5 + rand.next() * 2.5;
        const at = new Date(dayStart - (dayStart % DAY_MS) + hour * 3600_000);
        if (at.getTime() > today) at.setTime(today - rand.int(60_000, 3600_000));
        const channel = rand.chance(0.55) ? 'dine_in' : rand.chance(0.35) ? 'takeaway' : 'delivery';
        const valid = !rand.chance(slow ? 0.07 : 0.035);
        const amount =
          Math.round((channel === 'dine_in' ? 80 + rand.next() * 220 : 35 + rand.next() * 110) * 100) / 100;
        const member = rand.chance(0.42) ? `M-${rand.int(10000, 16000)}` : null;
        await add(
          ORDER,
          code,
          at,
          tps.get(channel === 'dine_in' ? 'pay' : 'tw-order'),
          member,
          { valid, amount, channel, orderId: `${code}-${d}-${i}`, items: rand.int(1, 8) },
          amount,
        );
        // Calls this order causes: order status (slow kitchens, late deliveries), complaints, refunds, packaging.
        let p = 0.022;
        let reason = rand.pick(['order_status', 'reservation', 'other', 'order_status']);
        if (slow && rand.chance(0.55)) {
          p += 0.05;
          reason = 'order_status';
        }
        if (north && rand.chance(0.5)) {
          p += 0.02;
          reason = 'complaint';
        }
        if (channel !== 'dine_in' && rand.chance(newPackaging ? 0.5 : 0.2)) {
          p += newPackaging ? 0.06 : 0.018;
          reason = 'packaging';
        }
        if (!valid) {
          p += 0.25;
          reason = 'refund';
        }
        if (improved) p *= 0.7;
        if (!rand.chance(p)) continue;
        const callAt = new Date(Math.min(today, at.getTime() + rand.int(10, 180) * 60_000));
        const duration = rand.int(60, reason === 'complaint' || reason === 'refund' ? 720 : 360);
        const resolved = rand.chance(reason === 'complaint' ? 0.6 : 0.85);
        await add(
          CALL,
          code,
          callAt,
          tps.get('service-call'),
          member,
          {
            reason,
            resolved,
            durationSec: duration,
            queue: reason === 'complaint' || reason === 'refund' ? 'care' : 'general',
          },
          duration,
        );
      }
    }
  }
  await flush();
}
