import {
  adminQuery,
  npsSurveyAndKey,
  postBatch,
  seedClusterTenant,
  sleep,
  startCluster,
} from '../../apps/server/src/testing/cluster.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';

/**
 * Issue 21, throughput with more nodes (`npm run bench -- --only=cluster`, PostgreSQL only): processes of the real CLI
 * on a scratch database. Ingest: batches of 100 responses for a fixed time from 8 concurrent clients, all to web 1,
 * then spread over web 1 and web 2 (the batches' own jobs wait: no worker runs meanwhile, and are cleared before the
 * job runs). Jobs: N queued jobs drained by 1 worker, then by 2. Rate limits are off here (the bench measures the nodes, not the budget).
 */
export const scenario: BenchScenario = {
  name: 'cluster-throughput',
  databases: ['postgres'],
  async run(opts: BenchOptions) {
    const seconds = opts.quick ? 5 : 20;
    const cluster = await startCluster({
      web: 2,
      worker: 0,
      env: { LOOPCX_RATE_LIMIT_KEY: '0', LOOPCX_RATE_LIMIT_IP: '0', LOG_LEVEL: 'warn' },
    });
    try {
      const owner = await seedClusterTenant(cluster.databaseUrl, 'bench');
      const { surveyId, apiKey } = await npsSurveyAndKey(owner.api, cluster.web[0].base);
      const ingest = async (bases: string[]) => {
        let stored = 0;
        const end = Date.now() + seconds * 1000;
        await Promise.all(
          Array.from({ length: 8 }, async (_, i) => {
            while (Date.now() < end) stored += (await postBatch(bases[i % bases.length], apiKey, surveyId, 100)).length;
          }),
        );
        return stored / seconds;
      };
      const pending = async () =>
        Number(
          (
            await adminQuery<{ n: string }>(cluster.databaseUrl, 'SELECT count(*) AS n FROM jobs WHERE dead_at IS NULL')
          )[0].n,
        );
      // Workers first (idle), then N jobs in one statement: the drain time is the queue's, not the workers' boot.
      // `webhooks.send` with no deliveries returns at once: this measures claim, parse, run and delete per job.
      const jobCount = opts.quick ? 2000 : 10_000;
      const drain = async (workers: number) => {
        const started = [];
        for (let i = 0; i < workers; i++) started.push(await cluster.add('worker', { LOG_LEVEL: 'warn' }));
        await adminQuery(
          cluster.databaseUrl,
          `INSERT INTO jobs (tenant_id, kind, payload) SELECT $1::uuid, 'webhooks.send', '{"deliveryIds":[]}'::jsonb
           FROM generate_series(1, $2::int)`,
          [owner.tenantId, jobCount],
        );
        const t0 = Date.now();
        while ((await pending()) > 0) await sleep(50);
        const jobsPerSecond = jobCount / ((Date.now() - t0) / 1000);
        for (const w of started) await w.kill('SIGTERM', { timeoutMs: 15_000 });
        return jobsPerSecond;
      };
      const clearJobs = () => adminQuery(cluster.databaseUrl, 'DELETE FROM jobs');
      const ingest1 = await ingest([cluster.web[0].base]);
      await clearJobs();
      const jobs1 = await drain(1);
      const ingest2 = await ingest(cluster.web.map((w) => w.base));
      await clearJobs();
      const jobs2 = await drain(2);
      return {
        'ingest 1 web node (responses/s)': Math.round(ingest1),
        'ingest 2 web nodes (responses/s)': Math.round(ingest2),
        'ingest ratio 2/1': ingest2 / ingest1,
        'jobs per run': jobCount,
        'jobs/s 1 worker': Math.round(jobs1),
        'jobs/s 2 workers': Math.round(jobs2),
        'jobs ratio 2/1': jobs2 / jobs1,
        note: 'one 2-core machine runs PostgreSQL, the nodes and the load: ratios show contention, not scale-out',
      };
    } finally {
      await cluster.stop();
    }
  },
};
