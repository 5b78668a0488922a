// X → O validation (decision 78): POST /metrics/outcomes over a demo-sized history, with and without the index of
// migration 0090.
//
//   npm run bench -- --only=outcomes [--db=pglite|postgres] [--quick]
//
// 24 stores; 30,000 NPS answers over 180 days by 6,000 customers (≈ 45 % of the demo's 50,000+ answers are by
// members); 150,000 orders and 60,000 calls of the same customers, written in SQL. Times the HQ question (every
// response of the chain, 30-day window) and one store's through HTTP; on PGlite also without
// `events_customer_type_time_idx` (dropped, timed, re-created) to show what the index buys.
import { rows, sql } from '../../apps/server/src/platform/db.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { startBenchServer, timedRead } from '../support.ts';

export const scenario: BenchScenario = {
  name: 'outcomes',
  async run(opts: BenchOptions) {
    const runs = opts.quick ? 5 : 20;
    const server = await startBenchServer(opts);
    const { ctx } = server;
    const t = server.tenant.tenantId;
    const units = await rows<{ id: string }>(
      ctx.db,
      sql`SELECT id FROM org_units WHERE tenant_id = ${t} AND kind = 'store' ORDER BY code`,
    );
    const ids = `{${units.map((u) => u.id).join(',')}}`;
    const NIL = '00000000-0000-0000-0000-000000000000';
    // Customer c's id is a deterministic uuid; its answers' scores and its order counts vary with c.
    const cust = (c: string) => sql.raw(`('00000000-0000-4000-8000-' || lpad(to_hex(${c}), 12, '0'))::uuid`);
    await ctx.db.execute(
      sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, customer_id, answers, scores,
                                 idempotency_key, body_hash, submitted_at)
          SELECT ${t}, gen_random_uuid(), ${NIL}, ${NIL}, (${ids}::uuid[])[1 + g % 24], ${cust('g % 6000')},
                 '{}'::jsonb, jsonb_build_object('nps', (g * 7919) % 11), 'bench-xo-' || g, '',
                 now() - make_interval(secs => (g * 518.4)::float8)
            FROM generate_series(0, 29999) g`,
    );
    await ctx.db.execute(
      sql`INSERT INTO events (tenant_id, id, type, occurred_at, org_unit_id, customer_id, idempotency_key, source)
          SELECT ${t}, gen_random_uuid(), CASE WHEN g % 7 < 5 THEN 'order.completed' ELSE 'call.inbound' END,
                 now() - make_interval(secs => (g * 74.0571)::float8), (${ids}::uuid[])[1 + g % 24],
                 ${cust('(g * 13) % 6000')}, 'bench-xo-e-' || g, 'bench'
            FROM generate_series(0, 209999) g`,
    );
    await ctx.db.execute(sql`ANALYZE responses`);
    await ctx.db.execute(sql`ANALYZE events`);
    const body = { metric: 'nps', outcomeEventType: 'order.completed', withinDays: 30 };
    const path = '/api/v1/metrics/outcomes';
    const first = (await (
      await fetch(`${server.base}${path}`, {
        method: 'POST',
        headers: { cookie: server.cookie, origin: server.base, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json()) as { groups: Array<{ n: number }>; pending: number; verdict: string };
    const out: Record<string, number | string> = {
      responses: 30_000,
      events: 210_000,
      'complete windows': first.groups.reduce((s, g) => s + g.n, 0),
      pending: first.pending,
      verdict: first.verdict,
    };
    Object.assign(out, await timedRead(server, 'HQ nps 30 d', path, body, runs));
    Object.assign(out, await timedRead(server, 'store nps 30 d', path, { ...body, orgUnitId: units[3].id }, runs));
    Object.assign(
      out,
      await timedRead(server, 'HQ absent 90 d', path, { ...body, outcome: 'absent', withinDays: 90 }, runs),
    );
    if (opts.db === 'pglite') {
      await ctx.db.execute(sql`DROP INDEX events_customer_type_time_idx`);
      Object.assign(out, await timedRead(server, 'HQ nps 30 d, no 0090 index', path, body, Math.min(runs, 5)));
      await ctx.db.execute(
        sql`CREATE INDEX events_customer_type_time_idx ON events (tenant_id, customer_id, type, occurred_at) WHERE customer_id IS NOT NULL`,
      );
    }
    await server.stop();
    return out;
  },
};
