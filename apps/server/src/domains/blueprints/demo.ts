import { randomUUID } from 'node:crypto';
import type { TBlueprintNode } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { demoActors } from '../../seed/actors.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { createBlueprint, updateBlueprint } from './commands/save-blueprint.ts';

const DAY = 86400_000;

/** The store teams the dining process runs through (the demo's HQ teams stay as they are). */
const LANES = [
  { key: 'foh', name: '前厅', nameEn: 'Front of house' },
  { key: 'kitchen', name: '后厨', nameEn: 'Kitchen' },
  { key: 'cashier', name: '收银', nameEn: 'Cashier' },
] as const;
type Lane = (typeof LANES)[number]['key'];

/** [id, kind, label, labelEn, stage, lane, touchpoint code, event types] in the order the process runs. */
const NODES: Array<
  [string, TBlueprintNode['kind'], string, string, TBlueprintNode['stage'], Lane, string?, string[]?]
> = [
  ['arrive', 'start', '顾客到店', 'Guest arrives', 'front', 'foh', 'arrive'],
  ['greet', 'step', '迎宾问候', 'Greeting', 'front', 'foh', 'arrive', ['store.visit']],
  ['wait', 'decision', '等位超过 15 分钟？', 'Wait > 15 min?', 'front', 'foh', 'queue'],
  ['queue', 'step', '等位关怀：告知进度、送小食', 'Queue care: updates and snacks', 'front', 'foh', 'queue'],
  ['seat', 'step', '引座与桌面准备', 'Seating and table set-up', 'front', 'foh', 'dine'],
  ['order', 'step', '点餐与确认忌口', 'Ordering, allergies checked', 'front', 'foh', 'order', ['order.placed']],
  ['cook', 'step', '后厨备餐与食安', 'Kitchen prep and food safety', 'back', 'kitchen', undefined, ['order.cooked']],
  ['serve', 'step', '上菜', 'Serving', 'front', 'foh', 'serve', ['order.served']],
  ['pay', 'step', '结账', 'Payment', 'front', 'cashier', 'pay', ['payment.completed']],
  ['farewell', 'step', '送客道别', 'Farewell', 'front', 'foh', 'leave'],
  ['left', 'end', '顾客离店', 'Guest leaves', 'front', 'foh', 'leave'],
];
const EDGES: Array<[string, string, string?]> = [
  ['arrive', 'greet'],
  ['greet', 'wait'],
  ['wait', 'queue', '是 Yes'],
  ['wait', 'seat', '否 No'],
  ['queue', 'seat'],
  ['seat', 'order'],
  ['order', 'cook'],
  ['cook', 'serve'],
  ['serve', 'pay'],
  ['pay', 'farewell'],
  ['farewell', 'left'],
];

/** The store teams, created once (a rerun finds them by name). */
async function laneTeams(ctx: AppContext, tenantId: string): Promise<Record<Lane, string>> {
  const out = {} as Record<Lane, string>;
  for (const l of LANES) {
    const found = await one<{ id: string }>(
      ctx.db,
      sql`SELECT id FROM teams WHERE tenant_id = ${tenantId} AND name = ${l.name}`,
    );
    const id = found?.id ?? randomUUID();
    if (!found)
      await ctx.db.execute(
        sql`INSERT INTO teams (tenant_id, id, name, name_en) VALUES (${tenantId}, ${id}, ${l.name}, ${l.nameEn})`,
      );
    out[l.key] = id;
  }
  return out;
}

/**
 * The dining journey's service blueprint, drawn by HQ through the API's command: greeting → a decision on the
 * wait → seating → ordering → the kitchen (back stage) → serving → payment at the cashier → farewell, in three
 * lanes (front of house, kitchen, cashier), operations accountable and quality consulted on the kitchen. Version 1
 * two months ago without the queue care; version 2 added it after the first mystery shops.
 */
export async function seedBlueprints(ctx: AppContext, demo: DemoTenant): Promise<void> {
  if (await one(ctx.db, sql`SELECT 1 FROM blueprints WHERE tenant_id = ${demo.tenantId}`)) return;
  const journey = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM journeys WHERE tenant_id = ${demo.tenantId} AND name = '堂食旅程'`,
  );
  if (!journey) return;
  const tps = new Map(
    (
      await rows<{ code: string; id: string }>(
        ctx.db,
        sql`SELECT code, id FROM touchpoints WHERE tenant_id = ${demo.tenantId} AND journey_id = ${journey.id}`,
      )
    ).map((t) => [t.code, t.id]),
  );
  const lanes = await laneTeams(ctx, demo.tenantId);
  const operations = demo.teams.get('operations') || null;
  const quality = demo.teams.get('quality') || null;
  const nodes = NODES.map(([id, kind, label, labelEn, stage, lane, tp, events]) => ({
    id,
    kind,
    label,
    labelEn,
    stage,
    lane: lanes[lane],
    raci: {
      responsible: lanes[lane],
      accountable: operations,
      consulted: id === 'cook' && quality ? [quality] : [],
      informed: id === 'pay' && operations ? [operations] : [],
    },
    touchpointIds: tp && tps.has(tp) ? [tps.get(tp)!] : [],
    eventTypes: events ?? [],
  }));
  const edges = EDGES.map(([from, to, label]) => ({ from, to, label: label ?? null }));
  const analyst = (await demoActors(ctx.db, demo.tenantId))('analyst@savor.example');
  const now = ctx.clock.now().getTime();
  const laneIds = LANES.map((l) => lanes[l.key]);
  // Version 1 had no decision on the wait: a waiting list led straight to seating.
  const v1 = {
    lanes: laneIds,
    nodes: nodes
      .filter((n) => n.id !== 'queue')
      .map((n) => (n.id === 'wait' ? { ...n, kind: 'step' as const, label: '安排等位', labelEn: 'Waiting list' } : n)),
    edges: edges
      .filter((e) => e.from !== 'queue' && e.to !== 'queue')
      .map((e) => (e.from === 'wait' ? { ...e, label: null } : e)),
  };
  await ctx.db.transaction(async (tx) => {
    const id = await createBlueprint(
      tx,
      analyst,
      {
        journeyId: journey.id,
        name: '堂食服务蓝图',
        nameEn: 'Dine-in service blueprint',
        ownerTeamId: operations ?? undefined,
        ...v1,
      },
      new Date(now - 75 * DAY),
    );
    await updateBlueprint(tx, analyst, id, { lanes: laneIds, nodes, edges }, new Date(now - 72 * DAY));
  });
}
