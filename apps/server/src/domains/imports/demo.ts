import { Readable } from 'node:stream';
import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { runImport } from './commands/run-import.ts';
import { setMapping } from './commands/set-mapping.ts';
import { uploadImport } from './commands/upload-import.ts';
import { getImport } from './queries/get-import.ts';

const REASONS_GOOD = [
  '菜品稳定，服务周到',
  '环境好，适合家庭聚餐',
  '性价比高',
  '招牌菜好吃',
  'Great food and friendly staff',
];
const REASONS_BAD = ['上菜太慢', '价格偏贵', '服务员态度一般', '菜有点咸', 'Waited too long for a table'];
const IMPROVE = ['上菜速度', '价格', '服务态度', '菜品口味', '分量'];

/**
 * One finished historical import: half a year of relational-NPS answers from the chain's previous survey tool
 * (a UTF-8 CSV with a BOM, as Excel saves it), 95–180 days before the live history, with three broken rows in the
 * reject report — through the same upload, mapping and job a user runs.
 */
export async function seedImport(ctx: AppContext, demo: DemoTenant): Promise<void> {
  if (await one(ctx.db, sql`SELECT 1 FROM response_imports WHERE tenant_id = ${demo.tenantId} LIMIT 1`)) return;
  const survey = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM surveys WHERE tenant_id = ${demo.tenantId} AND name LIKE '品牌 NPS%' AND status = 'live' LIMIT 1`,
  );
  const owner = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM users WHERE tenant_id = ${demo.tenantId} AND role = 'owner' ORDER BY created_at LIMIT 1`,
  );
  if (!survey || !owner) return;
  const actor: Actor = {
    tenantId: demo.tenantId,
    kind: 'user',
    id: owner.id,
    role: 'owner',
    orgUnitId: demo.rootId,
    orgPath: `/${demo.rootId}/`,
  };
  const rng = prng(demo.seed ^ 0x1a9b0);
  const rand = () => rng.next();
  const stores = [...demo.units.entries()].filter(([, u]) => u.kind === 'store').map(([code]) => code);
  const lines = [
    '提交时间,门店编码,您有多大可能向亲友推荐我们？,请告诉我们打出这个分数的主要原因,我们最需要改进哪些方面？',
  ];
  const now = ctx.clock.now().getTime();
  const pad = (n: number) => String(n).padStart(2, '0');
  for (let i = 0; i < 360; i++) {
    const at = new Date(now - (95 + rand() * 85) * 86_400_000 + 8 * 3_600_000);
    const when = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(10 + Math.floor(rand() * 11))}:${pad(Math.floor(rand() * 60))}`;
    const nps = Math.min(10, Math.max(0, Math.round(7.6 + (rand() - 0.5) * 7)));
    const reason = (nps >= 9 ? REASONS_GOOD : REASONS_BAD)[Math.floor(rand() * 5)];
    const improve = nps <= 8 ? IMPROVE[Math.floor(rand() * IMPROVE.length)] : '';
    lines.push(`${when},${stores[Math.floor(rand() * stores.length)]},${nps},${reason},${improve}`);
  }
  // What a real legacy file holds: a store that closed, a score typed in words, a date that is not one.
  lines.splice(58, 0, `2026-06-10 12:30,SH-99,9,门店已关闭,`);
  lines.splice(141, 0, `2026-06-21 19:05,${stores[0]},十,分数写成了汉字,`);
  lines.splice(230, 0, `2026-13-02 11:00,${stores[1]},8,日期写错了,价格`);
  const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`)]);
  const id = await uploadImport(ctx, actor, survey.id, Readable.from([file]), {
    fileName: '问卷星导出_品牌NPS_2026上半年.csv',
    maxBytes: 10 * 1024 * 1024,
  });
  const imp = await getImport(ctx.db, actor, survey.id, id);
  await setMapping(ctx, actor, imp, { columns: imp.mapping!.columns, keyRow: false });
  await ctx.db.execute(
    sql`UPDATE response_imports SET status = 'queued' WHERE tenant_id = ${demo.tenantId} AND id = ${id}`,
  );
  await runImport(ctx, {
    id: 0,
    tenantId: demo.tenantId,
    kind: 'responses.import',
    payload: { importId: id },
    attempts: 1,
  });
}
