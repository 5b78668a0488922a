import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { newWebhookSecret } from '../webhooks/sign.ts';

/**
 * The demo's data-platform feed: responses as Parquet, daily, uploaded to the chain's data platform, with the last
 * two weeks of runs (row counts from the responses the demo holds per day; one upload needed a second attempt).
 * It is switched off, like the demo's webhook endpoint: there is no receiver to reach. An owner points it at one (or
 * at a folder under LOOPCX_EXPORT_DIR) and switches it on; its first real run then exports every response once.
 */
export async function seedExportSchedule(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM export_schedules WHERE tenant_id = ${demo.tenantId}`)) return;
  const id = randomUUID();
  const owner = demo.users.get('owner@savor.example') ?? null;
  const now = ctx.clock.now().getTime();
  const day = 86_400_000;
  const perDay = await rows<{ d: string; n: number }>(
    ctx.db,
    sql`SELECT to_char(submitted_at, 'YYYY-MM-DD') AS d, count(*)::int AS n FROM responses
        WHERE tenant_id = ${demo.tenantId} AND submitted_at >= ${new Date(now - 15 * day).toISOString()}::timestamptz
        GROUP BY 1`,
  );
  const counts = new Map(perDay.map((r) => [r.d, r.n]));
  const runs = Array.from({ length: 14 }, (_, i) => {
    const start = new Date(Math.floor((now - (14 - i) * day) / day) * day + 18 * 3_600_000); // 02:00 Beijing
    const n = counts.get(new Date(start.getTime() - day).toISOString().slice(0, 10)) ?? 0;
    // The tenth upload failed once (the receiver cut the connection) and its retry a minute later went through.
    return { seq: i + 1, start, n, attempts: i === 9 ? 2 : 1, seconds: (i === 9 ? 62 : 2) + Math.round(n / 4000) };
  });
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO export_schedules (tenant_id, id, name, dataset, format, every, destination, org_unit_id, secret,
            enabled, run_seq, next_run_at, created_by, created_at, updated_at)
          VALUES (${demo.tenantId}, ${id}, '集团数据平台 · 答卷日更 Data platform daily', 'responses', 'parquet', 'day',
            ${JSON.stringify({ kind: 'https', url: 'https://data.savor.example/loopcx/exports' })}::jsonb,
            ${demo.rootId}, ${newWebhookSecret()}, false, ${runs.length},
            ${new Date(Math.ceil(now / day) * day + 18 * 3_600_000).toISOString()}, ${owner},
            ${new Date(now - 15 * day).toISOString()}, ${new Date(now - day).toISOString()})`,
    );
    for (const r of runs) {
      const file = `responses-${id.slice(0, 8)}-${String(r.seq).padStart(8, '0')}.parquet`;
      await tx.execute(
        sql`INSERT INTO export_runs (tenant_id, schedule_id, id, seq, trigger, status, snapshot_from, snapshot_to,
              file_name, rows, bytes, sha256, attempts, error, started_at, finished_at)
            VALUES (${demo.tenantId}, ${id}, ${randomUUID()}, ${r.seq}, 'schedule', 'succeeded',
              NULL, '1:1:', ${file}, ${r.n}, ${r.n > 0 ? r.n * 180 + 4096 : 0},
              ${r.n > 0 ? randomUUID().replace(/-/g, '').repeat(2) : null}, ${r.attempts}, NULL, ${r.start.toISOString()}, ${new Date(r.start.getTime() + r.seconds * 1000).toISOString()})`,
      );
    }
  });
}
