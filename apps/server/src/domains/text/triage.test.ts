import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { enqueue } from '../../platform/jobs.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { responsesCommittedJob } from '../responses/jobs.ts';

// Triage classes (decision 83) through storage, API filters, corrections and alert rules.
const env = setupTestSuite();
let surveyId: string;
let versionId: string;
let topicId: string;

const drain = async () => {
  while ((await env.runJobs()) > 0);
};

async function respond(unit: keyof TestTenant['units'], why: string, tenant: TestTenant = env.a) {
  const id = randomUUID();
  const at = new Date(env.t.clock.now().getTime() - 60_000).toISOString();
  await env.t.ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, answers, scores, idempotency_key, body_hash, submitted_at)
          VALUES (${tenant.tenantId}, ${id}, ${surveyId}, ${versionId}, ${tenant.units[unit].id}, ${JSON.stringify({ nps: 5, why })}::jsonb, '{"nps":5}'::jsonb, ${id}, 'h', ${at})`,
    );
    await enqueue(tx, responsesCommittedJob, [{ ids: [id] }], { tenantId: tenant.tenantId });
  });
  return id;
}

const TEXTS = {
  complaint: '为什么每次都送错？外卖又晚了一个小时，饭都凉了',
  suggestion: '建议增加夜间配送',
  praise: '味道很好，下次还来',
  question: '请问可以开发票吗？',
  noise: '无',
} as const;

const verbatims = async (query: string, tenant: TestTenant = env.a) =>
  env.inject({ method: 'GET', url: `/api/v1/text/verbatims?${query}`, headers: tenant.as('admin') });

beforeAll(async () => {
  surveyId = randomUUID();
  versionId = randomUUID();
  const def = {
    elements: [
      { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
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
  const topic = await env.inject({
    method: 'POST',
    url: '/api/v1/text/taxonomy/topics',
    headers: env.a.as('admin'),
    payload: { code: 'delivery', name: '配送', nameEn: 'delivery', rules: { zh: { include: ['送错', '配送'] } } },
  });
  expect(topic.statusCode).toBe(201);
  topicId = topic.json().id;
  for (const text of Object.values(TEXTS)) await respond('S1', text);
  await respond('S1', TEXTS.complaint, env.b);
  await drain();
});

describe('triage on verbatims and the summary', () => {
  it('every analysed comment carries its class and confidence; ?triage= filters, one class or several', async () => {
    const all = (await verbatims('limit=200')).json().items as Array<{
      text: string;
      triage: string;
      triageConfidence: number;
    }>;
    for (const [label, text] of Object.entries(TEXTS)) {
      const v = all.find((x) => x.text === text);
      expect(v, text).toMatchObject({ triage: label, triageCorrected: false });
      expect(v!.triageConfidence).toBeGreaterThan(0);
    }
    const complaints = (await verbatims('triage=complaint')).json().items;
    expect(complaints.map((v: { text: string }) => v.text)).toEqual([TEXTS.complaint]);
    const two = (await verbatims('triage=complaint,question')).json().items;
    expect(two.map((v: { text: string }) => v.text).sort()).toEqual([TEXTS.complaint, TEXTS.question].sort());
    // Another tenant's complaint is not in tenant A's list, and tenant B sees only its own.
    expect((await verbatims('triage=complaint', env.b)).json().items).toHaveLength(1);
  });

  it('the summary counts every class and ?triage= narrows its totals and topics', async () => {
    const summary = (
      await env.inject({ method: 'GET', url: '/api/v1/text/summary', headers: env.a.as('admin') })
    ).json();
    expect(summary.triage).toEqual({ complaint: 1, suggestion: 1, praise: 1, question: 1, noise: 1, unclassified: 0 });
    expect(summary.total.n).toBe(5);
    const narrowed = (
      await env.inject({ method: 'GET', url: '/api/v1/text/summary?triage=complaint', headers: env.a.as('admin') })
    ).json();
    expect(narrowed.total.n).toBe(1);
    expect(narrowed.topics.find((t: { topicId: string }) => t.topicId === topicId).n).toBe(1);
    expect(narrowed.triage.praise).toBe(1);
  });

  it('answers a bad triage filter with a 422 problem naming the parameter', async () => {
    for (const q of ['triage=bogus', 'triage=', 'triage=complaint,spam', `triage=${'x'.repeat(200)}`]) {
      const res = await verbatims(q);
      expect(res.statusCode, q).toBe(422);
      expect(problem(res).invalidParams?.[0].name, q).toMatch(/^triage/);
    }
    const summary = await env.inject({
      method: 'GET',
      url: '/api/v1/text/summary?triage=1',
      headers: env.a.as('admin'),
    });
    expect(summary.statusCode).toBe(422);
    expect(problem(summary).status).toBe(422);
  });
});

describe('correcting triage', () => {
  it('a person sets the class: kept through reanalysis, sentiment still recomputed, exported for retraining', async () => {
    const [v] = (await verbatims(`q=${encodeURIComponent(TEXTS.question)}`)).json().items;
    const url = `/api/v1/text/analyses/${v.id}`;
    expect((await env.inject({ method: 'PATCH', url, payload: { triage: 'complaint' } })).statusCode).toBe(401);
    expect(
      (await env.inject({ method: 'PATCH', url, headers: env.a.as('storeManager'), payload: { triage: 'complaint' } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await env.inject({ method: 'PATCH', url, headers: env.b.as('owner'), payload: { triage: 'complaint' } }))
        .statusCode,
    ).toBe(404);
    for (const payload of [{ triage: 'spam' }, { triage: 1 }, { triage: null }, { triage: ['complaint'] }]) {
      const bad = await env.inject({ method: 'PATCH', url, headers: env.a.as('admin'), payload });
      expect(bad.statusCode, JSON.stringify(payload)).toBe(422);
      expect(problem(bad).invalidParams?.[0].name).toBe('triage');
    }
    const fixed = await env.inject({
      method: 'PATCH',
      url,
      headers: env.a.as('analyst'),
      payload: { triage: 'complaint' },
    });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({
      triage: 'complaint',
      triageCorrected: true,
      triageConfidence: null,
      corrected: false,
    });
    // A taxonomy change reanalyses history: the person's class stays.
    await env.inject({
      method: 'PATCH',
      url: `/api/v1/text/taxonomy/topics/${topicId}`,
      headers: env.a.as('admin'),
      payload: { rules: { zh: { include: ['送错', '配送', '发票'] } } },
    });
    await drain();
    const [again] = (await verbatims(`q=${encodeURIComponent(TEXTS.question)}`)).json().items;
    expect(again).toMatchObject({ triage: 'complaint', triageCorrected: true });
    // Reanalysis did run on it: the new rule's topic is there (only triage was a person's).
    expect(again.topics.map((t: { code: string }) => t.code)).toContain('delivery');
    const exported = (
      await env.inject({ method: 'GET', url: '/api/v1/text/corrections/export', headers: env.a.as('admin') })
    ).body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(exported).toContainEqual({ text: TEXTS.question, label: again.sentiment, triage: 'complaint' });
  });

  it('a sentiment correction keeps the sentiment but reanalysis still recomputes the triage class', async () => {
    const [v] = (await verbatims(`q=${encodeURIComponent(TEXTS.praise)}`)).json().items;
    const fixed = await env.inject({
      method: 'PATCH',
      url: `/api/v1/text/analyses/${v.id}`,
      headers: env.a.as('admin'),
      payload: { sentiment: 'neutral' },
    });
    expect(fixed.json()).toMatchObject({
      sentiment: 'neutral',
      corrected: true,
      triage: 'praise',
      triageCorrected: false,
    });
    // As if analysed before triage existed.
    await env.t.ctx.db.execute(
      sql`UPDATE text_analyses SET triage = NULL, triage_confidence = NULL WHERE tenant_id = ${env.a.tenantId} AND id = ${v.id}`,
    );
    const before = (
      await env.inject({ method: 'GET', url: '/api/v1/text/summary', headers: env.a.as('admin') })
    ).json();
    expect(before.triage.unclassified).toBe(1);
    await env.inject({
      method: 'PATCH',
      url: `/api/v1/text/taxonomy/topics/${topicId}`,
      headers: env.a.as('admin'),
      payload: { rules: { zh: { include: ['送错', '配送'] } } },
    });
    await drain();
    const [again] = (await verbatims(`q=${encodeURIComponent(TEXTS.praise)}`)).json().items;
    expect(again).toMatchObject({ sentiment: 'neutral', corrected: true, triage: 'praise' });
  });
});

describe('alert rules read triage', () => {
  it("a response rule `{triage} = 'complaint'` opens a ticket for the complaint only", async () => {
    const rule = await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: {
        kind: 'response',
        name: '投诉跟进',
        condition: { expression: "{triage} = 'complaint'" },
        actions: { ticket: { priority: 'high', assign: 'unit_manager' } },
      },
    });
    expect(rule.statusCode).toBe(201);
    const bad = await respond('S2', '骑手态度很差，还少送了一份饮料');
    const fine = await respond('S2', '建议多出几款素食套餐');
    await drain();
    const tickets = async (id: string) =>
      (await env.inject({ method: 'GET', url: `/api/v1/tickets?responseId=${id}`, headers: env.a.as('admin') })).json()
        .items;
    expect(await tickets(bad)).toHaveLength(1);
    expect(await tickets(fine)).toHaveLength(0);
  });

  it('a feedback rule takes triage classes as a criterion and tickets only those items; a bad class is a 422', async () => {
    const ok = await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: {
        kind: 'feedback',
        name: '差评投诉',
        condition: { triage: ['complaint'] },
        actions: { ticket: { priority: 'normal', assign: 'unit_manager' } },
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().condition).toMatchObject({ triage: ['complaint'] });
    const feedback = async (text: string) => {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: env.a.as('admin'),
        payload: { source: 'app_review', text, rating: 2, orgUnitId: env.a.units.S1.id },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const complaint = await feedback('外卖汤洒了一袋子，骑手还不接电话');
    const question = await feedback('请问周末几点开门？');
    await drain();
    const tickets = (await env.inject({ method: 'GET', url: '/api/v1/tickets?limit=100', headers: env.a.as('admin') }))
      .json()
      .items.map((t: { feedbackId: string | null }) => t.feedbackId);
    expect(tickets).toContain(complaint);
    expect(tickets).not.toContain(question);
    const bad = await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: { kind: 'feedback', name: 'x', condition: { triage: ['rant'] }, actions: { notify: { inApp: true } } },
    });
    expect(bad.statusCode).toBe(422);
    expect(problem(bad).status).toBe(422);
  });
});
