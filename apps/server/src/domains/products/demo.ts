import { randomUUID } from 'node:crypto';
import { BUILTIN_EVENT_TYPES, nps, type TPropertySchema, variantsOf } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import type { PreparedEvent } from '../events/prepare.ts';
import { forgetEventTypes } from '../events/queries/event-types.ts';
import { writeEvents } from '../events/writer.ts';
import { tenantDay } from '../responses/survey-cache.ts';
import { evaluateReviews } from './commands/evaluate-reviews.ts';
import { linkEvents } from './commands/link-events.ts';
import { monthlyScores } from './queries/monthly-scores.ts';

const DAY_MS = 86400_000;
const ORDER = BUILTIN_EVENT_TYPES.find((t) => t.key === 'order.completed')!;
const MONTH_MS = 30 * DAY_MS;

interface DemoProduct {
  code: string;
  name: string;
  nameEn: string;
  category: string;
  /** The stage history as [stage, months ago]; the last entry is the current stage. */
  history: Array<[string, number]>;
  csat: number;
  /** Weight among a response's or an order's dishes; `bias` > 1 draws it more for unhappy guests. */
  weight: number;
  bias?: number;
  /** Only in these cities (a test runs in Shanghai). */
  cities?: string[];
}

/** The chain's menu lines: long-running dishes, a seasonal one that disappoints, a test, a retired one, a concept. */
const PRODUCTS: DemoProduct[] = [
  {
    code: 'BEEF-NOODLE',
    name: '招牌牛肉面',
    nameEn: 'Signature beef noodles',
    category: '面食 Noodles',
    history: [
      ['concept', 34],
      ['test', 32],
      ['launched', 30],
    ],
    csat: 4.2,
    weight: 30,
  },
  {
    code: 'CRAYFISH',
    name: '麻辣小龙虾',
    nameEn: 'Spicy crayfish',
    category: '季节菜 Seasonal',
    history: [
      ['concept', 11],
      ['test', 10],
      ['launched', 8],
    ],
    csat: 4.3,
    weight: 18,
    bias: 3,
  },
  {
    code: 'KIDS-MEAL',
    name: '儿童套餐',
    nameEn: "Kids' meal",
    category: '套餐 Sets',
    history: [
      ['concept', 22],
      ['test', 20],
      ['launched', 18],
    ],
    csat: 4.0,
    weight: 12,
  },
  {
    code: 'BREAKFAST',
    name: '早餐系列',
    nameEn: 'Breakfast range',
    category: '早餐 Breakfast',
    history: [
      ['concept', 10],
      ['test', 8],
      ['launched', 6],
    ],
    csat: 4.0,
    weight: 15,
  },
  {
    code: 'SALAD-BOWL',
    name: '轻食沙拉碗',
    nameEn: 'Light salad bowl',
    category: '轻食 Light meals',
    history: [
      ['concept', 3],
      ['test', 1.5],
    ],
    csat: 4.2,
    weight: 10,
    cities: ['SH'],
  },
  {
    code: 'COLD-NOODLE',
    name: '夏日冷面',
    nameEn: 'Summer cold noodles',
    category: '面食 Noodles',
    history: [
      ['concept', 20],
      ['test', 18],
      ['launched', 16],
      ['retired', 2.7],
    ],
    csat: 4.0,
    weight: 8,
  },
  {
    code: 'HOTPOT-SOLO',
    name: '一人食小火锅',
    nameEn: 'Solo hotpot set',
    category: '火锅 Hotpot',
    history: [['concept', 0.5]],
    csat: 4.2,
    weight: 0,
  },
];

const ORDER_RETURNED: TPropertySchema = {
  orderId: { type: 'string' },
  productCode: { type: 'string' },
  reason: { type: 'string', enum: ['quality', 'wrong_item', 'late', 'other'], dimension: true },
};

/**
 * Demo step 76: the menu lines as products with their stage histories; the store surveys' responses name the dish
 * the guest ate (`context.productCode`, added to their transaction context — the crayfish more often for unhappy
 * guests); ninety days of member orders with order lines (`lines[].sku`) and some returns, linked into holdings;
 * targets set so the long-running dishes meet theirs and the crayfish misses NPS two closed months running, and the
 * month-close review moves it to `review` with its automatic note and a notification to its owner.
 */
export async function seedProducts(ctx: AppContext, demo: DemoTenant) {
  const t = demo.tenantId;
  if (await one(ctx.db, sql`SELECT 1 AS x FROM products WHERE tenant_id = ${t} LIMIT 1`)) return;
  const rand = prng(demo.seed + 76);
  const now = ctx.clock.now().getTime();
  const owner = demo.users.get('analyst@savor.example') ?? demo.users.get('owner@savor.example') ?? null;
  const by = demo.users.get('owner@savor.example') ?? null;
  const ids = new Map<string, string>();

  await ctx.db.transaction(async (tx) => {
    for (const p of PRODUCTS) {
      const id = randomUUID();
      ids.set(p.code, id);
      const at = (monthsAgo: number) => new Date(now - monthsAgo * MONTH_MS).toISOString();
      const stage = p.history[p.history.length - 1][0];
      const launched = p.history.find(([s]) => s === 'launched');
      const retired = p.history.find(([s]) => s === 'retired');
      await tx.execute(
        sql`INSERT INTO products (tenant_id, id, code, name, name_en, category, stage, owner_id, launched_at, retired_at,
                                  targets, attributes, created_by, created_at, updated_at)
            VALUES (${t}, ${id}, ${p.code}, ${p.name}, ${p.nameEn}, ${p.category}, ${stage}, ${owner},
                    ${launched ? at(launched[1]) : null}, ${retired ? at(retired[1]) : null},
                    ${JSON.stringify({ csat: p.csat })}::jsonb, ${JSON.stringify({ line: p.category.split(' ')[0] })}::jsonb,
                    ${by}, ${at(p.history[0][1])}, ${at(p.history[p.history.length - 1][1])})`,
      );
      let from: string | null = null;
      for (const [s, monthsAgo] of p.history) {
        await tx.execute(
          sql`INSERT INTO product_stage_changes (tenant_id, id, product_id, from_stage, to_stage, changed_by, note, changed_at)
              VALUES (${t}, ${randomUUID()}, ${id}, ${from}, ${s}, ${by},
                      ${s === 'test' ? '上海门店试点 Pilot in the Shanghai stores' : s === 'retired' ? '季节菜下市 Seasonal dish off the menu' : null},
                      ${at(monthsAgo)})`,
        );
        from = s;
      }
    }
  });

  // Which dish each store response was about.
  const cityOf = new Map([...demo.units.values()].map((u) => [u.id, u.kind === 'store' ? u.parentCode : null]));
  const responses = await rows<{ id: string; org_unit_id: string; submitted_at: Date | string; s: number | null }>(
    ctx.db,
    sql`SELECT r.id, r.org_unit_id, r.submitted_at, coalesce((r.scores->>'nps')::float8, (r.scores->>'csat')::float8 * 2) AS s
        FROM responses r JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id AND o.kind = 'store'
        WHERE r.tenant_id = ${t} AND (r.scores ? 'nps' OR r.scores ? 'csat') ORDER BY r.id`,
  );
  const available = (p: DemoProduct, at: number, unitId: string) => {
    const launchedAt = now - (p.history.find(([s]) => s === 'test' || s === 'launched')?.[1] ?? 99) * MONTH_MS;
    const retired = p.history.find(([s]) => s === 'retired');
    if (!p.weight || at < launchedAt || (retired && at > now - retired[1] * MONTH_MS)) return false;
    return !p.cities || p.cities.includes(cityOf.get(unitId) ?? '');
  };
  const pick = (at: number, unitId: string, unhappy: boolean) => {
    const list = PRODUCTS.filter((p) => available(p, at, unitId));
    const w = list.map((p) => p.weight * (unhappy ? (p.bias ?? 1) : 1 / (p.bias ?? 1)));
    let x = rand.next() * w.reduce((a, b) => a + b, 0);
    for (const [i, p] of list.entries()) {
      x -= w[i];
      if (x <= 0) return p.code;
    }
    return list[list.length - 1]?.code;
  };
  const tagged = responses
    .filter(() => rand.chance(0.6))
    .map((r) => ({ id: r.id, code: pick(new Date(r.submitted_at).getTime(), r.org_unit_id, (r.s ?? 10) <= 6) }))
    .filter((r) => r.code);
  for (let i = 0; i < tagged.length; i += 2000) {
    await ctx.db.execute(
      sql`UPDATE responses r SET context = coalesce(r.context, '{}'::jsonb) || jsonb_build_object('productCode', x.code)
          FROM jsonb_to_recordset(${JSON.stringify(tagged.slice(i, i + 2000))}::jsonb) AS x(id uuid, code text)
          WHERE r.tenant_id = ${t} AND r.id = x.id`,
    );
  }

  // Ninety days of member orders with their order lines, and returns of some of them.
  await ctx.db.execute(
    sql`INSERT INTO event_types (tenant_id, key, name, name_en, description, properties, strict, value_label)
        VALUES (${t}, 'order.returned', '退单', 'Order returned', 'A dish sent back or refunded after the order; productCode names it.',
                ${JSON.stringify(ORDER_RETURNED)}::jsonb, false, '金额')
        ON CONFLICT (tenant_id, key) DO NOTHING`,
  );
  forgetEventTypes(t);
  const day = await tenantDay(ctx, t);
  const stores = [...demo.units.entries()].filter(([, u]) => u.kind === 'store');
  const events: PreparedEvent[] = [];
  const event = (
    type: string,
    code: string,
    at: Date,
    customer: string,
    properties: Record<string, unknown>,
    value: number,
  ) => {
    const unit = demo.units.get(code)!;
    events.push({
      tenantId: t,
      id: randomUUID(),
      type,
      occurredAt: at.toISOString(),
      orgUnitId: unit.id,
      orgPath: unit.path,
      touchpointId: null,
      customerRef: customer,
      properties,
      value,
      idempotencyKey: `demo-${demo.seed}-products-${events.length}`,
      bodyHash: '',
      source: 'demo',
      day: day(at),
      variants: variantsOf(type === 'order.completed' ? ORDER : { properties: ORDER_RETURNED }, properties),
    });
  };
  // The chain's members with a profile (the customers step, 75, made and tiered them): orders of known guests.
  const members = (
    await rows<{ value: string }>(
      ctx.db,
      sql`SELECT value FROM customer_identities WHERE tenant_id = ${t} AND kind = 'member' ORDER BY value`,
    )
  ).map((m) => m.value);
  for (let i = 0; members.length && i < 2400; i++) {
    const [store, unit] = rand.pick(stores);
    const at = new Date(now - rand.int(1, 89 * 24) * 3600_000);
    const member = rand.pick(members);
    const n = rand.int(1, 3);
    const codes = [...new Set(Array.from({ length: n }, () => pick(at.getTime(), unit.id, rand.chance(0.2))))].filter(
      (c): c is string => !!c,
    );
    if (!codes.length) continue;
    const amount = Math.round((40 + rand.next() * 160) * 100) / 100;
    const orderId = `${store}-P-${i}`;
    event(
      'order.completed',
      store,
      at,
      member,
      {
        valid: true,
        amount,
        channel: 'dine_in',
        orderId,
        items: codes.length,
        lines: codes.map((sku) => ({ sku, qty: rand.int(1, 2) })),
      },
      amount,
    );
    for (const code of codes) {
      if (!rand.chance(code === 'CRAYFISH' ? 0.09 : 0.025)) continue;
      const back = new Date(Math.min(now - 60_000, at.getTime() + rand.int(1, 48) * 3600_000));
      event(
        'order.returned',
        store,
        back,
        member,
        { orderId, productCode: code, reason: rand.pick(['quality', 'quality', 'wrong_item', 'late', 'other']) },
        Math.round(amount / codes.length),
      );
    }
  }
  for (let i = 0; i < events.length; i += 2000) {
    const batch = events.slice(i, i + 2000);
    await ctx.db.transaction((tx) => writeEvents(tx, batch));
  }
  for (let i = 0; i < events.length; i += 1000)
    await linkEvents(
      ctx,
      t,
      events.slice(i, i + 1000).map((e) => e.id),
    );

  // Targets: the launched dishes' NPS targets sit below what they reached in the last two closed months, the
  // crayfish's above — the story the month-close review then tells.
  const month = await one<{ from: string; to: string }>(
    ctx.db,
    sql`SELECT to_char(date_trunc('month', now() AT TIME ZONE timezone) - interval '2 months', 'YYYY-MM-DD') AS from,
               to_char(date_trunc('month', now() AT TIME ZONE timezone) - interval '1 day', 'YYYY-MM-DD') AS to
        FROM tenants WHERE id = ${t}`,
  );
  for (const p of PRODUCTS.filter((x) => x.history[x.history.length - 1][0] === 'launched')) {
    const months = await monthlyScores(ctx.db, t, p.code, month!.from, month!.to, sql`true`);
    const values = months.map((m) => nps(m.nps).value).filter((v): v is number => v !== null);
    if (!values.length) continue;
    const target = p.bias
      ? Math.ceil((Math.max(...values) + 3) / 5) * 5
      : Math.floor((Math.min(...values) - 3) / 5) * 5;
    await ctx.db.execute(
      sql`UPDATE products SET targets = targets || ${JSON.stringify({ nps: target })}::jsonb WHERE tenant_id = ${t} AND id = ${ids.get(p.code)!}`,
    );
  }
  await evaluateReviews(ctx, t);
}
