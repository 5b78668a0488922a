// Customers (issue 5): resolution throughput, segment preview, timeline and metrics split by tier/segment.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_customers npm run bench -- --only=customers [--db=pglite|postgres] [--quick]
//
// Loads (in SQL, not through the API: ingest has its own benches; response ids are UUIDv7 of the load time, as the
// writer draws them) 1,000,000 responses (NPS, 24 stores, 12 months)
// from 100,000 member ids, 300,000 orders and 30,000 calls from the same members, with score rollups; then times
// a full resolution sweep (profiles created + customer_id filled), the job path for freshly ingested responses,
// tag-rule and tier evaluation, segment previews, timelines and metrics by tier/segment through HTTP.
// Sizes: BENCH_CUSTOMERS_PROFILES, BENCH_CUSTOMERS_RESPONSES (--quick: 10,000 / 100,000).
import { randomUUID } from 'node:crypto';
import { sweepTenant } from '../../apps/server/src/domains/customers/commands/resolve-customers.ts';
import { customersResolveJob } from '../../apps/server/src/domains/customers/jobs.ts';
import { responsesCommittedJob } from '../../apps/server/src/domains/responses/jobs.ts';
import { type PreparedResponse, writeResponses } from '../../apps/server/src/domains/responses/writer.ts';
import { rows, sql } from '../../apps/server/src/platform/db.ts';
import { uuidv7 } from '../../apps/server/src/platform/ids.ts';
import { runDueJobs } from '../../apps/server/src/platform/jobs.ts';
import { randomToken, sha256 } from '../../apps/server/src/platform/passwords.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { startBenchServer } from '../support.ts';

const END = '2026-12-01';
const pct = (list: number[], p: number) => {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export const scenario: BenchScenario = {
  name: 'customers',
  async run(opts: BenchOptions) {
    const profiles = Number(process.env.BENCH_CUSTOMERS_PROFILES ?? (opts.quick ? 10_000 : 100_000));
    const responses = Number(process.env.BENCH_CUSTOMERS_RESPONSES ?? (opts.quick ? 100_000 : 1_000_000));
    const orders = Math.round(responses * 0.3);
    const calls = Math.round(responses * 0.03);
    const runs = opts.quick ? 20 : 50;
    const log = (m: string) => console.log(`  … ${m}`);
    const server = await startBenchServer(opts, { stores: 24 });
    const { ctx, call } = server;
    const t = server.tenant.tenantId;
    const out: Record<string, number | string> = {};
    const def = { elements: [{ type: 'rating', name: 'nps', title: 'NPS', rateMin: 0, rateMax: 10 }] };
    const survey = (await call('/api/v1/surveys', { name: 'NPS', definition: def, bindings: { nps: 'nps' } })) as {
      id: string;
    };
    await call(`/api/v1/surveys/${survey.id}/publish`, {});
    const version = (
      await rows<{ v: string }>(
        ctx.db,
        sql`SELECT current_version_id AS v FROM surveys WHERE tenant_id = ${t} AND id = ${survey.id}`,
      )
    )[0].v;
    const units = (
      await rows<{ id: string }>(
        ctx.db,
        sql`SELECT id FROM org_units WHERE tenant_id = ${t} AND kind = 'store' ORDER BY code`,
      )
    ).map((u) => u.id);
    const unitArr = `{${units.join(',')}}`;

    // ---- load
    let t0 = performance.now();
    const chunk = 100_000;
    for (let from = 0; from < responses; from += chunk) {
      const to = Math.min(responses, from + chunk) - 1;
      await ctx.db.execute(
        sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, customer_ref, channel, answers, scores, idempotency_key, body_hash, submitted_at)
            SELECT ${t}::uuid, (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || substr(md5(i::text), 1, 3) || '8' || substr(md5(i::text), 4, 15))::uuid,
                   ${survey.id}::uuid, ${version}::uuid, (${unitArr}::uuid[])[1 + i % 24], 'M-' || ((i::bigint * 7919) % ${profiles}), 'api',
                   jsonb_build_object('nps', (i * 13) % 11), jsonb_build_object('nps', (i * 13) % 11), 'b-' || i, '',
                   ${END}::timestamptz - make_interval(days => 1 + i % 365, mins => i % 600)
            FROM generate_series(${from}::int, ${to}::int) AS i`,
      );
    }
    const seedResponses = (performance.now() - t0) / 1000;
    t0 = performance.now();
    for (const [table, period, col] of [
      ['score_rollups', 'd', 'day'],
      ['score_rollups_monthly', 'm', 'month'],
    ] as const) {
      const expr =
        period === 'd'
          ? sql`(r.submitted_at AT TIME ZONE 'Asia/Shanghai')::date`
          : sql`date_trunc('month', (r.submitted_at AT TIME ZONE 'Asia/Shanghai')::date)::date`;
      await ctx.db.execute(
        sql`INSERT INTO ${sql.raw(table)} (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, ${sql.raw(col)}, n, sum, sumsq, ${sql.raw(Array.from({ length: 11 }, (_, i) => `h${i}`).join(', '))})
            SELECT r.tenant_id, r.survey_id, b.b, r.org_unit_id, '00000000-0000-0000-0000-000000000000'::uuid, ${expr}, count(*),
                   coalesce(sum(b.v), 0), coalesce(sum(b.v * b.v), 0), ${sql.raw(Array.from({ length: 11 }, (_, i) => `count(*) FILTER (WHERE b.v = ${i})`).join(', '))}
            FROM responses r CROSS JOIN LATERAL (VALUES ('*', NULL::float8), ('nps', (r.scores->>'nps')::float8)) AS b(b, v)
            WHERE r.tenant_id = ${t} GROUP BY 1, 2, 3, 4, 5, 6`,
      );
    }
    const seedRollups = (performance.now() - t0) / 1000;
    t0 = performance.now();
    await ctx.db.execute(
      sql`INSERT INTO events (tenant_id, id, type, occurred_at, org_unit_id, customer_ref, properties, value, source)
          SELECT ${t}::uuid, gen_random_uuid(), CASE WHEN i < ${orders} THEN 'order.completed' ELSE 'call.inbound' END,
                 ${END}::timestamptz - make_interval(days => 1 + i % 365, mins => i % 600), (${unitArr}::uuid[])[1 + i % 24],
                 'M-' || ((i::bigint * 104729) % ${profiles}), '{}'::jsonb, CASE WHEN i < ${orders} THEN 20 + (i % 200) ELSE 120 END, 'bench'
          FROM generate_series(0, ${orders + calls - 1}) AS i`,
    );
    if (ctx.database.kind === 'pglite') await ctx.database.execScript('VACUUM ANALYZE');
    else await ctx.database.execScript('ANALYZE');
    out['data set'] =
      `${responses.toLocaleString('en')} responses, ${orders.toLocaleString('en')} orders + ${calls.toLocaleString('en')} calls, ${profiles.toLocaleString('en')} member ids`;
    out['seed: responses s / rollups s / events s'] =
      `${seedResponses.toFixed(1)} / ${seedRollups.toFixed(1)} / ${((performance.now() - t0) / 1000).toFixed(1)}`;
    log('seeded');

    // ---- resolution: every row of every source, profiles created on the way
    t0 = performance.now();
    const swept = await sweepTenant(ctx, t, { mode: 'full', batch: 5000 });
    const sweepS = (performance.now() - t0) / 1000;
    out['resolution sweep: rows resolved'] = swept.resolved;
    out['resolution sweep: profiles created'] = swept.created;
    out['resolution sweep: s'] = sweepS;
    out['resolution sweep: refs resolved/s'] = Math.round(swept.resolved / sweepS);
    await sweepTenant(ctx, t); // sets the incremental cursors (the timeline reads the unswept tail above them)
    if (ctx.database.kind === 'pglite')
      for (const table of ['responses', 'events', 'customers', 'customer_identities'])
        await ctx.database.execScript(`VACUUM ANALYZE ${table}`);
    else await ctx.database.execScript('ANALYZE');
    log('resolved');

    // ---- the job path: freshly ingested responses (hot path unchanged) resolved by the customers.resolve job
    const fresh = opts.quick ? 5000 : 20_000;
    const nowMs = Date.parse(END);
    const items: PreparedResponse[] = Array.from({ length: fresh }, (_, i) => ({
      tenantId: t,
      id: uuidv7(nowMs),
      surveyId: survey.id,
      versionId: version,
      orgUnitId: units[i % 24],
      orgPath: null,
      touchpointId: null,
      customerRef: `M-${(i * 31) % Math.floor(profiles * 1.1)}`,
      channel: 'api',
      invitationId: null,
      locale: null,
      answers: { nps: i % 11 },
      scores: { nps: i % 11 },
      context: null,
      idempotencyKey: `fresh-${i}`,
      bodyHash: '',
      submittedAt: new Date(nowMs - 3600_000).toISOString(),
      day: '2026-11-30',
    }));
    for (let i = 0; i < items.length; i += 500) await writeResponses(ctx.db, items.slice(i, i + 500));
    t0 = performance.now();
    while ((await runDueJobs(ctx, [responsesCommittedJob, customersResolveJob])) > 0);
    const jobS = (performance.now() - t0) / 1000;
    const [left] = await rows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM responses WHERE tenant_id = ${t} AND idempotency_key LIKE 'fresh-%' AND customer_id IS NULL`,
    );
    out['job path: fresh responses resolved/s (incl. ~10 % new profiles)'] = Math.round(fresh / jobS);
    out['job path: left unresolved'] = left.n;

    // ---- ingest A/B: the response writer's flush (unchanged, with its listeners' job) with and without the one new index on responses
    // (partial on customer_id IS NOT NULL; ingest inserts NULL). Rounds alternate; 500-row flushes as under load.
    const abRows = opts.quick ? 5000 : 20_000;
    const ab: Record<'with' | 'without', number[]> = { with: [], without: [] };
    let abN = 0;
    const flushAll = async () => {
      const batch: PreparedResponse[] = Array.from({ length: abRows }, (_, i) => ({
        ...items[i % items.length],
        id: uuidv7(Date.now()),
        customerRef: `M-${i % profiles}`,
        idempotencyKey: `ab-${abN}-${i}`,
      }));
      abN++;
      const s = performance.now();
      for (let i = 0; i < batch.length; i += 500) await writeResponses(ctx.db, batch.slice(i, i + 500));
      return abRows / ((performance.now() - s) / 1000);
    };
    // The order alternates (with-without, without-with, …) so neither arm always runs right after the index build.
    for (let round = 0; round < 4; round++) {
      const arms = round % 2 ? (['without', 'with'] as const) : (['with', 'without'] as const);
      for (const arm of arms) {
        if (arm === 'without') await ctx.db.execute(sql`DROP INDEX responses_customer_idx`);
        ab[arm].push(await flushAll());
        if (arm === 'without')
          await ctx.db.execute(
            sql`CREATE INDEX responses_customer_idx ON responses (tenant_id, customer_id, submitted_at) WHERE customer_id IS NOT NULL`,
          );
      }
    }
    const med = (l: number[]) => pct(l, 50);
    out['ingest writer rows/s with / without responses_customer_idx (median of 4, alternating)'] =
      `${Math.round(med(ab.with))} / ${Math.round(med(ab.without))} (${(med(ab.with) / med(ab.without)).toFixed(2)}×)`;
    while ((await runDueJobs(ctx, [responsesCommittedJob, customersResolveJob])) > 0);

    // ---- tag rule, tiers, segments (evaluated on demand through HTTP; each also runs on a schedule)
    const timed = async (f: () => Promise<unknown>) => {
      const s = performance.now();
      const r = await f();
      return { ms: performance.now() - s, r };
    };
    const gold = await timed(() =>
      call('/api/v1/customers/tag-rules', {
        tag: 'gold',
        measure: { kind: 'events', eventType: 'order.completed', fn: 'count', windowDays: 90 },
        op: 'gte',
        value: 2,
      }),
    );
    out['tag rule gold (orders 90 d ≥ 2): ms / tagged'] =
      `${gold.ms.toFixed(0)} / ${(gold.r as { lastCount: number }).lastCount}`;
    const putTiers = await timed(async () =>
      (
        await fetch(`${server.base}/api/v1/customers/tiers`, {
          method: 'PUT',
          headers: { cookie: server.cookie, origin: server.base, 'content-type': 'application/json' },
          body: JSON.stringify({
            measure: { kind: 'events', eventType: 'order.completed', fn: 'sum', windowDays: 365 },
            tiers: [
              { name: 'diamond', min: 600 },
              { name: 'gold', min: 300 },
              { name: 'silver', min: 100 },
              { name: 'regular', min: 0 },
            ],
          }),
        })
      ).json(),
    );
    out['tiers by 12-month order value (incl. moving responses between tier rollups): ms'] = putTiers.ms;
    out['tier counts'] = JSON.stringify((putTiers.r as { tiers: unknown }).tiers);
    const definitions = {
      'tier + last NPS detractor': {
        match: 'all',
        conditions: [
          { kind: 'tier', tiers: ['diamond', 'gold'] },
          { kind: 'npsGroup', groups: ['detractor'] },
        ],
      },
      'calls in 90 d ≥ 1': {
        match: 'all',
        conditions: [{ kind: 'events', eventType: 'call.inbound', fn: 'count', windowDays: 90, op: 'gte', value: 1 }],
      },
      'tag gold or tier diamond': {
        match: 'any',
        conditions: [
          { kind: 'tag', tag: 'gold' },
          { kind: 'tier', tiers: ['diamond'] },
        ],
      },
    };
    const seg = await timed(() =>
      call('/api/v1/customers/segments', { name: 'at risk', definition: definitions['tier + last NPS detractor'] }),
    );
    const segmentId = (seg.r as { id: string; memberCount: number }).id;
    out['save segment (members + their responses into its rollups): ms / members'] =
      `${seg.ms.toFixed(0)} / ${(seg.r as { memberCount: number }).memberCount}`;
    // A second, larger segment, so the segment list below has a big member count to scope.
    await call('/api/v1/customers/segments', {
      name: 'gold or diamond',
      definition: definitions['tag gold or tier diamond'],
    });
    for (const [name, definition] of Object.entries(definitions)) {
      const ms: number[] = [];
      let count = 0;
      for (let i = 0; i < Math.min(runs, 20); i++) {
        const r = await timed(() => call('/api/v1/customers/segments/preview', { definition }));
        ms.push(r.ms);
        count = (r.r as { count: number }).count;
      }
      out[`segment preview "${name}": p50 / p95 ms (count)`] =
        `${pct(ms, 50).toFixed(0)} / ${pct(ms, 95).toFixed(0)} (${count})`;
    }

    // ---- timeline of random customers
    const sample = await rows<{ id: string }>(
      ctx.db,
      sql`SELECT id FROM customers WHERE tenant_id = ${t} AND merged_into IS NULL ORDER BY md5(id::text) LIMIT ${runs * 2}`,
    );
    const tl: number[] = [];
    let items0 = 0;
    for (const c of sample) {
      const r = await timed(() => call(`/api/v1/customers/${c.id}/timeline?limit=50`));
      tl.push(r.ms);
      items0 += (r.r as { items: unknown[] }).items.length;
    }
    out['timeline (50 items): p50 / p95 ms'] = `${pct(tl, 50).toFixed(1)} / ${pct(tl, 95).toFixed(1)}`;
    out['timeline: mean items returned'] = items0 / sample.length;

    // ---- the profile list as the owner (every profile) and as a store manager (customers seen at the store: an
    // EXISTS over customer_units per candidate profile, walking the newest-first index until a page is full)
    const managerId = randomUUID();
    const managerSession = randomToken();
    await ctx.db.execute(
      sql`INSERT INTO users (tenant_id, id, email, name, password_hash, role, org_unit_id) VALUES (${t}, ${managerId}, ${`sm-${managerId.slice(0, 8)}@bench.x`}, 'sm', 'x', 'manager', ${units[0]})`,
    );
    await ctx.db.execute(
      sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at) VALUES (${sha256(managerSession)}, ${t}, ${managerId}, now() + interval '1 day')`,
    );
    const asManager = async (path: string) =>
      (await fetch(`${server.base}${path}`, { headers: { cookie: `lcx_session=${managerSession}` } })).json();
    for (const [who, get] of [
      ['owner', (p: string) => call(p)],
      ['store manager', asManager],
    ] as const) {
      const ms: number[] = [];
      let first: { items: unknown[] } | undefined;
      for (let i = 0; i < runs; i++) {
        const r = await timed(() => get('/api/v1/customers?limit=50'));
        ms.push(r.ms);
        first ??= r.r as { items: unknown[] };
      }
      out[`profile list, first page of 50, as ${who}: p50 / p95 ms`] =
        `${pct(ms, 50).toFixed(1)} / ${pct(ms, 95).toFixed(1)} (${first?.items.length} items)`;
      // The segment list: below the root each member count is counted within the caller's scope.
      const segMs: number[] = [];
      let segs: { items: Array<{ memberCount: number }> } | undefined;
      for (let i = 0; i < runs; i++) {
        const r = await timed(() => get('/api/v1/customers/segments'));
        segMs.push(r.ms);
        segs ??= r.r as { items: Array<{ memberCount: number }> };
      }
      out[`segment list, as ${who}: p50 / p95 ms (member counts)`] =
        `${pct(segMs, 50).toFixed(1)} / ${pct(segMs, 95).toFixed(1)} (${segs?.items.map((x) => x.memberCount).join(', ')})`;
    }
    const [visible] = await rows<{ n: number }>(
      ctx.db,
      sql`SELECT count(DISTINCT customer_id)::int AS n FROM customer_units WHERE tenant_id = ${t} AND org_unit_id = ${units[0]}`,
    );
    out['profiles the store manager may see'] = visible.n;

    // ---- metrics split by tier / segment vs. unsplit, 12 months and 30 days
    const metric = async (body: Record<string, unknown>) => {
      const ms: number[] = [];
      let res: unknown;
      for (let i = 0; i < runs; i++) {
        const r = await timed(() => call('/api/v1/metrics/query', { metric: 'nps', minN: 1, ...body }));
        ms.push(r.ms);
        res = r.r;
      }
      return { p50: pct(ms, 50), p95: pct(ms, 95), res: res as { rows: Array<{ key: string; n: number }> } };
    };
    for (const [label, period] of [
      ['12 months', { from: '2025-12-01', to: END }],
      ['30 days', { from: '2026-11-01', to: END }],
    ] as const) {
      const plain = await metric({ ...period });
      const byTier = await metric({ ...period, groupBy: 'tier' });
      const bySeg = await metric({ ...period, segmentId });
      const trend = await metric({ ...period, groupBy: 'month', tier: 'gold' });
      out[`NPS ${label}, everyone: p50 / p95 ms`] = `${plain.p50.toFixed(1)} / ${plain.p95.toFixed(1)}`;
      out[`NPS ${label}, by tier: p50 / p95 ms (ratio to everyone, p95)`] =
        `${byTier.p50.toFixed(1)} / ${byTier.p95.toFixed(1)} (${(byTier.p95 / plain.p95).toFixed(2)}×)`;
      out[`NPS ${label}, one segment: p50 / p95 ms`] = `${bySeg.p50.toFixed(1)} / ${bySeg.p95.toFixed(1)}`;
      out[`NPS ${label}, tier gold by month: p50 / p95 ms`] = `${trend.p50.toFixed(1)} / ${trend.p95.toFixed(1)}`;
      if (label === '12 months') out['by tier: n per tier'] = byTier.res.rows.map((r) => `${r.key} ${r.n}`).join(', ');
    }
    // The rollups agree with a raw join of resolved responses to tiers (and that join is what rollups avoid).
    const rawStart = performance.now();
    const raw = await rows<{ tier: string; n: number }>(
      ctx.db,
      sql`SELECT c.tier, count(*)::int AS n FROM responses r JOIN customers c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id
          WHERE r.tenant_id = ${t} AND c.tier IS NOT NULL AND r.scores ? 'nps' AND r.submitted_at >= '2025-11-30T16:00:00Z' AND r.submitted_at < '2026-11-30T16:00:00Z' GROUP BY c.tier ORDER BY c.tier`,
    );
    out['raw join (responses × customers by tier, 12 months): ms'] = performance.now() - rawStart;
    out['raw: n per tier'] = raw.map((r) => `${r.tier} ${r.n}`).join(', ');
    await server.stop();
    return out;
  },
};
