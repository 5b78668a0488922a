import { beforeAll, describe, expect, it } from 'vitest';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';

const env = setupTestSuite();
let key: string;
let survey5: string;
let survey7: string;
let journeyId: string;
const tp: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
let seq = 0;
const PERIOD = 'from=2026-03-01&to=2026-03-31';

async function survey(definition: unknown, bindings: unknown) {
  const id = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: env.a.as('admin'),
      payload: { name: `map ${seq++}`, definition, bindings },
    })
  ).json().id;
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${id}/publish`, headers: env.a.as('admin') });
  return id;
}

async function load(
  surveyId: string,
  touchpointId: string,
  unit: keyof TestTenant['units'],
  day: string,
  question: string,
  scores: number[],
) {
  const responses = scores.map((s) => ({
    surveyId,
    touchpointId,
    answers: { [question]: s },
    orgUnitCode: env.a.units[unit].code,
    submittedAt: `${day}T04:00:00Z`,
    idempotencyKey: `map-key-${seq++}`,
  }));
  const res = await env.inject({
    method: 'POST',
    url: '/api/v1/responses/batch',
    headers: { authorization: `Bearer ${key}` },
    payload: { responses },
  });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  key = (
    await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: env.a.as('admin'), payload: { name: 'k' } })
  ).json().key;
  survey5 = await survey(
    {
      elements: [
        { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
        { type: 'rating', name: 'csat', rateMin: 1, rateMax: 5 },
        { type: 'rating', name: 'ces', rateMin: 1, rateMax: 7 },
      ],
    },
    { nps: 'nps', csat: 'csat', ces: 'ces' },
  );
  survey7 = await survey(
    { elements: [{ type: 'rating', name: 'sat', rateMin: 1, rateMax: 7 }] },
    { csat: { question: 'sat', scale: 7 } },
  );
  const j = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/journeys',
      headers: env.a.as('admin'),
      payload: { name: '堂食旅程' },
    })
  ).json();
  journeyId = j.id;
  let view = (
    await env.inject({
      method: 'POST',
      url: `/api/v1/journeys/${j.id}/stages`,
      headers: env.a.as('admin'),
      payload: { name: '点餐' },
    })
  ).json();
  view = (
    await env.inject({
      method: 'POST',
      url: `/api/v1/journeys/${j.id}/stages`,
      headers: env.a.as('admin'),
      payload: { name: '就餐' },
    })
  ).json();
  const mk = async (code: string, stage: number, primaryMetric: string, target: number | null) =>
    (
      await env.inject({
        method: 'POST',
        url: '/api/v1/touchpoints',
        headers: env.a.as('admin'),
        payload: { code, name: code, channel: 'physical', stageId: view.stages[stage].id, primaryMetric, target },
      })
    ).json().id as string;
  tp.A = await mk('map-order', 0, 'csat', 80);
  tp.B = await mk('map-dine', 1, 'nps', 20);
  tp.C = await mk('map-pay', 1, 'ces', null);
  // Current period (March): tp A CSAT — S1 3 of 5 top-2 (5-point), S2 2 of 3 (7-point: 7 and 6), S3 2 of 2.
  await load(survey5, tp.A, 'S1', '2026-03-05', 'csat', [5, 5, 4, 3, 2]);
  await load(survey7, tp.A, 'S2', '2026-03-06', 'sat', [7, 6, 5]);
  await load(survey5, tp.A, 'S3', '2026-03-07', 'csat', [5, 5]);
  // Previous period (30 days before): S1 1 of 5.
  await load(survey5, tp.A, 'S1', '2026-02-10', 'csat', [1, 1, 1, 1, 5]);
  // Outside both periods: ignored.
  await load(survey5, tp.A, 'S1', '2026-01-05', 'csat', [1, 1, 1, 1, 1]);
  // tp B NPS: S1 4 promoters, 1 passive, 1 detractor; S3 4 detractors.
  await load(survey5, tp.B, 'S1', '2026-03-10', 'nps', [10, 9, 9, 8, 3, 10]);
  await load(survey5, tp.B, 'S3', '2026-03-11', 'nps', [0, 0, 0, 0]);
  // tp C CES: three answers only (below the default min n of 5).
  await load(survey5, tp.C, 'S1', '2026-03-12', 'ces', [7, 6, 5]);
});

type Card = {
  id: string;
  value: number | null;
  n: number;
  ci: [number, number] | null;
  suppressed: boolean;
  previous: number | null;
  change: number | null;
  significant: boolean;
  target: number | null;
  gap: number | null;
};
const cards = (body: { stages: Array<{ touchpoints: Card[] }> }) =>
  new Map(body.stages.flatMap((s) => s.touchpoints).map((t) => [t.id, t]));

describe('GET /api/v1/journeys/:id/map', () => {
  it('401, 422 on bad periods and parameters, 404 for units outside the caller’s scope or tenant', async () => {
    expect((await env.inject({ method: 'GET', url: `/api/v1/journeys/${journeyId}/map` })).statusCode).toBe(401);
    for (const qs of [
      'from=2026-03-31&to=2026-03-01',
      'from=yesterday',
      'minN=0',
      'orgUnitId=nope',
      'bogus=1',
      'from=2020-01-01&to=2026-01-01',
      'from=2026-02-31',
    ]) {
      const res = await env.inject({
        method: 'GET',
        url: `/api/v1/journeys/${journeyId}/map?${qs}`,
        headers: env.a.as('analyst'),
      });
      expect(res.statusCode, qs).toBe(422);
      expect(problem(res).invalidParams?.length, qs).toBeGreaterThan(0);
    }
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?orgUnitId=${env.b.units.HQ.id}`,
          headers: env.a.as('analyst'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?orgUnitId=${env.a.units.S3.id}`,
          headers: env.a.as('storeManager'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?orgUnitId=${env.a.units.HQ.id}`,
          headers: env.a.as('manager'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/journeys/${journeyId}/map`, headers: env.a.as('agent') }))
        .statusCode,
    ).toBe(403);
  });

  it('shows each touchpoint’s primary metric for the whole tenant, equal to hand-computed values', async () => {
    const res = await env.inject({
      method: 'GET',
      url: `/api/v1/journeys/${journeyId}/map?${PERIOD}`,
      headers: env.a.as('analyst'),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-31',
      previous: { from: '2026-01-30', to: '2026-03-01' },
      orgUnit: { id: env.a.units.HQ.id },
    });
    expect(body.stages.map((s: { name: string; touchpoints: Card[] }) => [s.name, s.touchpoints.length])).toEqual([
      ['点餐', 1],
      ['就餐', 2],
    ]);
    const m = cards(body);
    // A: (3 + 2 + 2) top-2 of 10 on each survey's own scale = 70 %; previous 1 of 5 = 20 %; target 80.
    expect(m.get(tp.A)).toMatchObject({
      value: 70,
      n: 10,
      previous: 20,
      change: 50,
      target: 80,
      gap: -10,
      suppressed: false,
    });
    expect(m.get(tp.A)!.ci![0]).toBeCloseTo(39.68, 1); // Wilson 7/10
    expect(m.get(tp.A)!.ci![1]).toBeCloseTo(89.22, 1);
    // B: promoters 4, detractors 1 + 4, n 10 → NPS −10; target 20 → gap −30; no previous data.
    expect(m.get(tp.B)).toMatchObject({ n: 10, previous: null, change: null, significant: false });
    expect(m.get(tp.B)!.value).toBeCloseTo(-10, 9);
    expect(m.get(tp.B)!.gap).toBeCloseTo(-30, 9);
    // C: CES n 3 < min n 5 → suppressed; with minN=3 the mean 6 shows.
    expect(m.get(tp.C)).toMatchObject({ value: null, n: 3, suppressed: true, gap: null });
    const low = cards(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?${PERIOD}&minN=3`,
          headers: env.a.as('analyst'),
        })
      ).json(),
    );
    expect(low.get(tp.C)).toMatchObject({ value: 6, n: 3, suppressed: false });
    // The metrics engine gives the same NPS for the touchpoint.
    const engine = await env.inject({
      method: 'POST',
      url: '/api/v1/metrics/query',
      headers: env.a.as('analyst'),
      payload: { metric: 'nps', touchpointId: tp.B, from: '2026-03-01', to: '2026-03-31' },
    });
    expect(engine.json().rows[0].value).toBe(m.get(tp.B)!.value);
  });

  it('gives the same figures over whole months (monthly rollups) as over the days they hold', async () => {
    // Feb + March 2026 against Dec 2025 + Jan 2026: A = Feb (1 of 5) + March (7 of 10) = 8 of 15; previous Jan 0 of 5.
    const m = cards(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?from=2026-02-01&to=2026-04-01`,
          headers: env.a.as('analyst'),
        })
      ).json(),
    );
    expect(m.get(tp.A)).toMatchObject({ n: 15, previous: 0, suppressed: false });
    expect(m.get(tp.A)!.value).toBeCloseTo((8 / 15) * 100, 9);
    // A period starting mid-month reads the head days from the daily rollups: 2026-01-20 … 2026-03-06 holds S1's
    // 02-10 (1 of 5) and 03-05 (3 of 5); the previous period (2025-12-05 … 01-20) holds 01-05 (0 of 5).
    const mid = cards(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?from=2026-01-20&to=2026-03-06`,
          headers: env.a.as('analyst'),
        })
      ).json(),
    );
    expect(mid.get(tp.A)).toMatchObject({ value: 40, n: 10, previous: 0 });
  });

  it('clips to the caller’s subtree: a store manager’s map shows only their store', async () => {
    const mine = cards(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?${PERIOD}`,
          headers: env.a.as('storeManager'),
        })
      ).json(),
    );
    expect(mine.get(tp.A)).toMatchObject({ value: 60, n: 5, previous: 20, change: 40 });
    expect(mine.get(tp.B)).toMatchObject({ value: 50, n: 6 });
    const region = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/journeys/${journeyId}/map?${PERIOD}`,
        headers: env.a.as('manager'),
      })
    ).json();
    expect(region.orgUnit.id).toBe(env.a.units.R1.id);
    // R1 holds S1 and S2: A = (3 + 2) / 8.
    expect(cards(region).get(tp.A)).toMatchObject({ value: 62.5, n: 8 });
    const s3 = cards(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?${PERIOD}&orgUnitId=${env.a.units.S3.id}`,
          headers: env.a.as('analyst'),
        })
      ).json(),
    );
    expect(s3.get(tp.A)).toMatchObject({ value: null, n: 2, suppressed: true });
    expect(s3.get(tp.B)).toMatchObject({ n: 4, suppressed: true });
  });

  it('marks a significant change against the previous period', async () => {
    await load(
      survey5,
      tp.B,
      'S2',
      '2026-02-15',
      'nps',
      Array.from({ length: 30 }, () => 10),
    );
    const m = cards(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?${PERIOD}`,
          headers: env.a.as('analyst'),
        })
      ).json(),
    );
    expect(m.get(tp.B)).toMatchObject({ previous: 100, significant: true });
    expect(m.get(tp.B)!.change).toBeCloseTo(-110, 9);
  });

  it('counts each touchpoint’s analysed comments in scope and period: share negative and the top negative topic', async () => {
    const admin = env.a.as('admin');
    for (const [code, name, words] of [
      ['speed', '上菜速度', ['上菜', '太慢']],
      ['packaging', '包装', ['包装', '洒了']],
    ] as const) {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/text/taxonomy/topics',
        headers: admin,
        payload: { code, name, nameEn: code, rules: { zh: { include: words } } },
      });
      expect(res.statusCode).toBe(201);
    }
    const post = async (touchpointId: string, unit: keyof TestTenant['units'], day: string, text: string) => {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: admin,
        payload: {
          source: 'app_review',
          text,
          touchpointId,
          orgUnitId: env.a.units[unit].id,
          occurredAt: `${day}T06:00:00Z`,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    const slow = '上菜太慢了，等了一个小时，非常失望';
    const leak = '包装太差了，汤洒了一地，很生气';
    const happy = '味道很好，服务热情，非常满意';
    await post(tp.A, 'S1', '2026-03-08', slow);
    await post(tp.A, 'S1', '2026-03-09', slow);
    await post(tp.A, 'S3', '2026-03-09', leak);
    await post(tp.A, 'S3', '2026-03-10', happy);
    await post(tp.A, 'S1', '2026-02-20', leak); // previous period: not counted
    await post(tp.B, 'S1', '2026-03-11', happy);
    while ((await env.runJobs()) > 0);
    type TextCard = Card & {
      comments: number;
      negativeShare: number | null;
      topNegativeTopic: { code: string; count: number } | null;
    };
    const all = cards(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?${PERIOD}`,
          headers: env.a.as('analyst'),
        })
      ).json(),
    ) as Map<string, TextCard>;
    expect(all.get(tp.A)).toMatchObject({
      comments: 4,
      negativeShare: 75,
      topNegativeTopic: { code: 'speed', count: 2 },
    });
    expect(all.get(tp.B)).toMatchObject({ comments: 1, negativeShare: 0, topNegativeTopic: null });
    expect(all.get(tp.C)).toMatchObject({ comments: 0, negativeShare: null, topNegativeTopic: null });
    // The S3 store's own map: one leak complaint of two comments.
    const s3 = cards(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?${PERIOD}&orgUnitId=${env.a.units.S3.id}`,
          headers: env.a.as('analyst'),
        })
      ).json(),
    ) as Map<string, TextCard>;
    expect(s3.get(tp.A)).toMatchObject({
      comments: 2,
      negativeShare: 50,
      topNegativeTopic: { code: 'packaging', count: 1 },
    });
    // A store manager of S1 sees only S1's comments.
    const mine = cards(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/journeys/${journeyId}/map?${PERIOD}`,
          headers: env.a.as('storeManager'),
        })
      ).json(),
    ) as Map<string, TextCard>;
    expect(mine.get(tp.A)).toMatchObject({
      comments: 2,
      negativeShare: 100,
      topNegativeTopic: { code: 'speed', count: 2 },
    });
  });
});
