import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDueJobs } from '../../apps/server/src/platform/jobs.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { startBenchServer } from '../support.ts';

/**
 * Historical import of a generated CSV (1,000,000 rows; `--quick` 100,000): upload streamed over HTTP into the
 * database, then the `responses.import` job run in this process (the worker loop is off, so the timing is the
 * import alone; the responses.committed listener jobs it writes are left queued). Reports rows/s of the upload and
 * of the job, and the process's peak RSS sampled every 100 ms — the file never sits in memory.
 */
export const scenario: BenchScenario = {
  name: 'connect-import',
  async run(opts: BenchOptions) {
    const rowsWanted = opts.rows ?? (opts.quick ? 100_000 : 1_000_000);
    const server = await startBenchServer(opts, { stores: 24 });
    const { base, cookie, call, stores } = server;
    const survey = await call('/api/v1/surveys', {
      name: 'Import bench',
      definition: {
        elements: [
          { type: 'rating', name: 'nps', title: { 'zh-cn': '推荐意愿', en: 'NPS' }, rateMin: 0, rateMax: 10 },
          { type: 'comment', name: 'why', title: { 'zh-cn': '原因', en: 'Reason' } },
          {
            type: 'radiogroup',
            name: 'visit',
            title: { 'zh-cn': '用餐方式', en: 'Visit' },
            choices: [
              { value: 'dine', text: { 'zh-cn': '堂食', en: 'Dine-in' } },
              { value: 'takeout', text: { 'zh-cn': '外卖', en: 'Takeout' } },
            ],
          },
        ],
      },
      bindings: { nps: 'nps' },
    });
    await call(`/api/v1/surveys/${survey.id}/publish`, {});

    const dir = mkdtempSync(join(tmpdir(), 'loopcx-import-bench-'));
    const file = join(dir, 'history.csv');
    const out = createWriteStream(file);
    out.write('\uFEFF提交时间,组织编码,推荐意愿,原因,用餐方式\n');
    const reasons = ['上菜慢，等了很久', '服务很好', '菜品一般, 价格偏贵', 'Great food', ''];
    for (let i = 0; i < rowsWanted; i++) {
      const day = new Date(Date.UTC(2025, 0, 1) + (i % 300) * 86_400_000).toISOString().slice(0, 10);
      const line = `${day} ${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00,${stores[i % stores.length]},${i % 11},"${reasons[i % 5]}",${i % 3 ? '堂食' : '外卖'}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const bytes = statSync(file).size;

    let peak = process.memoryUsage().rss;
    const baseline = peak;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 100);
    try {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/surveys/${survey.id}/response-imports?fileName=history.csv`, {
        method: 'POST',
        headers: { cookie, origin: base, 'content-type': 'text/csv' },
        body: createReadStream(file) as unknown as BodyInit,
        duplex: 'half',
      } as RequestInit);
      const imp = await res.json();
      if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${JSON.stringify(imp).slice(0, 300)}`);
      const uploadMs = performance.now() - t0;
      const mapped = await call(`/api/v1/surveys/${survey.id}/response-imports/${imp.id}/mapping`, {
        columns: imp.mapping.columns,
      });
      if (!mapped.rows) throw new Error(`mapping: ${JSON.stringify(mapped).slice(0, 300)}`);
      await call(`/api/v1/surveys/${survey.id}/response-imports/${imp.id}/start`, {});
      const t1 = performance.now();
      await runDueJobs(server.ctx, ['responses.import'], { tenantIds: [server.tenant.tenantId] });
      const jobMs = performance.now() - t1;
      const done = await call(`/api/v1/surveys/${survey.id}/response-imports/${imp.id}`);
      if (done.status !== 'done' || done.importedRows !== rowsWanted)
        throw new Error(`import ended ${done.status} with ${done.importedRows} rows: ${done.error ?? ''}`);
      return {
        rows: rowsWanted,
        'file MB': bytes / 1024 / 1024,
        'upload MB/s': bytes / 1024 / 1024 / (uploadMs / 1000),
        'import rows/s': rowsWanted / (jobMs / 1000),
        'upload + import s': (uploadMs + jobMs) / 1000,
        'peak RSS MB': peak / 1024 / 1024,
        'RSS growth over start MB': (peak - baseline) / 1024 / 1024,
      };
    } finally {
      clearInterval(sampler);
      rmSync(dir, { recursive: true, force: true });
      await server.stop();
    }
  },
};
