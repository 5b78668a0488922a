// Next-best action (decision 82): GET /customers/:id/next-best-action on a realistic tenant, and a rule's uplift.
//
//   npm run bench -- --only=nba [--db=pglite|postgres] [--quick]
//
// 24 stores; 20,000 customers (tiers, a tag on 1 in 5, a materialised segment of 1 in 10, a member id each);
// 60,000 scored answers over 90 days, a text analysis (sentiment, one topic) on 1 in 4; 3,000 open tickets by member
// id; 100,000 orders; 10 enabled rules over every condition kind, written so most customers match none or a late
// one (every rule is evaluated). Times the GET for distinct customers (the first call records the decision), the
// same customers again (the decision is read back), and the uplift of a rule with 20,000 decisions.
import { randomUUID } from 'node:crypto';
import { rows, sql } from '../../apps/server/src/platform/db.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { percentile, startBenchServer, timedRead } from '../support.ts';

const CUSTOMERS = 20_000;

export const scenario: BenchScenario = {
  name: 'nba',
  async run(opts: BenchOptions) {
    const runs = opts.quick ? 50 : 300;
    const server = await startBenchServer(opts);
    const { ctx } = server;
    const t = server.tenant.tenantId;
    const units = await rows<{ id: string }>(
      ctx.db,
      sql`SELECT id FROM org_units WHERE tenant_id = ${t} AND kind = 'store' ORDER BY code`,
    );
    const ids = `{${units.map((u) => u.id).join(',')}}`;
    const NIL = '00000000-0000-0000-0000-000000000000';
    const cust = (c: string) => sql.raw(`('00000000-0000-4000-8000-' || lpad(to_hex(${c}), 12, '0'))::uuid`);
    const segment = randomUUID();
    const topic = randomUUID();
    await ctx.db.execute(
      sql`INSERT INTO customers (tenant_id, id, tier, first_seen_at, last_seen_at)
          SELECT ${t}, ${cust('g')}, (ARRAY['diamond','platinum','silver','regular'])[1 + g % 4], now() - interval '300 days', now() - make_interval(days => g % 90)
            FROM generate_series(0, ${CUSTOMERS - 1}) g`,
    );
    await ctx.db.execute(
      sql`INSERT INTO customer_identities (tenant_id, kind, value, display, customer_id)
          SELECT ${t}, 'member', 'BM-' || g, 'BM-' || g, ${cust('g')} FROM generate_series(0, ${CUSTOMERS - 1}) g`,
    );
    await ctx.db.execute(
      sql`INSERT INTO customer_units (tenant_id, customer_id, org_unit_id, first_seen_at, last_seen_at)
          SELECT ${t}, ${cust('g')}, (${ids}::uuid[])[1 + g % 24], now() - interval '300 days', now()
            FROM generate_series(0, ${CUSTOMERS - 1}) g`,
    );
    await ctx.db.execute(
      sql`INSERT INTO customer_tags (tenant_id, customer_id, tag, source)
          SELECT ${t}, ${cust('g')}, 'gold', 'manual' FROM generate_series(0, ${CUSTOMERS - 1}, 5) g`,
    );
    await ctx.db.execute(
      sql`INSERT INTO customer_segments (tenant_id, id, name, definition) VALUES (${t}, ${segment}, 'bench', '{"match":"all","conditions":[]}')`,
    );
    await ctx.db.execute(
      sql`INSERT INTO customer_segment_members (tenant_id, segment_id, customer_id)
          SELECT ${t}, ${segment}, ${cust('g')} FROM generate_series(0, ${CUSTOMERS - 1}, 10) g`,
    );
    await ctx.db.execute(
      sql`INSERT INTO text_topics (tenant_id, id, code, name) VALUES (${t}, ${topic}, 'waiting', '等位时间')`,
    );
    await ctx.db.execute(
      sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, customer_id, answers, scores,
                                 idempotency_key, body_hash, submitted_at)
          SELECT ${t}, ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, ${NIL}, ${NIL}, (${ids}::uuid[])[1 + g % 24],
                 ${cust(`g % ${CUSTOMERS}`)}, '{}'::jsonb,
                 jsonb_build_object('nps', (g * 7919) % 11, 'csat', 1 + (g * 31) % 5), 'bench-nba-' || g, '',
                 now() - make_interval(secs => (g * 129.6)::float8)
            FROM generate_series(0, 59999) g`,
    );
    await ctx.db.execute(
      sql`INSERT INTO text_analyses (tenant_id, id, source_kind, source_id, occurred_at, text, language, sentiment, score, topics, model_version, analysed_at)
          SELECT ${t}, gen_random_uuid(), 'response', r.id, r.submitted_at, '等位太久', 'zh',
                 CASE WHEN (r.scores->>'nps')::int <= 6 THEN 'negative' ELSE 'positive' END, 0,
                 jsonb_build_array(jsonb_build_object('topicId', ${topic}::text, 'sentiment', CASE WHEN (r.scores->>'nps')::int <= 6 THEN 'negative' ELSE 'positive' END)),
                 'bench', now()
            FROM responses r WHERE r.tenant_id = ${t} AND r.idempotency_key LIKE 'bench-nba-%' AND (r.scores->>'nps')::int % 4 = 0`,
    );
    await ctx.db.execute(
      sql`INSERT INTO tickets (tenant_id, id, number, source, status, priority, title, org_unit_id, customer_ref)
          SELECT ${t}, gen_random_uuid(), 100000 + g, 'manual', CASE WHEN g % 2 = 0 THEN 'new' ELSE 'closed' END, 'normal', 'bench',
                 (${ids}::uuid[])[1 + g % 24], 'BM-' || ((g * 7) % ${CUSTOMERS})
            FROM generate_series(0, 5999) g`,
    );
    await ctx.db.execute(
      sql`INSERT INTO events (tenant_id, id, type, occurred_at, org_unit_id, customer_id, idempotency_key, source)
          SELECT ${t}, gen_random_uuid(), 'order.completed', now() - make_interval(secs => (g * 77.76)::float8),
                 (${ids}::uuid[])[1 + g % 24], ${cust(`(g * 13) % ${CUSTOMERS}`)}, 'bench-nba-e-' || g, 'bench'
            FROM generate_series(0, 99999) g`,
    );
    for (const table of [
      'customers',
      'customer_tags',
      'customer_segment_members',
      'responses',
      'text_analyses',
      'tickets',
      'events',
    ])
      await ctx.db.execute(sql.raw(`ANALYZE ${table}`));
    const outcome = { eventType: 'order.completed', withinDays: 14 };
    const act = (i: number) => ({ type: 'offer', label: `rule ${i}`, reasonCode: `r${i}` });
    const rules = [
      [
        { kind: 'segment', segmentId: segment },
        { kind: 'tier', tiers: ['diamond'] },
      ],
      [
        { kind: 'lastScore', metric: 'nps', op: 'lte', value: 6, withinDays: 30 },
        { kind: 'openTicket', open: true },
      ],
      [
        { kind: 'topic', topicId: topic, negativeOnly: true, withinDays: 30 },
        { kind: 'tier', tiers: ['platinum'] },
      ],
      [
        { kind: 'tag', tag: 'gold', present: true },
        { kind: 'lastScore', metric: 'nps', op: 'gte', value: 9, withinDays: 90 },
      ],
      [
        { kind: 'sentiment', sentiment: 'negative', withinDays: 7 },
        { kind: 'tier', tiers: ['silver'] },
      ],
      [{ kind: 'lastScore', metric: 'csat', op: 'lte', value: 2, withinDays: 14 }],
      [
        { kind: 'openTicket', open: true },
        { kind: 'tag', tag: 'gold', present: true },
      ],
      [
        { kind: 'tier', tiers: ['regular'] },
        { kind: 'lastScore', metric: 'nps', op: 'eq', value: 8, withinDays: 60 },
      ],
      [
        { kind: 'segment', segmentId: segment },
        { kind: 'sentiment', sentiment: 'positive', withinDays: 90 },
      ],
      [],
    ];
    const ruleIds: string[] = [];
    for (const [i, conditions] of rules.entries())
      ruleIds.push(
        (
          (await server.call('/api/v1/nba/rules', {
            name: `rule ${i}`,
            conditions,
            action: act(i),
            holdoutPct: 10,
            outcome,
          })) as { id: string }
        ).id,
      );
    // Distinct customers spread over the id range: the first call records a decision, the second reads it back.
    const sample = Array.from(
      { length: runs },
      (_, i) => `00000000-0000-4000-8000-${((i * 6007) % CUSTOMERS).toString(16).padStart(12, '0')}`,
    );
    const time = async (label: string) => {
      const ms: number[] = [];
      for (const id of sample) {
        const started = performance.now();
        const res = await fetch(`${server.base}/api/v1/customers/${id}/next-best-action`, {
          headers: { cookie: server.cookie, origin: server.base },
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
        ms.push(performance.now() - started);
      }
      return { [`${label} p50 ms`]: percentile(ms, 50), [`${label} p95 ms`]: percentile(ms, 95) };
    };
    const out: Record<string, number | string> = {
      customers: CUSTOMERS,
      responses: 60_000,
      rules: rules.length,
      'GET runs': runs,
    };
    Object.assign(out, await time('GET first exposure'));
    Object.assign(out, await time('GET repeat'));
    const byRule = await rows<{ rule: number; n: number }>(
      ctx.db,
      sql`SELECT r.priority AS rule, count(d.id)::int AS n FROM nba_rules r LEFT JOIN nba_decisions d ON d.tenant_id = r.tenant_id AND d.rule_id = r.id
           WHERE r.tenant_id = ${t} GROUP BY r.priority ORDER BY r.priority`,
    );
    out['decisions by rule'] = byRule.map((r) => r.n).join('/');
    // Uplift: 20,000 decisions of the catch-all rule over 90 days.
    await ctx.db.execute(
      sql`INSERT INTO nba_decisions (tenant_id, id, rule_id, customer_id, arm, decided_at, action)
          SELECT ${t}, gen_random_uuid(), ${ruleIds[9]}, ${cust('g')}, CASE WHEN g % 10 = 0 THEN 'holdout' ELSE 'treatment' END,
                 now() - make_interval(secs => (g * 388.8)::float8), '{}'::jsonb
            FROM generate_series(0, ${CUSTOMERS - 1}) g
           WHERE NOT EXISTS (SELECT 1 FROM nba_decisions x WHERE x.tenant_id = ${t} AND x.customer_id = ${cust('g')} AND x.rule_id = ${ruleIds[9]})`,
    );
    await ctx.db.execute(sql`ANALYZE nba_decisions`);
    Object.assign(
      out,
      await timedRead(
        server,
        'uplift 20k decisions',
        `/api/v1/nba/rules/${ruleIds[9]}/uplift`,
        undefined,
        opts.quick ? 5 : 20,
      ),
    );
    await server.stop();
    return out;
  },
};
