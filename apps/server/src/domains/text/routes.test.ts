import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { enqueue } from '../../platform/jobs.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { responsesCommittedJob } from '../responses/jobs.ts';

const env = setupTestSuite();
let surveyId: string;
let versionId: string;
const topics: Record<string, string> = {};

const drain = async () => {
  while ((await env.runJobs()) > 0);
};

/** A committed response, as the ingest path leaves it: the row plus its `responses.committed` job. */
async function respond(
  unit: keyof TestTenant['units'],
  answers: Record<string, unknown>,
  opts: { daysAgo?: number; tenant?: TestTenant } = {},
) {
  const tenant = opts.tenant ?? env.a;
  const id = randomUUID();
  const at = new Date(env.t.clock.now().getTime() - (opts.daysAgo ?? 0) * 86400_000 - 60_000).toISOString();
  await env.t.ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, answers, scores, idempotency_key, body_hash, submitted_at)
          VALUES (${tenant.tenantId}, ${id}, ${surveyId}, ${versionId}, ${tenant.units[unit].id}, ${JSON.stringify(answers)}::jsonb, ${JSON.stringify({ nps: answers.nps ?? 5 })}::jsonb, ${id}, 'h', ${at})`,
    );
    await enqueue(tx, responsesCommittedJob, [{ ids: [id] }], { tenantId: tenant.tenantId });
  });
  return id;
}

const topic = (code: string, name: string, zh: string[], en: string[] = []) => ({
  code,
  name,
  nameEn: code,
  rules: { zh: { include: zh }, ...(en.length ? { en: { include: en } } : {}) },
});

beforeAll(async () => {
  surveyId = randomUUID();
  versionId = randomUUID();
  const def = {
    elements: [
      { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
      { type: 'radiogroup', name: 'reason', choices: ['包装漏了', 'other'] },
      { type: 'comment', name: 'why' },
    ],
  };
  for (const t of [env.a, env.b]) {
    await env.t.ctx.db.execute(
      sql`INSERT INTO surveys (tenant_id, id, name, status, definition, bindings) VALUES (${t.tenantId}, ${surveyId}, '外卖满意度', 'live', ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
    );
    await env.t.ctx.db.execute(
      sql`INSERT INTO survey_versions (tenant_id, id, survey_id, version, definition, bindings) VALUES (${t.tenantId}, ${versionId}, ${surveyId}, 1, ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
    );
  }
  for (const spec of [
    topic('packaging', '包装', ['包装', '洒了', '漏汤', '餐盒'], ['packag*', 'leak*']),
    topic('food-safety', '食品安全', ['食品安全', '拉肚子', '异物']),
    topic('speed', '上菜速度', ['上菜', '太慢']),
  ]) {
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/text/taxonomy/topics',
      headers: env.a.as('admin'),
      payload: spec,
    });
    expect(res.statusCode).toBe(201);
    topics[spec.code] = res.json().id;
  }
});

describe('taxonomy', () => {
  it('401, 403 for a manager, 422 naming the field for bad rules, 409 for a duplicate code, 404 across tenants', async () => {
    const url = '/api/v1/text/taxonomy/topics';
    expect((await env.inject({ method: 'GET', url: '/api/v1/text/taxonomy' })).statusCode).toBe(401);
    expect(
      (await env.inject({ method: 'POST', url, headers: env.a.as('manager'), payload: topic('x', 'X', ['x']) }))
        .statusCode,
    ).toBe(403);
    const bad: Array<[Record<string, unknown>, string]> = [
      [topic('Bad Code', '坏', ['x']), 'code'],
      [topic('empty-kw', '空', ['  ']), 'rules.zh.include.0'],
      [topic('long-kw', '长', ['长'.repeat(41)]), 'rules.zh.include.0'],
      [
        topic(
          'many',
          '多',
          Array.from({ length: 201 }, (_, i) => `词${i}`),
        ),
        'rules.zh.include',
      ],
      [{ ...topic('lang', '语言', ['x']), rules: { fr: { include: ['x'] } } }, 'rules'],
      [{ ...topic('nameless', '', ['x']) }, 'name'],
      [{ ...topic('typed', 'T', ['x']), rules: { zh: { include: 'x' } } }, 'rules.zh.include'],
    ];
    for (const [payload, field] of bad) {
      const res = await env.inject({ method: 'POST', url, headers: env.a.as('admin'), payload });
      expect(res.statusCode, field).toBe(422);
      expect(problem(res).invalidParams?.map((p) => p.name)).toContain(field);
    }
    const dup = await env.inject({
      method: 'POST',
      url,
      headers: env.a.as('admin'),
      payload: topic('packaging', '包装2', ['盒子']),
    });
    expect(dup.statusCode).toBe(409);
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: `${url}/${topics.packaging}`,
          headers: env.b.as('owner'),
          payload: { name: '偷改' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'DELETE', url: `${url}/${topics.packaging}`, headers: env.b.as('owner') }))
        .statusCode,
    ).toBe(404);
    const crossParent = await env.inject({
      method: 'POST',
      url,
      headers: env.b.as('owner'),
      payload: { ...topic('child', '子', ['子']), parentId: topics.packaging },
    });
    expect(crossParent.statusCode).toBe(404);
    const self = await env.inject({
      method: 'PATCH',
      url: `${url}/${topics.packaging}`,
      headers: env.a.as('admin'),
      payload: { parentId: topics.packaging },
    });
    expect(problem(self).invalidParams?.[0].name).toBe('parentId');
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/text/taxonomy/install',
          headers: env.a.as('admin'),
          payload: { pack: 'casino' },
        })
      ).statusCode,
    ).toBe(422);
  });

  it('lists the tree with rules; another tenant sees its own (empty) taxonomy', async () => {
    const mine = (
      await env.inject({ method: 'GET', url: '/api/v1/text/taxonomy', headers: env.a.as('analyst') })
    ).json();
    expect(mine.topics.map((t: { code: string }) => t.code)).toEqual(
      expect.arrayContaining(['packaging', 'food-safety', 'speed']),
    );
    expect(mine.topics.find((t: { code: string }) => t.code === 'packaging').rules.zh.include).toContain('漏汤');
    expect(mine.version).toBeGreaterThanOrEqual(3);
    const theirs = (
      await env.inject({ method: 'GET', url: '/api/v1/text/taxonomy', headers: env.b.as('owner') })
    ).json();
    expect(theirs).toMatchObject({ version: 0, topics: [] });
    const packs = (await env.inject({ method: 'GET', url: '/api/v1/text/packs', headers: env.b.as('owner') })).json();
    expect(packs.items.map((p: { key: string }) => p.key)).toEqual([
      'restaurant',
      'retail',
      'hotel',
      'telecom',
      'bank',
    ]);
  });

  it('installs an industry pack for another tenant and re-analyses its history with progress', async () => {
    await respond('S1', { nps: 2, why: '外卖汤洒了，包装太差' }, { tenant: env.b });
    await drain();
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/text/taxonomy/install',
      headers: env.b.as('owner'),
      payload: { pack: 'restaurant' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().topics.length).toBeGreaterThan(3);
    for (const t of res.json().topics) expect(t.code).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    const run = (
      await env.inject({ method: 'GET', url: `/api/v1/text/runs/${res.json().runId}`, headers: env.b.as('owner') })
    ).json();
    expect(run).toMatchObject({ kind: 'reanalysis', status: 'running', total: 1, done: 0 });
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/text/runs/${res.json().runId}`, headers: env.a.as('owner') }))
        .statusCode,
    ).toBe(404);
    await drain();
    const done = (await env.inject({ method: 'GET', url: '/api/v1/text/taxonomy', headers: env.b.as('owner') })).json()
      .reanalysis;
    expect(done).toMatchObject({ status: 'done', done: 1, total: 1, progress: 1 });
    const verbatims = (
      await env.inject({ method: 'GET', url: '/api/v1/text/verbatims', headers: env.b.as('owner') })
    ).json().items;
    expect(verbatims).toHaveLength(1);
    expect(verbatims[0].topics.length).toBeGreaterThan(0);
  });
});

describe('analysis, summary and verbatims', () => {
  let packagingResponse: string;
  beforeAll(async () => {
    packagingResponse = await respond('S1', { nps: 1, reason: '包装漏了', why: '外卖汤全洒了，餐盒漏汤，太失望了' });
    await respond('S1', { nps: 3, why: '上菜太慢了，等了一个小时' });
    await respond('S3', { nps: 2, why: '包装破了，汤洒了一袋子' });
    await respond('S2', { nps: 10, why: '味道很好，服务热情，推荐' });
    await respond('S2', { nps: 9 });
    await drain();
  });

  it('analyses only open-text answers of committed responses (not choice values)', async () => {
    const rowsFor = await env.t.ctx.db.execute(
      sql`SELECT question, sentiment FROM text_analyses WHERE tenant_id = ${env.a.tenantId} AND source_id = ${packagingResponse}`,
    );
    const list = (rowsFor as unknown as { rows: Array<{ question: string; sentiment: string }> }).rows;
    expect(list).toEqual([{ question: 'why', sentiment: 'negative' }]);
  });

  it('summary: topics × sentiment with volume and % negative, scoped to the caller', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/text/summary' })).statusCode).toBe(401);
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/text/summary?from=soon', headers: env.a.as('admin') }))
        .statusCode,
    ).toBe(422);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/text/summary?orgUnitId=${env.b.units.S1.id}`,
          headers: env.a.as('admin'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/text/summary?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
          headers: env.a.as('admin'),
        })
      ).statusCode,
    ).toBe(422);
    const all = (await env.inject({ method: 'GET', url: '/api/v1/text/summary', headers: env.a.as('analyst') })).json();
    const packaging = all.topics.find((t: { code: string }) => t.code === 'packaging');
    expect(packaging).toMatchObject({ n: 2, negative: 2, negativeShare: 100 });
    expect(all.total.n).toBeGreaterThanOrEqual(4);
    const store = (
      await env.inject({ method: 'GET', url: '/api/v1/text/summary', headers: env.a.as('storeManager') })
    ).json();
    expect(store.topics.find((t: { code: string }) => t.code === 'packaging')).toMatchObject({ n: 1 });
    const r2 = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/text/summary?orgUnitId=${env.a.units.R2.id}`,
        headers: env.a.as('admin'),
      })
    ).json();
    expect(r2.topics.find((t: { code: string }) => t.code === 'packaging')).toMatchObject({ n: 1 });
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/text/summary?orgUnitId=${env.a.units.S3.id}`,
          headers: env.a.as('storeManager'),
        })
      ).statusCode,
    ).toBe(404);
  });

  it('verbatims drill down by topic with the matched phrases as highlight offsets', async () => {
    const res = await env.inject({
      method: 'GET',
      url: `/api/v1/text/verbatims?topicId=${topics.packaging}&sentiment=negative`,
      headers: env.a.as('admin'),
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(2);
    for (const v of items) {
      expect(v.highlights.length).toBeGreaterThan(0);
      const marked = v.highlights.map((h: { start: number; end: number }) => v.text.slice(h.start, h.end));
      for (const m of marked) expect(['包装', '洒了', '漏汤', '餐盒']).toContain(m);
    }
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/text/verbatims?topicId=${randomUUID()}`,
          headers: env.a.as('admin'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/text/verbatims?sentiment=angry', headers: env.a.as('admin') }))
        .statusCode,
    ).toBe(422);
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/text/verbatims?limit=100000', headers: env.a.as('admin') }))
        .statusCode,
    ).toBe(422);
    const search = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/text/verbatims?q=${encodeURIComponent('%')}`,
        headers: env.a.as('admin'),
      })
    ).json();
    expect(search.items).toHaveLength(0);
    const store = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/text/verbatims?topicId=${topics.packaging}`,
        headers: env.a.as('storeManager'),
      })
    ).json().items;
    expect(store).toHaveLength(1);
    expect(store[0].orgUnit.id).toBe(env.a.units.S1.id);
    const page1 = (
      await env.inject({ method: 'GET', url: '/api/v1/text/verbatims?limit=2', headers: env.a.as('admin') })
    ).json();
    const page2 = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/text/verbatims?limit=2&cursor=${page1.nextCursor}`,
        headers: env.a.as('admin'),
      })
    ).json();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
  });

  it('trend per topic and the word cloud', async () => {
    const trend = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/text/topics/${topics.packaging}/trend?interval=week`,
        headers: env.a.as('admin'),
      })
    ).json();
    expect(trend.points.reduce((s: number, p: { n: number }) => s + p.n, 0)).toBe(2);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/text/topics/${topics.packaging}/trend`,
          headers: env.b.as('owner'),
        })
      ).statusCode,
    ).toBe(404);
    const cloud = (
      await env.inject({ method: 'GET', url: '/api/v1/text/wordcloud', headers: env.a.as('admin') })
    ).json();
    expect(cloud.terms.length).toBeGreaterThan(0);
    expect(cloud.terms[0]).toMatchObject({ term: expect.any(String), count: expect.any(Number) });
  });

  it('% negative by topic is a metric (POST /metrics/query) with n and a Wilson CI', async () => {
    // An end past the tenant's tomorrow whatever the hour: the period is in tenant days (Asia/Shanghai is UTC+8, so
    // from 16:00 UTC the tenant's day is already the UTC date's next one).
    const today = new Date(env.t.clock.now().getTime() + 2 * 86400_000).toISOString().slice(0, 10);
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/metrics/query',
      headers: env.a.as('analyst'),
      payload: {
        metric: 'text.negative_share',
        topicId: topics.packaging,
        from: '2026-01-01',
        to: today,
        groupBy: 'children',
        minN: 1,
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.parent).toMatchObject({ value: 100, n: 2 });
    expect(body.parent.ci[0]).toBeLessThan(100);
    expect(body.rows.find((r: { key: string }) => r.key === env.a.units.R1.id)).toMatchObject({ value: 100, n: 1 });
    const badTopic = await env.inject({
      method: 'POST',
      url: '/api/v1/metrics/query',
      headers: env.a.as('analyst'),
      payload: { metric: 'nps', topicId: topics.packaging, from: '2026-01-01', to: today },
    });
    expect(problem(badTopic).invalidParams?.[0].name).toBe('topicId');
    const cross = await env.inject({
      method: 'POST',
      url: '/api/v1/metrics/query',
      headers: env.b.as('owner'),
      payload: { metric: 'text.negative_share', topicId: topics.packaging, from: '2026-01-01', to: today },
    });
    expect(cross.statusCode).toBe(404);
  });
});

describe('corrections', () => {
  it('a correction changes what the summary shows, survives reanalysis, and is exported for retraining', async () => {
    await respond('S2', { nps: 8, why: '包装挺好的，没有洒' });
    await drain();
    const [v] = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/text/verbatims?q=${encodeURIComponent('包装挺好')}`,
        headers: env.a.as('admin'),
      })
    ).json().items;
    const before = (await env.inject({ method: 'GET', url: '/api/v1/text/summary', headers: env.a.as('admin') }))
      .json()
      .topics.find((t: { code: string }) => t.code === 'food-safety');
    const url = `/api/v1/text/analyses/${v.id}`;
    expect((await env.inject({ method: 'PATCH', url, payload: { sentiment: 'positive' } })).statusCode).toBe(401);
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url,
          headers: env.a.as('storeManager'),
          payload: { sentiment: 'positive' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await env.inject({ method: 'PATCH', url, headers: env.b.as('owner'), payload: { sentiment: 'positive' } }))
        .statusCode,
    ).toBe(404);
    expect((await env.inject({ method: 'PATCH', url, headers: env.a.as('admin'), payload: {} })).statusCode).toBe(422);
    expect(
      (await env.inject({ method: 'PATCH', url, headers: env.a.as('admin'), payload: { sentiment: 'meh' } }))
        .statusCode,
    ).toBe(422);
    const unknownTopic = await env.inject({
      method: 'PATCH',
      url,
      headers: env.a.as('admin'),
      payload: { topicIds: [randomUUID()] },
    });
    expect(problem(unknownTopic).invalidParams?.[0].name).toBe('topicIds.0');
    const fixed = await env.inject({
      method: 'PATCH',
      url,
      headers: env.a.as('analyst'),
      payload: { sentiment: 'negative', topicIds: [topics.packaging, topics['food-safety']] },
    });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ sentiment: 'negative', corrected: true });
    expect(
      fixed
        .json()
        .topics.map((t: { code: string }) => t.code)
        .sort(),
    ).toEqual(['food-safety', 'packaging']);
    const after = (await env.inject({ method: 'GET', url: '/api/v1/text/summary', headers: env.a.as('admin') }))
      .json()
      .topics.find((t: { code: string }) => t.code === 'food-safety');
    expect(after.n).toBe(before.n + 1);
    expect(after.negative).toBe(before.negative + 1);
    // A taxonomy change re-analyses history, but not what a person corrected.
    await env.inject({
      method: 'PATCH',
      url: `/api/v1/text/taxonomy/topics/${topics.speed}`,
      headers: env.a.as('admin'),
      payload: { rules: { zh: { include: ['上菜', '太慢', '等了'] } } },
    });
    await drain();
    const [again] = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/text/verbatims?q=${encodeURIComponent('包装挺好')}`,
        headers: env.a.as('admin'),
      })
    ).json().items;
    expect(again).toMatchObject({ sentiment: 'negative', corrected: true });
    expect(again.topics.map((t: { code: string }) => t.code).sort()).toEqual(['food-safety', 'packaging']);
    const exported = await env.inject({
      method: 'GET',
      url: '/api/v1/text/corrections/export',
      headers: env.a.as('admin'),
    });
    expect(exported.headers['content-type']).toContain('application/x-ndjson');
    const lines = exported.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toContainEqual({ text: '包装挺好的，没有洒', label: 'negative' });
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/text/corrections/export', headers: env.b.as('owner') })).body,
    ).toBe('');
  });
});

describe('alert rules over text', () => {
  it("a rule `{topics} contains 'food-safety'` opens a ticket once the comment is analysed", async () => {
    const rule = await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: {
        kind: 'response',
        name: '食品安全预警',
        condition: { expression: "{topics} contains 'food-safety'" },
        actions: { ticket: { priority: 'urgent', assign: 'unit_manager' } },
      },
    });
    expect(rule.statusCode).toBe(201);
    const bad = await respond('S1', { nps: 6, why: '吃完拉肚子了，食品安全有问题' });
    const fine = await respond('S1', { nps: 6, why: '包装不错' });
    await drain();
    const tickets = (
      await env.inject({ method: 'GET', url: `/api/v1/tickets?responseId=${bad}`, headers: env.a.as('admin') })
    ).json().items;
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ priority: 'urgent', orgUnitId: env.a.units.S1.id });
    expect(
      (
        await env.inject({ method: 'GET', url: `/api/v1/tickets?responseId=${fine}`, headers: env.a.as('admin') })
      ).json().items,
    ).toHaveLength(0);
    await env.inject({
      method: 'PATCH',
      url: `/api/v1/alert-rules/${rule.json().id}`,
      headers: env.a.as('admin'),
      payload: { enabled: false },
    });
  });
});

describe('discovery', () => {
  it('proposes a planted new term, and accepting it creates a topic that history then carries', async () => {
    for (let i = 0; i < 6; i++)
      await respond(i % 2 ? 'S1' : 'S3', {
        nps: 2,
        why: i % 2 ? '儿童座椅太少了，带孩子很不方便' : '店里的儿童座椅又脏又旧',
      });
    await drain();
    expect((await env.inject({ method: 'POST', url: '/api/v1/text/discovery/run' })).statusCode).toBe(401);
    expect(
      (await env.inject({ method: 'POST', url: '/api/v1/text/discovery/run', headers: env.a.as('manager') }))
        .statusCode,
    ).toBe(403);
    const run = await env.inject({ method: 'POST', url: '/api/v1/text/discovery/run', headers: env.a.as('analyst') });
    expect(run.statusCode).toBe(202);
    await drain();
    const list = (
      await env.inject({ method: 'GET', url: '/api/v1/text/discovery', headers: env.a.as('analyst') })
    ).json();
    expect(list.lastRun).toMatchObject({ status: 'done' });
    const planted = list.items.find((p: { keyword: string }) => p.keyword === '儿童座椅');
    expect(
      planted,
      JSON.stringify(list.items.map((p: { kind: string; term: string }) => `${p.kind}:${p.term}`)),
    ).toBeTruthy();
    expect(planted.evidence.count).toBeGreaterThanOrEqual(3);
    expect(planted.evidence.examples.length).toBeGreaterThan(0);
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/text/discovery', headers: env.b.as('owner') }))
        .json()
        .items.some((p: { keyword: string }) => p.keyword === '儿童座椅'),
    ).toBe(false);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: `/api/v1/text/discovery/${planted.id}/accept`,
          headers: env.b.as('owner'),
          payload: { topicId: topics.speed },
        })
      ).statusCode,
    ).toBe(404);
    const neither = await env.inject({
      method: 'POST',
      url: `/api/v1/text/discovery/${planted.id}/accept`,
      headers: env.a.as('analyst'),
      payload: {},
    });
    expect(neither.statusCode).toBe(422);
    const accepted = await env.inject({
      method: 'POST',
      url: `/api/v1/text/discovery/${planted.id}/accept`,
      headers: env.a.as('analyst'),
      payload: { newTopic: { code: 'child-seats', name: '儿童座椅', nameEn: 'Child seats' } },
    });
    expect(accepted.statusCode).toBe(200);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: `/api/v1/text/discovery/${planted.id}/dismiss`,
          headers: env.a.as('analyst'),
        })
      ).statusCode,
    ).toBe(409);
    await drain();
    const verbatims = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/text/verbatims?topicId=${accepted.json().topicId}`,
        headers: env.a.as('admin'),
      })
    ).json().items;
    expect(verbatims).toHaveLength(6);
    const other = list.items.find((p: { id: string; keyword: string }) => p.id !== planted.id);
    if (other) {
      expect(
        (
          await env.inject({
            method: 'POST',
            url: `/api/v1/text/discovery/${other.id}/dismiss`,
            headers: env.a.as('analyst'),
          })
        ).statusCode,
      ).toBe(200);
      const dismissed = (
        await env.inject({
          method: 'GET',
          url: '/api/v1/text/discovery?status=dismissed',
          headers: env.a.as('analyst'),
        })
      ).json().items;
      expect(dismissed.map((p: { id: string }) => p.id)).toContain(other.id);
    }
  });
});

describe('text response contracts', () => {
  it('answers only declared fields: a rules key stored outside the contract does not leak; OpenAPI documents answers', async () => {
    await env.t.ctx.db.execute(
      sql`UPDATE text_topics SET rules = rules || '{"internalWeights": {"x": 1}}'::jsonb
          WHERE tenant_id = ${env.a.tenantId} AND id = ${topics.packaging}`,
    );
    const res = await env.inject({ method: 'GET', url: '/api/v1/text/taxonomy', headers: env.a.as('owner') });
    expect(res.statusCode).toBe(200);
    const topic = res.json().topics.find((t: { id: string }) => t.id === topics.packaging);
    expect(topic.rules).not.toHaveProperty('internalWeights');
    expect(Object.keys(topic.rules).length).toBeGreaterThan(0);
    const doc = (await env.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const answers = (path: string, method: string) => Object.keys(doc.paths[path][method].responses);
    expect(answers('/api/v1/text/summary', 'get')).toContain('200');
    expect(answers('/api/v1/text/discovery/run', 'post')).toContain('202');
    expect(answers('/api/v1/text/taxonomy/topics', 'post')).toContain('201');
  });
});
