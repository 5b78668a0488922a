import { rows, sql } from '../../apps/server/src/platform/db.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { percentile, startBenchServer, timedRead } from '../support.ts';

const DAY = 86400_000;

/** A 12-item checklist: 3 fatal items, 9 general ones over four process steps. */
const ITEMS = Array.from({ length: 12 }, (_, i) => ({
  code: `I${i + 1}`,
  text: `检查项 ${i + 1}`,
  textEn: `Item ${i + 1}`,
  severity: i < 3 ? 'fatal' : 'general',
  weight: i < 3 ? 3 : 1,
  section: ['迎宾', '点餐', '上菜', '结账'][i % 4],
}));

/**
 * Service QA at chain scale: `audits` audits (1,200, `--quick` 200) of a 12-item checklist over 24 stores, made
 * and submitted through the API as inspectors would (mystery shops and self-inspections, some fatal failures, whose
 * tickets the job opens when the worker runs); then the indicator reads, each timed 20 times through HTTP — the
 * three `audit.*` metrics ranked by store, the general error rate by item, the score by month, the self-vs-external
 * gap and the audits list.
 */
export const scenario: BenchScenario = {
  name: 'audits',
  async run(opts: BenchOptions) {
    const server = await startBenchServer(opts, { stores: 24 });
    const { ctx, base, cookie, call, tenant } = server;
    const t = tenant.tenantId;
    const stores = (
      await rows<{ id: string }>(ctx.db, sql`SELECT id FROM org_units WHERE tenant_id = ${t} AND kind = 'store'`)
    ).map((r) => r.id);
    const checklist = await call('/api/v1/checklists', { name: '堂食神秘顾客', items: ITEMS });
    if (!checklist.id) throw new Error(`checklist: ${JSON.stringify(checklist)}`);
    const n = opts.quick ? 200 : 1200;
    const submitMs: number[] = [];
    for (let i = 0; i < n; i++) {
      const kind = i % 4 === 3 ? 'self_inspection' : 'mystery_shop';
      const audit = await call('/api/v1/audits', {
        checklistId: checklist.id,
        orgUnitId: stores[i % stores.length],
        kind,
      });
      if (!audit.id) throw new Error(`audit: ${JSON.stringify(audit)}`);
      const results = ITEMS.map((it, k) => ({
        code: it.code,
        // About 1 in 15 audits fails a fatal item; general items fail more often in some stores than others.
        result:
          k < 3
            ? i % 15 === 0 && k === i % 3
              ? 'fail'
              : 'pass'
            : (i * 7 + k) % (5 + (i % 6)) === 0
              ? 'fail'
              : k === 11 && i % 9 === 0
                ? 'na'
                : 'pass',
        note: '记录',
      }));
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/audits/${audit.id}/submit`, {
        method: 'POST',
        headers: { cookie, origin: base, 'content-type': 'application/json' },
        body: JSON.stringify({ results }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`submit: HTTP ${res.status}`);
      submitMs.push(performance.now() - started);
    }
    const now = Date.now();
    const from = new Date(now - 30 * DAY).toISOString().slice(0, 10);
    const to = new Date(now + DAY).toISOString().slice(0, 10);
    const time = (label: string, path: string, body?: unknown) => timedRead(server, label, path, body);
    const metric = (metric: string, groupBy: string) => ({ metric, from, to, groupBy });
    const out = {
      audits: n,
      'submit p50 ms': percentile(submitMs, 50),
      'submit p95 ms': percentile(submitMs, 95),
      ...(await time(
        'fatal error rate by store',
        '/api/v1/metrics/query',
        metric('audit.fatal_error_rate', 'children'),
      )),
      ...(await time(
        'general error rate by store',
        '/api/v1/metrics/query',
        metric('audit.general_error_rate', 'children'),
      )),
      ...(await time('score by store', '/api/v1/metrics/query', metric('audit.score', 'children'))),
      ...(await time(
        'general error rate by item',
        '/api/v1/metrics/query',
        metric('audit.general_error_rate', 'item'),
      )),
      ...(await time('score by month', '/api/v1/metrics/query', metric('audit.score', 'month'))),
      ...(await time('self vs external gap', `/api/v1/audits/self-gap?from=${from}&to=${to}`)),
      ...(await time('audits list', '/api/v1/audits?limit=50')),
    };
    await server.stop();
    return out;
  },
};
