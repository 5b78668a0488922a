import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSchedule } from '../../apps/server/src/domains/export-schedules/commands/run-schedule.ts';
import { one, sql } from '../../apps/server/src/platform/db.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { startBenchServer } from '../support.ts';

/**
 * Scheduled-export throughput (issue 18): 1 M responses (100 k with --quick) inserted straight into the table, then
 * one run of a responses schedule per format to a folder — rows/s end to end (read, flatten, encode, hash, write,
 * rename, manifest) and the process's peak RSS while the run streams (PGlite runs on a thread of the same process,
 * so its memory is in the figure on that database).
 */
export const scenario: BenchScenario = {
  name: 'connect-export',
  async run(opts: BenchOptions) {
    const n = opts.rows ?? (opts.quick ? 100_000 : 1_000_000);
    const server = await startBenchServer(opts, { stores: 24 });
    const { ctx, call } = server;
    const tenantId = server.tenant.tenantId;
    const out = mkdtempSync(join(tmpdir(), 'loopcx-bench-export-'));
    ctx.config.exportDir = out;
    try {
      const survey = await call('/api/v1/surveys', { templateId: 'relational-nps' });
      await call(`/api/v1/surveys/${survey.id}/publish`, {});
      const v = (await one<{ id: string }>(
        ctx.db,
        sql`SELECT id FROM survey_versions WHERE tenant_id = ${tenantId} AND survey_id = ${survey.id} ORDER BY version DESC LIMIT 1`,
      ))!;
      const t0 = performance.now();
      for (let done = 0; done < n; done += 50_000)
        await ctx.db.execute(
          sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, channel, answers, scores,
                idempotency_key, body_hash, submitted_at)
              SELECT ${tenantId}, gen_random_uuid(), ${survey.id}, ${v.id},
                (SELECT id FROM org_units WHERE tenant_id = ${tenantId} ORDER BY path OFFSET (g % 24) LIMIT 1), 'api',
                jsonb_build_object('nps', g % 11, 'reason', '服务热情，上菜有点慢 ' || g),
                jsonb_build_object('nps', g % 11), 'bench-' || g, 'h',
                now() - make_interval(secs => g % 2592000)
              FROM generate_series(${done + 1}::int, ${Math.min(n, done + 50_000)}::int) g`,
        );
      const loadMs = performance.now() - t0;
      const result: Record<string, number | string> = { rows: n, load_s: +(loadMs / 1000).toFixed(1) };
      for (const format of ['ndjson', 'parquet'] as const) {
        const created = await call('/api/v1/export-schedules', {
          dataset: 'responses',
          format,
          every: 'day',
          destination: { kind: 'directory', path: format },
        });
        global.gc?.();
        const before = process.memoryUsage().rss;
        let peak = before;
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage().rss);
        }, 25);
        const started = performance.now();
        await runSchedule(ctx, tenantId, created.id, { trigger: 'manual' });
        const ms = performance.now() - started;
        clearInterval(sampler);
        const run = (await one<{ rows: string; status: string; error: string | null }>(
          ctx.db,
          sql`SELECT rows, status, error FROM export_runs WHERE tenant_id = ${tenantId} AND schedule_id = ${created.id}`,
        ))!;
        if (run.status !== 'succeeded' || Number(run.rows) !== n)
          throw new Error(`export run ${run.status}: ${run.error}`);
        const file = readdirSync(join(out, format)).find((f) => f.endsWith(`.${format}`))!;
        result[`${format}_rows_per_s`] = Math.round(n / (ms / 1000));
        result[`${format}_s`] = +(ms / 1000).toFixed(1);
        result[`${format}_file_mb`] = +(statSync(join(out, format, file)).size / 2 ** 20).toFixed(1);
        result[`${format}_rss_before_mb`] = Math.round(before / 2 ** 20);
        result[`${format}_rss_peak_mb`] = Math.round(peak / 2 ** 20);
      }
      return result;
    } finally {
      rmSync(out, { recursive: true, force: true });
      await server.stop();
    }
  },
};
