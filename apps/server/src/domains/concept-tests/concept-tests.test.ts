import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/auth.ts';
import { one, sql } from '../../platform/db.ts';
import { databaseErrorOf } from '../../platform/errors.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { analyzeSources } from '../text/commands/analyze-sources.ts';
import { installPack } from '../text/commands/install-pack.ts';
import { answerSurvey } from './demo.ts';

const env = setupTestSuite();

/** A survey whose questions give four approval rules over the same 250 respondents. */
const definition = {
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'rating', name: 'approval', rateMin: 1, rateMax: 5 },
        { type: 'boolean', name: 'buy' },
        { type: 'radiogroup', name: 'pick', choices: ['love', 'like', 'meh', 'no'] },
        { type: 'checkbox', name: 'features', choices: ['a', 'b', 'c'] },
        { type: 'radiogroup', name: 'frequency', choices: ['weekly', 'monthly'] },
        { type: 'comment', name: 'dislikes' },
        { type: 'text', name: 'nickname' },
      ],
    },
  ],
};

/**
 * 250 respondents: approval ≥ 4 for 150 (exactly 60 %), buy = yes for 130 (52 %), pick love/like for 180 (72 %),
 * feature a for 100 (40 %); the first 100 in S1, the rest in S3; weekly visitors are the first 125.
 */
function respondents(t: TestTenant) {
  return Array.from({ length: 250 }, (_, i) => ({
    unit: i < 100 ? t.units.S1 : t.units.S3,
    at: new Date(Date.now() - 3600_000),
    answers: {
      approval: i < 150 ? 4 + (i % 2) : 1 + (i % 3),
      buy: i < 130,
      pick: i < 180 ? (i % 2 ? 'love' : 'like') : i % 2 ? 'meh' : 'no',
      features: i < 100 ? ['a', 'b'] : ['c'],
      frequency: i < 125 ? 'weekly' : 'monthly',
      ...(i >= 200 ? { dislikes: '价格有点贵，太贵了' } : i < 20 ? { dislikes: '上菜太慢了，等了四十分钟' } : {}),
    },
  }));
}

const url = '/api/v1/concept-tests';
let surveyId: string;
let otherSurveyId: string;

const publishedSurvey = async (t: TestTenant, name: string) => {
  const s = await env.inject({
    method: 'POST',
    url: '/api/v1/surveys',
    headers: t.as('admin'),
    payload: { name, definition, bindings: {} },
  });
  expect(s.statusCode, s.body).toBe(201);
  const id = s.json().id as string;
  expect(
    (await env.inject({ method: 'POST', url: `/api/v1/surveys/${id}/publish`, headers: t.as('admin') })).statusCode,
  ).toBe(200);
  return id;
};

const create = (payload: Record<string, unknown>, as = 'admin', t: TestTenant = env.a) =>
  env.inject({ method: 'POST', url, headers: t.as(as), payload: { name: 'Crayfish box', surveyId, ...payload } });

beforeAll(async () => {
  surveyId = await publishedSurvey(env.a, 'Concept survey');
  otherSurveyId = await publishedSurvey(env.b, 'B survey');
  const ids = await answerSurvey(env.t.ctx, env.a.tenantId, surveyId, respondents(env.a), `ct-${surveyId}`);
  const owner: Actor = {
    tenantId: env.a.tenantId,
    kind: 'user',
    id: env.a.users.owner.id,
    role: 'owner',
    orgUnitId: env.a.units.HQ.id,
    orgPath: env.a.units.HQ.path,
  };
  await env.t.ctx.db.transaction((tx) => installPack(tx, env.t.ctx.clock, owner, 'restaurant', 'replace'));
  await analyzeSources(env.t.ctx, env.a.tenantId, 'response', ids);
});

describe('concept tests: create and validate', () => {
  it('401 without a session, 403 for roles that may not create surveys', async () => {
    expect(problem(await env.inject({ method: 'GET', url })).status).toBe(401);
    for (const role of ['viewer', 'analyst', 'manager'])
      expect(problem(await create({ approvalQuestion: 'approval' }, role)).status).toBe(403);
    expect(problem(await env.inject({ method: 'GET', url, headers: env.a.as('agent') })).status).toBe(403);
  });

  it('answers malformed, oversized and wrong-typed bodies with 422 problem+json naming the field', async () => {
    for (const bad of [
      { approvalQuestion: 'approval', threshold: 1.5 },
      { approvalQuestion: 'approval', threshold: 0 },
      { approvalQuestion: 'approval', minN: 0 },
      { approvalQuestion: 'approval', confidence: 0.8 },
      { approvalQuestion: 'approval', extra: true },
      { approvalQuestion: 'x'.repeat(101) },
      { approvalQuestion: 'approval', name: 'n'.repeat(121) },
      { approvalQuestion: 'approval', surveyId: 'not-a-uuid' },
      { approvalQuestion: ['approval'] },
      { approvalQuestion: 'pick', approveValues: Array.from({ length: 51 }, (_, i) => `v${i}`) },
    ])
      expect(problem(await create(bad)).status, JSON.stringify(bad).slice(0, 80)).toBe(422);
    const raw = await env.inject({
      method: 'POST',
      url,
      headers: { ...env.a.as('admin'), 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(problem(raw).status).toBe(400);
  });

  it('422 when the approval question is missing, of the wrong type, or its rule does not fit', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ approvalQuestion: 'nope' }, 'approvalQuestion'],
      [{ approvalQuestion: 'dislikes' }, 'approvalQuestion'],
      [{ approvalQuestion: 'nickname' }, 'approvalQuestion'],
      [{ approvalQuestion: 'approval', approveAtLeast: 6 }, 'approveAtLeast'],
      [{ approvalQuestion: 'approval', approveValues: ['4'] }, 'approveValues'],
      [{ approvalQuestion: 'pick' }, 'approveValues'],
      [{ approvalQuestion: 'pick', approveValues: ['adore'] }, 'approveValues'],
      [{ approvalQuestion: 'pick', approveValues: ['love'], approveAtLeast: 3 }, 'approveAtLeast'],
      [{ approvalQuestion: 'approval', segmentQuestion: 'dislikes' }, 'segmentQuestion'],
      [{ approvalQuestion: 'approval', segmentQuestion: 'approval' }, 'segmentQuestion'],
      [{ approvalQuestion: 'approval', kind: 'sus' }, 'kind'],
    ];
    for (const [body, field] of cases) {
      const p = problem(await create(body));
      expect(p.status, JSON.stringify(body)).toBe(422);
      expect(p.invalidParams?.map((x: { name: string }) => x.name)).toContain(field);
    }
  });

  it("another tenant's survey is 404, as an unknown one", async () => {
    expect(problem(await create({ approvalQuestion: 'approval', surveyId: otherSurveyId })).status).toBe(404);
  });

  it('defaults: threshold 0.6, minN 100, 95 %, top-2-box on a 1–5 rating', async () => {
    const res = await create({ approvalQuestion: 'approval' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      threshold: 0.6,
      minN: 100,
      confidence: 0.95,
      approveAtLeast: 4,
      approvalQuestionType: 'rating',
      status: null,
      surveyName: 'Concept survey',
      product: null,
    });
  });

  it('names a product of the catalogue: listed under it, changed or cleared later; another tenant’s is 422', async () => {
    const product = async (t: TestTenant, code: string) => {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: t.as('admin'),
        payload: { code, name: `${code} bowl`, stage: 'test' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const mine = await product(env.a, 'SALAD');
    const theirs = await product(env.b, 'SALAD');
    const made = await create({ name: 'Salad bowl', approvalQuestion: 'approval', productId: mine });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().product).toEqual({ id: mine, code: 'SALAD', name: 'SALAD bowl' });
    const listed = async (productId: string) =>
      (await env.inject({ method: 'GET', url: `${url}?productId=${productId}`, headers: env.a.as('viewer') }))
        .json()
        .items.map((x: { id: string }) => x.id);
    expect(await listed(mine)).toEqual([made.json().id]);

    expect(problem(await create({ approvalQuestion: 'approval', productId: theirs })).invalidParams?.[0].name).toBe(
      'productId',
    );
    const patch = (payload: Record<string, unknown>) =>
      env.inject({ method: 'PATCH', url: `${url}/${made.json().id}`, headers: env.a.as('admin'), payload });
    expect(problem(await patch({ productId: theirs })).invalidParams?.[0].name).toBe('productId');
    expect((await patch({ productId: null })).json().product).toBeNull();
    expect(await listed(mine)).toEqual([]);
    expect((await patch({ productId: mine })).json().product?.id).toBe(mine);
    expect(
      (await env.inject({ method: 'GET', url: `${url}?productId=not-a-uuid`, headers: env.a.as('viewer') })).statusCode,
    ).toBe(422);
  });
});

describe('concept tests: the gate decision equals the hand-computed interval decision', () => {
  const live = async (body: Record<string, unknown>) => {
    const t = await create(body);
    expect(t.statusCode, t.body).toBe(201);
    const id = t.json().id as string;
    const d = await env.inject({ method: 'GET', url: `${url}/${id}/decision`, headers: env.a.as('viewer') });
    expect(d.statusCode, d.body).toBe(200);
    return { id, d: d.json() };
  };

  it('exactly 60 % (150 of 250) straddles: insufficient, [0.53820, 0.65877]', async () => {
    const { d } = await live({ approvalQuestion: 'approval' });
    expect(d).toMatchObject({ decision: 'insufficient', n: 250, approvals: 150, approval: 0.6 });
    expect(d.ci[0]).toBeCloseTo(0.5382017, 6);
    expect(d.ci[1]).toBeCloseTo(0.6587717, 6);
  });

  it('a yes/no question at 52 % vetoes (upper 0.58116 < 0.6); a choice at 72 % launches (lower 0.66134 ≥ 0.6)', async () => {
    const veto = (await live({ approvalQuestion: 'buy' })).d;
    expect(veto).toMatchObject({ decision: 'veto', n: 250, approvals: 130, approval: 0.52 });
    expect(veto.ci[1]).toBeCloseTo(0.5811576, 6);
    const launch = (await live({ approvalQuestion: 'pick', approveValues: ['love', 'like'] })).d;
    expect(launch).toMatchObject({ decision: 'launch', approvals: 180, approval: 0.72 });
    // k = 180, n = 250: centre 0.7166707, half 0.0553350 → lower 0.6613357
    expect(launch.ci[0]).toBeCloseTo(0.6613357, 6);
    const multi = (await live({ approvalQuestion: 'features', approveValues: ['a'] })).d;
    expect(multi).toMatchObject({ decision: 'veto', approvals: 100, approval: 0.4 });
  });

  it('the threshold and the minimum n move the decision: 72 % with minN 300 is insufficient; at threshold 0.5 the 60 % test launches', async () => {
    expect((await live({ approvalQuestion: 'pick', approveValues: ['love', 'like'], minN: 300 })).d.decision).toBe(
      'insufficient',
    );
    expect((await live({ approvalQuestion: 'approval', threshold: 0.5 })).d.decision).toBe('launch');
    // A stricter cut (only 5s: 75 of 250 = 30 %) vetoes.
    expect((await live({ approvalQuestion: 'approval', approveAtLeast: 5 })).d).toMatchObject({
      decision: 'veto',
      approvals: 75,
    });
  });

  it('evidence: top reasons from the comments, approval by unit (in the caller scope) and by segment answer', async () => {
    const { id, d } = await live({ approvalQuestion: 'buy', segmentQuestion: 'frequency' });
    expect(d.reasons.length).toBeGreaterThan(0);
    const price = d.reasons.find((r: { code: string }) => r.code.includes('price'));
    expect(price, JSON.stringify(d.reasons)).toMatchObject({ n: 50, approvers: 0, others: 50 });
    const units = d.bySegment.filter((s: { by: string }) => s.by === 'unit');
    expect(units.map((u: { key: string; n: number; approvals: number }) => [u.key, u.n, u.approvals])).toEqual([
      [env.a.units.S3.id, 150, 30],
      [env.a.units.S1.id, 100, 100],
    ]);
    const answers = d.bySegment.filter((s: { by: string }) => s.by === 'answer');
    expect(answers.map((a: { key: string; n: number; approvals: number }) => [a.key, a.n, a.approvals])).toEqual([
      ['monthly', 125, 5],
      ['weekly', 125, 125],
    ]);
    const store = await env.inject({ method: 'GET', url: `${url}/${id}/decision`, headers: env.a.as('storeManager') });
    expect(store.json().n).toBe(250);
    expect(
      store
        .json()
        .bySegment.filter((s: { by: string }) => s.by === 'unit')
        .map((u: { key: string }) => u.key),
    ).toEqual([env.a.units.S1.id]);
  });
});

describe('concept tests: recorded decisions', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create({ name: 'Buy test', approvalQuestion: 'buy' })).json().id;
  });

  it('override before any recorded decision is 409', async () => {
    const res = await env.inject({
      method: 'POST',
      url: `${url}/${id}/override`,
      headers: env.a.as('admin'),
      payload: { decision: 'launch', justification: 'Strategic menu slot agreed with the franchisees' },
    });
    expect(problem(res).status).toBe(409);
  });

  it('records the decision with its evidence; the test status follows; the gate settings freeze', async () => {
    expect(
      problem(await env.inject({ method: 'POST', url: `${url}/${id}/decisions`, headers: env.a.as('viewer') })).status,
    ).toBe(403);
    const res = await env.inject({ method: 'POST', url: `${url}/${id}/decisions`, headers: env.a.as('admin') });
    expect(res.statusCode, res.body).toBe(201);
    const rec = res.json();
    expect(rec).toMatchObject({ kind: 'computed', decision: 'veto', overridesId: null, justification: null });
    expect(rec.evidence).toMatchObject({
      n: 250,
      approvals: 130,
      approval: 0.52,
      threshold: 0.6,
      minN: 100,
      confidence: 0.95,
    });
    expect(rec.recordedBy.id).toBe(env.a.users.admin.id);
    const t = (await env.inject({ method: 'GET', url: `${url}/${id}`, headers: env.a.as('viewer') })).json();
    expect(t).toMatchObject({ status: 'veto', statusKind: 'computed' });
    const frozen = await env.inject({
      method: 'PATCH',
      url: `${url}/${id}`,
      headers: env.a.as('admin'),
      payload: { threshold: 0.5 },
    });
    expect(problem(frozen).status).toBe(409);
    const renamed = await env.inject({
      method: 'PATCH',
      url: `${url}/${id}`,
      headers: env.a.as('admin'),
      payload: { name: 'Buy test (v1)' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().name).toBe('Buy test (v1)');
  });

  it('an override needs a justification of at least 20 characters, names the computed record and is audited', async () => {
    for (const payload of [
      { decision: 'launch' },
      { decision: 'launch', justification: 'too short' },
      { decision: 'ship', justification: 'Strategic menu slot agreed with franchisees' },
      { decision: 'launch', justification: ' '.repeat(30) },
      { decision: 'launch', justification: 'x'.repeat(2001) },
    ])
      expect(
        problem(await env.inject({ method: 'POST', url: `${url}/${id}/override`, headers: env.a.as('admin'), payload }))
          .status,
      ).toBe(422);
    const justification = 'Strategic menu slot agreed with the franchisees';
    const res = await env.inject({
      method: 'POST',
      url: `${url}/${id}/override`,
      headers: env.a.as('admin'),
      payload: { decision: 'launch', justification },
    });
    expect(res.statusCode, res.body).toBe(201);
    const history = (
      await env.inject({ method: 'GET', url: `${url}/${id}/decisions`, headers: env.a.as('viewer') })
    ).json().items;
    expect(history.map((h: { kind: string; decision: string }) => [h.kind, h.decision])).toEqual([
      ['computed', 'veto'],
      ['override', 'launch'],
    ]);
    expect(history[1]).toMatchObject({ overridesId: history[0].id, justification });
    expect(history[1].evidence.approval).toBe(0.52);
    expect(
      (await env.inject({ method: 'GET', url: `${url}/${id}`, headers: env.a.as('viewer') })).json(),
    ).toMatchObject({
      status: 'launch',
      statusKind: 'override',
    });
    const logged = await one<{ after: { justification: string } }>(
      env.t.ctx.db,
      sql`SELECT after FROM audit_log WHERE tenant_id = ${env.a.tenantId} AND action = 'concept_test.decision.override' AND target_id = ${id}`,
    );
    expect(logged?.after.justification).toBe(justification);
    const again = await env.inject({
      method: 'POST',
      url: `${url}/${id}/override`,
      headers: env.a.as('admin'),
      payload: { decision: 'launch', justification },
    });
    expect(problem(again).status).toBe(409);
  });

  it('the database refuses to change or delete a recorded decision', async () => {
    for (const stmt of [
      sql`UPDATE concept_test_decisions SET decision = 'launch' WHERE tenant_id = ${env.a.tenantId} AND test_id = ${id}`,
      sql`DELETE FROM concept_test_decisions WHERE tenant_id = ${env.a.tenantId} AND test_id = ${id}`,
    ]) {
      const err = await env.t.ctx.db.execute(stmt).then(
        () => null,
        (e) => e,
      );
      expect(databaseErrorOf(err)?.code).toBe('23001');
    }
    const history = (
      await env.inject({ method: 'GET', url: `${url}/${id}/decisions`, headers: env.a.as('admin') })
    ).json().items;
    expect(history.map((h: { decision: string }) => h.decision)).toEqual(['veto', 'launch']);
  });

  it("another tenant's test is 404 on every route", async () => {
    for (const [method, path, payload] of [
      ['GET', `${url}/${id}`],
      ['GET', `${url}/${id}/decision`],
      ['GET', `${url}/${id}/decisions`],
      ['PATCH', `${url}/${id}`, { name: 'mine now' }],
      ['POST', `${url}/${id}/decisions`],
      ['POST', `${url}/${id}/override`, { decision: 'veto', justification: 'Taking over this test from tenant A' }],
    ] as Array<[string, string, Record<string, unknown>?]>)
      expect(
        problem(await env.inject({ method: method as 'GET', url: path, headers: env.b.as('admin'), payload })).status,
      ).toBe(404);
    const list = (await env.inject({ method: 'GET', url, headers: env.b.as('admin') })).json().items;
    expect(list).toEqual([]);
  });

  it('archiving hides the test from the list and refuses new records', async () => {
    const res = await env.inject({
      method: 'PATCH',
      url: `${url}/${id}`,
      headers: env.a.as('admin'),
      payload: { archived: true },
    });
    expect(res.json().archived).toBe(true);
    const active = (await env.inject({ method: 'GET', url, headers: env.a.as('viewer') })).json().items;
    expect(active.map((t: { id: string }) => t.id)).not.toContain(id);
    const archived = (
      await env.inject({ method: 'GET', url: `${url}?archived=true`, headers: env.a.as('viewer') })
    ).json().items;
    expect(archived.map((t: { id: string }) => t.id)).toContain(id);
    expect(
      problem(await env.inject({ method: 'POST', url: `${url}/${id}/decisions`, headers: env.a.as('admin') })).status,
    ).toBe(409);
  });
});

describe('concept tests: templates', () => {
  it('lists concept, idea screening, SUS and SEQ templates', async () => {
    const res = await env.inject({ method: 'GET', url: `${url}/templates`, headers: env.a.as('viewer') });
    expect(res.json().items.map((t: { id: string; kind: string }) => [t.id, t.kind])).toEqual([
      ['concept', 'concept'],
      ['idea-screening', 'idea'],
      ['usability-sus', 'sus'],
      ['usability-seq', 'seq'],
    ]);
    expect(res.json().items[2].questions).toBe(12);
  });

  it('creates the SUS survey and its test in one go; the decision carries the mean SUS score and its band', async () => {
    expect(
      problem(
        await env.inject({
          method: 'POST',
          url: `${url}/from-template`,
          headers: env.a.as('admin'),
          payload: { templateId: 'nope', name: 'X' },
        }),
      ).status,
    ).toBe(422);
    const res = await env.inject({
      method: 'POST',
      url: `${url}/from-template`,
      headers: env.a.as('admin'),
      payload: { templateId: 'usability-sus', name: 'Mini-program ordering', minN: 2 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const t = res.json();
    expect(t).toMatchObject({
      kind: 'sus',
      approvalQuestion: 'adopt',
      approvalQuestionType: 'boolean',
      minN: 2,
      surveyStatus: 'draft',
    });
    const survey = (
      await env.inject({ method: 'GET', url: `/api/v1/surveys/${t.surveyId}`, headers: env.a.as('admin') })
    ).json();
    const names = survey.definition.pages[0].elements.map((e: { name: string }) => e.name);
    expect(names.slice(0, 10)).toEqual([
      'sus1',
      'sus2',
      'sus3',
      'sus4',
      'sus5',
      'sus6',
      'sus7',
      'sus8',
      'sus9',
      'sus10',
    ]);
    await env.inject({ method: 'POST', url: `/api/v1/surveys/${t.surveyId}/publish`, headers: env.a.as('admin') });
    const items = (xs: number[]) => Object.fromEntries(xs.map((x, i) => [`sus${i + 1}`, x]));
    await answerSurvey(
      env.t.ctx,
      env.a.tenantId,
      t.surveyId,
      [
        { unit: env.a.units.S1, at: new Date(), answers: { ...items([4, 2, 4, 2, 4, 2, 4, 2, 4, 2]), adopt: true } }, // 75
        { unit: env.a.units.S1, at: new Date(), answers: { ...items([5, 1, 4, 2, 3, 2, 4, 3, 5, 1]), adopt: true } }, // 80
        { unit: env.a.units.S1, at: new Date(), answers: { ...items([3, 3, 3, 3, 3, 3, 3, 3, 3, 3]), adopt: false } }, // 50
      ],
      `sus-${t.id}`,
    );
    const d = (await env.inject({ method: 'GET', url: `${url}/${t.id}/decision`, headers: env.a.as('viewer') })).json();
    expect(d.usability).toMatchObject({ kind: 'sus', n: 3, band: 'ok' });
    expect(d.usability.mean).toBeCloseTo(205 / 3, 9);
    expect(d).toMatchObject({ n: 3, approvals: 2 });
  });
});
