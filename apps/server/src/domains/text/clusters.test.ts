import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { readsText, responseVariables } from '../alerts/commands/evaluate-response-rules.ts';
import { evaluateCondition } from '../alerts/condition.ts';
import { analyzerFor } from './analyzer-cache.ts';
import { backfillTextClusters } from './commands/assign-clusters.ts';
import { writeAnalyses } from './commands/write-analyses.ts';
import { textVariables } from './queries/text-variables.ts';

const env = setupTestSuite();

/** Feedback texts written through the analysis write path (as `text.analyze` does), `daysAgo` before now. */
async function write(
  tenant: TestTenant,
  unit: keyof TestTenant['units'],
  texts: string[],
  opts: { daysAgo?: number } = {},
) {
  const ids = texts.map(() => randomUUID());
  const at = new Date(env.t.clock.now().getTime() - (opts.daysAgo ?? 0) * 86400_000 - 60_000).toISOString();
  await env.t.ctx.db.transaction(async (tx) =>
    writeAnalyses(
      tx,
      env.t.clock,
      tenant.tenantId,
      await analyzerFor(tx, tenant.tenantId),
      texts.map((text, i) => ({
        sourceKind: 'feedback' as const,
        sourceId: ids[i],
        question: null,
        surveyId: null,
        orgUnitId: tenant.units[unit].id,
        touchpointId: null,
        customerRef: null,
        occurredAt: at,
        text,
      })),
    ),
  );
  return ids;
}

const get = (tenant: TestTenant, role: string, url: string) =>
  env.inject({ method: 'GET', url, headers: tenant.as(role) });

let speedTopic: string;
const S1_SLOW = ['送餐太慢了，等了一个小时', '送餐太慢了!!等了一个多小时', '送餐太慢了，等了一个小时。'];

beforeAll(async () => {
  const res = await env.inject({
    method: 'POST',
    url: '/api/v1/text/taxonomy/topics',
    headers: env.a.as('admin'),
    payload: {
      code: 'speed',
      name: '送餐速度',
      nameEn: 'Delivery speed',
      rules: { zh: { include: ['送餐', '太慢'] } },
    },
  });
  expect(res.statusCode).toBe(201);
  speedTopic = res.json().id;
  // The same complaint five times with small edits (three in S1, two in S3), another twice, one-offs, short noise.
  await write(env.a, 'S1', S1_SLOW);
  await write(env.a, 'S3', ['送餐太慢了，等了快一个小时'], { daysAgo: 3 });
  await write(env.a, 'S3', ['送餐 太慢了，等了一个小时！！'], { daysAgo: 2 });
  await write(env.a, 'S2', ['菜太咸了，根本没法吃', '菜太咸了！根本没法吃啊', '服务员态度很好，下次还来', '好', '好']);
  await write(env.b, 'S1', ['送餐太慢了，等了一个小时', '送餐太慢了，等了一个小时']);
});

describe('GET /text/clusters', () => {
  it('401, 422 problem+json for malformed filters, 404 for another tenant’s unit or topic', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/text/clusters' })).statusCode).toBe(401);
    for (const [query, field] of [
      ['minSize=0', 'minSize'],
      ['minSize=two', 'minSize'],
      ['limit=1000', 'limit'],
      ['sentiment=angry', 'sentiment'],
      ['topicId=not-a-uuid', 'topicId'],
      ['from=yesterday', 'from'],
      ['evil=1', ''],
    ] as const) {
      const res = await get(env.a, 'admin', `/api/v1/text/clusters?${query}`);
      expect(res.statusCode, query).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (field) expect(problem(res).invalidParams?.map((p) => p.name)).toContain(field);
    }
    expect((await get(env.a, 'admin', `/api/v1/text/clusters?orgUnitId=${env.b.units.S1.id}`)).statusCode).toBe(404);
    expect((await get(env.a, 'admin', `/api/v1/text/clusters?topicId=${randomUUID()}`)).statusCode).toBe(404);
  });

  it('the same complaint said five times is one cluster with a count, biggest first, with units and first/last seen', async () => {
    const res = await get(env.a, 'analyst', '/api/v1/text/clusters');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items.map((c: { count: number }) => c.count)).toEqual([5, 2]);
    const [slow, salty] = items;
    expect(slow.representative).toBe('送餐太慢了，等了快一个小时');
    expect(slow.dominantSentiment).toBe('negative');
    expect(slow.topTopic).toMatchObject({ topicId: speedTopic, topic: '送餐速度', nameEn: 'Delivery speed' });
    expect(slow.units.map((u: { code: string; count: number }) => [u.code, u.count])).toEqual([
      [env.a.units.S1.code, 3],
      [env.a.units.S3.code, 2],
    ]);
    expect(Date.parse(slow.firstSeen)).toBeLessThan(Date.parse(slow.lastSeen));
    expect(salty.representative).toMatch(/^菜太咸了/);
    // One-offs and "好" are no repeated need; minSize=1 shows the one-offs (never the too-short ones).
    const all = (await get(env.a, 'analyst', '/api/v1/text/clusters?minSize=1')).json().items;
    expect(all.map((c: { count: number }) => c.count)).toEqual([5, 2, 1]);
  });

  it('is scoped: a store manager counts only their store; filters by unit, period, topic and sentiment', async () => {
    const store = (await get(env.a, 'storeManager', '/api/v1/text/clusters')).json().items;
    expect(store.map((c: { count: number }) => c.count)).toEqual([3]);
    // The text shown is one the caller may see (S1's first), not S3's earlier one.
    expect(S1_SLOW).toContain(store[0].representative);
    expect(store[0].units.map((u: { code: string }) => u.code)).toEqual([env.a.units.S1.code]);
    expect((await get(env.a, 'storeManager', `/api/v1/text/clusters?orgUnitId=${env.a.units.S3.id}`)).statusCode).toBe(
      404,
    );
    const r2 = (await get(env.a, 'admin', `/api/v1/text/clusters?orgUnitId=${env.a.units.R2.id}`)).json().items;
    expect(r2.map((c: { count: number }) => c.count)).toEqual([2]);
    const from = new Date(env.t.clock.now().getTime() - 86400_000).toISOString();
    const recent = (await get(env.a, 'admin', `/api/v1/text/clusters?from=${encodeURIComponent(from)}`)).json().items;
    expect(recent.map((c: { count: number }) => c.count)).toEqual([3, 2]);
    const speed = (await get(env.a, 'admin', `/api/v1/text/clusters?topicId=${speedTopic}&sentiment=negative`)).json()
      .items;
    expect(speed.map((c: { count: number }) => c.count)).toEqual([5]);
    const positive = (await get(env.a, 'admin', '/api/v1/text/clusters?sentiment=positive')).json().items;
    expect(positive).toEqual([]);
    // Tenant b's identical complaints are b's alone.
    const b = (await get(env.b, 'owner', '/api/v1/text/clusters')).json().items;
    expect(b.map((c: { count: number }) => c.count)).toEqual([2]);
    expect(b[0].id).not.toBe(store[0].id);
  });

  it('verbatims carry their cluster and size, and ?cluster= lists its members (404 across tenants, 422 malformed)', async () => {
    const [slow] = (await get(env.a, 'admin', '/api/v1/text/clusters')).json().items;
    const res = await get(env.a, 'admin', `/api/v1/text/verbatims?cluster=${slow.id}`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(5);
    for (const v of items) expect(v.cluster).toEqual({ id: slow.id, size: 5 });
    const store = (await get(env.a, 'storeManager', `/api/v1/text/verbatims?cluster=${slow.id}`)).json().items;
    expect(store).toHaveLength(3);
    expect(store[0].cluster.size).toBe(3);
    const short = (await get(env.a, 'admin', '/api/v1/text/verbatims?q=%E5%A5%BD')).json().items;
    expect(short.filter((v: { text: string }) => v.text === '好').map((v: { cluster: unknown }) => v.cluster)).toEqual([
      null,
      null,
    ]);
    expect((await get(env.a, 'admin', '/api/v1/text/verbatims?cluster=1;drop')).statusCode).toBe(422);
    expect((await get(env.b, 'owner', `/api/v1/text/verbatims?cluster=${slow.id}`)).json().items).toEqual([]);
  });
});

describe('explanations', () => {
  it('each topic says which phrase, which clause and which opinion words decided its polarity', async () => {
    await write(env.a, 'S2', ['味道很好，就是送餐太慢了']);
    const [v] = (await get(env.a, 'admin', `/api/v1/text/verbatims?q=${encodeURIComponent('味道很好')}`)).json().items;
    const speed = v.topics.find((t: { topicId: string }) => t.topicId === speedTopic);
    expect(speed.sentiment).toBe('negative');
    expect(speed.explain.by).toBe('lexicon');
    expect(speed.explain.clauses.map((c: { text: string }) => c.text)).toEqual(['就是送餐太慢了']);
    expect(speed.explain.cues).toContain('太慢');
    const c = speed.explain.clauses[0];
    expect(v.text.slice(c.start, c.end)).toBe(c.text);
  });

  it('after a correction the explanation names the person, and the export still feeds retraining', async () => {
    const [v] = (await get(env.a, 'admin', `/api/v1/text/verbatims?q=${encodeURIComponent('味道很好')}`)).json().items;
    const res = await env.inject({
      method: 'PATCH',
      url: `/api/v1/text/analyses/${v.id}`,
      headers: env.a.as('admin'),
      payload: { sentiment: 'positive' },
    });
    expect(res.statusCode).toBe(200);
    const fixed = res.json();
    const speed = fixed.topics.find((t: { topicId: string }) => t.topicId === speedTopic);
    expect(speed).toMatchObject({ sentiment: 'positive', explain: { by: 'correction', cues: [] } });
    expect(speed.explain.clauses.map((c: { text: string }) => c.text)).toEqual(['就是送餐太慢了']);
    expect(fixed.cluster).toEqual({ id: v.cluster.id, size: 1 });
    const exported = await env.inject({
      method: 'GET',
      url: '/api/v1/text/corrections/export',
      headers: env.a.as('admin'),
    });
    expect(
      exported.body
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    ).toContainEqual(expect.objectContaining({ text: '味道很好，就是送餐太慢了', label: 'positive' }));
  });
});

describe('assignment', () => {
  it('two nodes writing the same complaint at once open one cluster, not two', async () => {
    const text = '骑手把汤洒了一半，打电话也不接';
    let tookLock!: () => void;
    const locked = new Promise<void>((r) => {
      tookLock = r;
    });
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    // Node 1 writes and holds its transaction open; node 2 writes the same text meanwhile.
    const first = env.t.ctx.db.transaction(async (tx) => {
      await writeAnalyses(tx, env.t.clock, env.a.tenantId, await analyzerFor(tx, env.a.tenantId), [
        source(env.a, text),
      ]);
      tookLock();
      await held;
    });
    await locked;
    const second = write(env.a, 'S1', [text]);
    await new Promise((r) => setTimeout(r, 300));
    release();
    await Promise.all([first, second]);
    const clusters = await rows<{ cluster_id: string }>(
      env.t.ctx.db,
      sql`SELECT DISTINCT cluster_id FROM text_analyses WHERE tenant_id = ${env.a.tenantId} AND text = ${text}`,
    );
    expect(clusters).toHaveLength(1);
    expect(clusters[0].cluster_id).not.toBeNull();
  });

  it('history written before clustering is assigned by the backfill, oldest first representing', async () => {
    await write(env.b, 'S2', ['打包的餐盒是破的，汤全漏了！！', '打包的餐盒是破的，汤全都漏了']);
    await env.t.ctx.db.execute(
      sql`UPDATE text_analyses SET cluster_id = NULL, clustered = false WHERE tenant_id = ${env.b.tenantId} AND text LIKE '打包%'`,
    );
    const n = await env.t.ctx.db.transaction((tx) =>
      backfillTextClusters(tx, env.b.tenantId, env.t.clock.now().toISOString()),
    );
    expect(n).toBe(2);
    const b = (await get(env.b, 'owner', '/api/v1/text/clusters')).json().items;
    expect(
      b.map((c: { count: number; representative: string }) => [c.count, c.representative.slice(0, 2)]).sort(),
    ).toEqual([
      [2, '打包'],
      [2, '送餐'],
    ]);
    expect(
      await env.t.ctx.db.transaction((tx) => backfillTextClusters(tx, env.b.tenantId, env.t.clock.now().toISOString())),
    ).toBe(0);
  });
});

describe('alert rules: the same complaint N times', () => {
  it('a feedback rule with clusterSizeAtLeast alerts from the Nth repeat on (422 for a bad count)', async () => {
    const url = '/api/v1/alert-rules';
    for (const bad of [1, 2.5, 'many'])
      expect(
        (
          await env.inject({
            method: 'POST',
            url,
            headers: env.a.as('admin'),
            payload: {
              kind: 'feedback',
              name: 'x',
              condition: { clusterSizeAtLeast: bad },
              actions: { notify: { inApp: true } },
            },
          })
        ).statusCode,
      ).toBe(422);
    const rule = await env.inject({
      method: 'POST',
      url,
      headers: env.a.as('admin'),
      payload: {
        kind: 'feedback',
        name: '同一投诉反复出现',
        condition: { clusterSizeAtLeast: 3 },
        actions: { notify: { inApp: true } },
      },
    });
    expect(rule.statusCode).toBe(201);
    const ids: string[] = [];
    for (const [daysAgo, text] of [
      [3, '外卖袋子里少了一份米饭'],
      [2, '外卖袋子里又少了一份米饭！'],
      [1, '外卖袋子里少了一份米饭。'],
    ] as const) {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: env.a.as('admin'),
        payload: {
          source: 'app_review',
          text,
          orgUnitId: env.a.units.S1.id,
          occurredAt: new Date(env.t.clock.now().getTime() - daysAgo * 86400_000).toISOString(),
        },
      });
      expect(res.statusCode).toBe(201);
      ids.push(res.json().id);
      // Each comment is analysed (and the rules run) before the next arrives.
      while ((await env.runJobs()) > 0);
    }
    const alerted = await rows<{ source_key: string }>(
      env.t.ctx.db,
      sql`SELECT source_key FROM alerts WHERE tenant_id = ${env.a.tenantId} AND rule_id = ${rule.json().id}`,
    );
    expect(alerted.map((a) => a.source_key)).toEqual([ids[2]]);
  });

  it('response rules read {clusterSize}: how many times the text was said in the 30 days up to it', async () => {
    const text = '门店的空调坏了，热得吃不下饭';
    const at = (daysAgo: number) => new Date(env.t.clock.now().getTime() - daysAgo * 86400_000).toISOString();
    const responses = [randomUUID(), randomUUID(), randomUUID()];
    await env.t.ctx.db.transaction(async (tx) =>
      writeAnalyses(
        tx,
        env.t.clock,
        env.a.tenantId,
        await analyzerFor(tx, env.a.tenantId),
        [40, 5, 1].map((daysAgo, i) => ({
          ...source(env.a, text),
          sourceKind: 'response' as const,
          sourceId: responses[i],
          question: 'why',
          occurredAt: at(daysAgo),
        })),
      ),
    );
    const vars = await textVariables(env.t.ctx.db, env.a.tenantId, responses);
    // 40 days ago is outside the 30-day window of the later two.
    expect(responses.map((id) => vars.get(id)?.clusterSize)).toEqual([1, 1, 2]);
    expect(readsText('{clusterSize} >= 20')).toBe(true);
    expect(evaluateCondition('{clusterSize} >= 2', responseVariables(fakeResponse, vars.get(responses[2])))).toBe(true);
    expect(evaluateCondition('{clusterSize} >= 2', responseVariables(fakeResponse, vars.get(responses[1])))).toBe(
      false,
    );
  });
});

const fakeResponse = {
  answers: {},
  scores: {},
  context: null,
  unit_code: null,
  touchpoint_code: null,
} as unknown as Parameters<typeof responseVariables>[0];

function source(tenant: TestTenant, text: string) {
  return {
    sourceKind: 'feedback' as const,
    sourceId: randomUUID(),
    question: null,
    surveyId: null,
    orgUnitId: tenant.units.S1.id,
    touchpointId: null,
    customerRef: null,
    occurredAt: new Date(env.t.clock.now().getTime() - 60_000).toISOString(),
    text,
  };
}
