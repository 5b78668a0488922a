import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { analyzeSources } from './commands/analyze-sources.ts';
import { discoverTopics } from './commands/discover-topics.ts';
import { installPack } from './commands/install-pack.ts';

const PAGE = 2000;

/**
 * The demo tenant's text analytics: installs the restaurant/takeaway pack, analyses every demo comment and
 * feedback item in batches (one multi-row insert per batch), and runs discovery once so real proposals exist.
 * Idempotent: each part is skipped when already done.
 */
export async function seedTextAnalytics(ctx: AppContext, demo: DemoTenant) {
  const owner = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM users WHERE tenant_id = ${demo.tenantId} AND role = 'owner' ORDER BY created_at LIMIT 1`,
  );
  const actor: Actor = {
    tenantId: demo.tenantId,
    kind: 'user',
    id: owner!.id,
    role: 'owner',
    orgUnitId: demo.rootId,
    orgPath: demo.units.get('HQ')!.path,
  };
  if (!(await one(ctx.db, sql`SELECT 1 FROM text_taxonomies WHERE tenant_id = ${demo.tenantId}`))) {
    await ctx.db.transaction((tx) => installPack(tx, ctx.clock, actor, 'restaurant', 'replace'));
  }
  if (
    !(await one(
      ctx.db,
      sql`SELECT 1 FROM text_analyses WHERE tenant_id = ${demo.tenantId} AND source_kind = 'response' LIMIT 1`,
    ))
  ) {
    let cursor = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await rows<{ id: string }>(
        ctx.db,
        sql`SELECT id FROM responses WHERE tenant_id = ${demo.tenantId} AND id > ${cursor}::uuid ORDER BY id LIMIT ${PAGE}`,
      );
      if (page.length === 0) break;
      await analyzeSources(
        ctx,
        demo.tenantId,
        'response',
        page.map((r) => r.id),
      );
      cursor = page.at(-1)!.id;
    }
  }
  const feedback = await rows<{ id: string }>(
    ctx.db,
    sql`SELECT f.id FROM feedback_items f WHERE f.tenant_id = ${demo.tenantId}
          AND NOT EXISTS (SELECT 1 FROM text_analyses a WHERE a.tenant_id = f.tenant_id AND a.source_kind = 'feedback' AND a.source_id = f.id)`,
  );
  for (let i = 0; i < feedback.length; i += PAGE)
    await analyzeSources(
      ctx,
      demo.tenantId,
      'feedback',
      feedback.slice(i, i + PAGE).map((f) => f.id),
    );
  // The install's reanalysis run found nothing to do yet; history was analysed above with the same taxonomy.
  await ctx.db.execute(
    sql`UPDATE text_runs SET status = 'done', total = (SELECT count(*)::int FROM text_analyses WHERE tenant_id = ${demo.tenantId}),
          done = (SELECT count(*)::int FROM text_analyses WHERE tenant_id = ${demo.tenantId}), finished_at = ${ctx.clock.now().toISOString()}
        WHERE tenant_id = ${demo.tenantId} AND kind = 'reanalysis' AND status = 'running'`,
  );
  if (!(await one(ctx.db, sql`SELECT 1 FROM text_runs WHERE tenant_id = ${demo.tenantId} AND kind = 'discovery'`))) {
    const result = await discoverTopics(ctx, demo.tenantId);
    const now = ctx.clock.now().toISOString();
    await ctx.db.execute(
      sql`INSERT INTO text_runs (tenant_id, id, kind, status, total, done, result, started_at, finished_at)
          VALUES (${demo.tenantId}, ${randomUUID()}, 'discovery', 'done', ${result.texts}, ${result.texts}, ${JSON.stringify(result)}::jsonb, ${now}, ${now})`,
    );
  }
}
