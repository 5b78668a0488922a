// Cluster bus (issue 21; `npm run bench -- --only=cluster --db=postgres`): 2 web + 1 worker processes of the CLI on
// a scratch PostgreSQL database (harness: apps/server/src/testing/cluster.ts). Node 1 takes 1,000 responses/s (a
// 20-response batch every 20 ms, open loop) while an SSE stream on node 2 collects the announcements: fan-out
// latency from node 1's acknowledgement to node 2's event, p50/p99, and the events missing at the end. Then every
// connection of the database is terminated and the time until node 2 announces a response posted to node 1 after
// that (and node 2's own "bus reconnected after N ms") is measured. Once over PostgreSQL LISTEN/NOTIFY, once over
// NATS (LOOPCX_BUS_URL, BENCH_NATS_URL or the local server).
import {
  npsSurveyAndKey,
  openStream,
  postBatch,
  seedClusterTenant,
  sleep,
  startCluster,
  terminateBackends,
} from '../../apps/server/src/testing/cluster.ts';
import type { BenchScenario } from '../run.ts';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

export const scenario: BenchScenario = {
  name: 'cluster-bus',
  databases: ['postgres'],
  async run(opts) {
    if (opts.databaseUrl) process.env.LOOPCX_CLUSTER_PG_URL ||= opts.databaseUrl;
    const seconds = opts.quick ? 5 : 20;
    const out: Record<string, number | string> = {};
    for (const bus of ['postgres', 'nats'] as const) {
      const env: Record<string, string> =
        bus === 'nats' ? { LOOPCX_BUS_URL: process.env.BENCH_NATS_URL || 'nats://127.0.0.1:4222' } : {};
      const cluster = await startCluster({ web: 2, worker: 1, env });
      try {
        const [web1, web2] = cluster.web;
        const owner = await seedClusterTenant(cluster.databaseUrl, `bench${bus}`);
        const survey = await npsSurveyAndKey(owner.api, web1.base);
        const stream = await openStream(web2.base, owner.cookie);
        // ---- fan-out at 1,000 responses/s ----
        const ackAt = new Map<string, number>();
        const inFlight = new Set<Promise<void>>();
        let failed = 0;
        const t0 = Date.now();
        for (let tick = 0; Date.now() < t0 + seconds * 1000; tick++) {
          const p = postBatch(web1.base, survey.apiKey, survey.surveyId, 20, `l${tick}`)
            .then((ids) => {
              const now = Date.now();
              for (const id of ids) ackAt.set(id, now);
            })
            .catch(() => {
              failed++;
            })
            .finally(() => inFlight.delete(p));
          inFlight.add(p);
          const next = t0 + (tick + 1) * 20;
          if (next > Date.now()) await sleep(next - Date.now());
        }
        await Promise.all(inFlight);
        const sentSeconds = (Date.now() - t0) / 1000;
        await stream.until(() => [...ackAt.keys()].every((id) => stream.responseIds().has(id)), 30_000).catch(() => {});
        const seenAt = new Map<string, number>();
        for (const e of stream.events)
          if (e.event === 'responses')
            for (const i of (e.data as { items: Array<{ id: string }> }).items) seenAt.set(i.id, e.at);
        const lat = [...ackAt].map(([id, at]) => (seenAt.get(id) ?? NaN) - at).filter((x) => !Number.isNaN(x));
        lat.sort((a, b) => a - b);
        out[`${bus}: responses acknowledged/s`] = ackAt.size / sentSeconds;
        out[`${bus}: batches failed`] = failed;
        out[`${bus}: fan-out ack→node 2 p50 ms`] = pct(lat, 0.5);
        out[`${bus}: fan-out ack→node 2 p99 ms`] = pct(lat, 0.99);
        out[`${bus}: announcements missing on node 2`] = ackAt.size - lat.length;
        // ---- recovery after pg_terminate_backend on every connection ----
        const mark = web2.logs.length;
        const cut = Date.now();
        await terminateBackends(cluster.databaseUrl);
        let recovered = NaN;
        while (Date.now() < cut + 60_000) {
          const ids = await postBatch(web1.base, survey.apiKey, survey.surveyId, 1, 'r').catch(() => [] as string[]);
          if (ids.length) {
            const seen = await stream
              .until(() => stream.responseIds().has(ids[0]), 1_000)
              .then(() => true)
              .catch(() => false);
            if (seen) {
              recovered = (stream.events.at(-1)?.at ?? Date.now()) - cut;
              break;
            }
          }
        }
        out[`${bus}: terminate → first event on node 2 ms`] = recovered;
        const m = web2.logs.slice(mark).match(/bus reconnected after (\d+) ms/);
        if (bus === 'postgres') out[`${bus}: node 2 LISTEN back after ms`] = m ? Number(m[1]) : NaN;
        stream.close();
      } finally {
        await cluster.stop();
      }
    }
    return out;
  },
};
