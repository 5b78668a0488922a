import { randomUUID } from 'node:crypto';
import { rows, sql } from '../../apps/server/src/platform/db.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { maxLoadTest, startBenchServer } from '../support.ts';

/**
 * Response ingest through real HTTP, load from wrk (autocannon if wrk is missing) in its own process: single
 * responses (the respondent path: token → validate → micro-batch), then the batch API, then a bare INSERT loop of
 * the same rows as the "physical limit".
 */
export const scenario: BenchScenario = {
  name: 'ingest',
  async run(opts: BenchOptions) {
    const server = await startBenchServer(opts);
    const { ctx, base, call, stores } = server;
    const t = server.tenant;
    const survey = await call('/api/v1/surveys', { templateId: 'post-dining-csat' });
    await call(`/api/v1/surveys/${survey.id}/publish`, {});
    const links = (await call(`/api/v1/surveys/${survey.id}/unit-links`)).items as Array<{ token: string }>;
    const key = (await call('/api/v1/api-keys', { name: 'bench' })).key as string;

    const seconds = opts.quick ? 10 : 60;
    const bodies = links.map((l, i) =>
      JSON.stringify({
        token: l.token,
        answers: { csat: 4 + (i % 2), food: 4, service: 5, speed: 3, comment: '菜很好吃，上菜有点慢' },
        idempotencyKey: 'k-[<id>]',
      }),
    );
    const single = await maxLoadTest({ url: `${base}/api/v1/responses`, connections: 100, duration: seconds, bodies });
    const ok2xx = single['2xx'];

    // Batch: four connections from the load tool, 1,000 responses per request; the bodies are built before the clock
    // starts and every request gets fresh idempotency keys (`[<id>]` is replaced per request).
    const batchSize = 1000;
    const batchBodies = Array.from({ length: 8 }, (_, b) =>
      JSON.stringify({
        responses: Array.from({ length: batchSize }, (_, i) => ({
          surveyId: survey.id,
          answers:
            i % 5 < 3
              ? { csat: 1 + (i % 5), reasons: ['speed'], food: 2, comment: '等太久了' }
              : { csat: 1 + (i % 5), food: 1 + ((i + b) % 5), comment: '服务很好' },
          orgUnitCode: stores[i % stores.length],
          submittedAt: new Date(Date.UTC(2026, 0, 1 + ((i + b) % 28), 12)).toISOString(),
          idempotencyKey: `batch-[<id>]-${i}`,
        })),
      }),
    );
    const batch = await maxLoadTest({
      url: `${base}/api/v1/responses/batch`,
      connections: 4,
      duration: seconds,
      bodies: batchBodies,
      headers: { authorization: `Bearer ${key}` },
    });
    if (batch.non2xx + batch.errors + batch.timeouts > 0)
      throw new Error(`batch: ${batch.non2xx} non-2xx, ${batch.errors} errors, ${batch.timeouts} timeouts`);
    const batchPerSec = (batch['2xx'] * batchSize) / seconds;

    await server.app.close();
    const [check] = await rows<{ raw: number; rolled: number }>(
      ctx.db,
      sql`SELECT (SELECT count(*) FROM responses WHERE tenant_id = ${t.tenantId})::int AS raw,
                 (SELECT coalesce(sum(n),0) FROM score_rollups WHERE tenant_id = ${t.tenantId} AND binding = '*')::int AS rolled`,
    );

    // Physical limit: the same batch rows inserted with no HTTP, validation or rollups.
    const sample = await rows<Record<string, unknown>>(
      ctx.db,
      sql`SELECT survey_id, survey_version_id, org_unit_id, answers, scores FROM responses WHERE tenant_id = ${t.tenantId} LIMIT 500`,
    );
    const bareStart = performance.now();
    let bare = 0;
    for (let b = 0; b < 20; b++) {
      const items = sample.map((r, i) => ({ ...r, id: randomUUID(), k: `bare-${b}-${i}` }));
      await ctx.db.execute(
        sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, answers, scores, idempotency_key, body_hash, submitted_at)
            SELECT ${t.tenantId}::uuid, x.id, x.survey_id, x.survey_version_id, x.org_unit_id, x.answers, x.scores, x.k, 'h', now()
            FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS x(id uuid, survey_id uuid, survey_version_id uuid, org_unit_id uuid, answers jsonb, scores jsonb, k text)`,
      );
      bare += items.length;
    }
    const barePerSec = bare / ((performance.now() - bareStart) / 1000);
    await server.stop();
    return {
      'single HTTP: tool': single.tool,
      'single HTTP: seconds': seconds,
      'single HTTP: responses/s (2xx)': ok2xx / seconds,
      'single HTTP: p50 latency ms': single.latency.p50,
      'single HTTP: p99 latency ms': single.latency.p99,
      'single HTTP: non-2xx': single.non2xx,
      'single HTTP: errors/timeouts': single.errors + single.timeouts,
      'batch API: tool': batch.tool,
      'batch API: responses/s (1,000/request)': batchPerSec,
      'batch API: p50 / p99 latency ms': `${batch.latency.p50} / ${batch.latency.p99}`,
      'rollup total (binding *)': check.rolled,
      'count(*) responses': check.raw,
      'rollups equal count(*)': check.rolled === check.raw ? 'yes' : 'NO',
      'bare INSERT loop rows/s (physical limit)': barePerSec,
      'batch API ÷ bare INSERT': batchPerSec / barePerSec,
      'single HTTP ÷ bare INSERT': ok2xx / seconds / barePerSec,
    };
  },
};
