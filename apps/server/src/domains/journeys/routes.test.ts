import { ZJourneyResponse, ZTouchpointResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { problem, setupTestSuite } from '../../testing/harness.ts';

const env = setupTestSuite();
const admin = () => env.a.as('admin');
let teamId: string;
let otherTeamId: string;
let surveyId: string;

beforeAll(async () => {
  teamId = (
    await env.inject({ method: 'POST', url: '/api/v1/teams', headers: admin(), payload: { name: '运营部' } })
  ).json().id;
  otherTeamId = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: env.b.as('admin'),
      payload: { name: 'Other tenant team' },
    })
  ).json().id;
  surveyId = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload: { templateId: 'post-dining-csat' },
    })
  ).json().id;
  const cpo = await env.inject({
    method: 'POST',
    url: '/api/v1/metrics',
    headers: admin(),
    payload: { key: 'cpo', name: 'CPO', formula: "count('call.inbound') / count('order.completed')" },
  });
  expect(cpo.statusCode, cpo.body).toBe(201);
});

async function journeyWithStages(names: string[]) {
  const j = await env.inject({
    method: 'POST',
    url: '/api/v1/journeys',
    headers: admin(),
    payload: { name: '堂食旅程', nameEn: 'Dining' },
  });
  expect(j.statusCode).toBe(201);
  let view = j.json();
  for (const name of names)
    view = (
      await env.inject({
        method: 'POST',
        url: `/api/v1/journeys/${view.id}/stages`,
        headers: admin(),
        payload: { name },
      })
    ).json();
  return view as {
    id: string;
    stages: Array<{ id: string; name: string; position: number; touchpoints: Array<{ id: string; code: string }> }>;
  };
}

describe('journeys write API', () => {
  it('401 without a session, 403 for roles that may not edit, 422 on malformed input, 404 across tenants', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/journeys' })).statusCode).toBe(401);
    expect((await env.inject({ method: 'POST', url: '/api/v1/journeys', payload: { name: 'x' } })).statusCode).toBe(
      401,
    );
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/journeys',
          headers: env.a.as('manager'),
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/journeys',
          headers: env.a.as('analyst'),
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    for (const payload of [
      { name: '' },
      { name: 'x'.repeat(201) },
      { name: 42 },
      { name: 'ok', extra: true },
      { name: 'ok', description: 'd'.repeat(2001) },
    ]) {
      const res = await env.inject({ method: 'POST', url: '/api/v1/journeys', headers: admin(), payload });
      expect(res.statusCode).toBe(422);
      expect(problem(res).invalidParams?.length).toBeGreaterThan(0);
    }
    const j = await journeyWithStages(['A']);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/journeys/${j.id}`, headers: env.b.as('owner') })).statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: `/api/v1/journeys/${j.id}`,
          headers: env.b.as('owner'),
          payload: { name: 'stolen' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: `/api/v1/journeys/${j.id}/stages`,
          headers: env.b.as('owner'),
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'DELETE',
          url: `/api/v1/journeys/${j.id}/stages/${j.stages[0].id}`,
          headers: env.b.as('owner'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/journeys/${j.id}/map`, headers: env.b.as('owner') })).statusCode,
    ).toBe(404);
    expect((await env.inject({ method: 'GET', url: '/api/v1/journeys/not-a-uuid', headers: admin() })).statusCode).toBe(
      422,
    );
  });

  it('creates, renames and archives a journey; archived journeys leave the default list', async () => {
    const j = await journeyWithStages([]);
    const renamed = await env.inject({
      method: 'PATCH',
      url: `/api/v1/journeys/${j.id}`,
      headers: admin(),
      payload: { name: '外卖旅程', description: '从下单到评价' },
    });
    expect(renamed.json()).toMatchObject({
      name: '外卖旅程',
      nameEn: 'Dining',
      description: '从下单到评价',
      status: 'active',
    });
    await env.inject({
      method: 'PATCH',
      url: `/api/v1/journeys/${j.id}`,
      headers: admin(),
      payload: { status: 'archived' },
    });
    const active = (await env.inject({ method: 'GET', url: '/api/v1/journeys', headers: env.a.as('viewer') }))
      .json()
      .items.map((x: { id: string }) => x.id);
    expect(active).not.toContain(j.id);
    const all = (
      await env.inject({ method: 'GET', url: '/api/v1/journeys?status=all', headers: env.a.as('viewer') })
    ).json().items;
    expect(all.find((x: { id: string }) => x.id === j.id).status).toBe('archived');
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: `/api/v1/journeys/${j.id}`,
          headers: admin(),
          payload: { status: 'gone' },
        })
      ).statusCode,
    ).toBe(422);
  });

  it('adds stages in order or at a position, renames, reorders (all stages exactly once) and deletes them', async () => {
    const j = await journeyWithStages(['下单', '配送', '评价']);
    expect(j.stages.map((s) => [s.name, s.position])).toEqual([
      ['下单', 0],
      ['配送', 1],
      ['评价', 2],
    ]);
    let view = (
      await env.inject({
        method: 'POST',
        url: `/api/v1/journeys/${j.id}/stages`,
        headers: admin(),
        payload: { name: '备餐', position: 1 },
      })
    ).json();
    expect(view.stages.map((s: { name: string }) => s.name)).toEqual(['下单', '备餐', '配送', '评价']);
    const [order, prep, deliver, review] = view.stages.map((s: { id: string }) => s.id);
    view = (
      await env.inject({
        method: 'PATCH',
        url: `/api/v1/journeys/${j.id}/stages/${deliver}`,
        headers: admin(),
        payload: { name: '骑手配送', nameEn: 'Delivery' },
      })
    ).json();
    expect(view.stages[2]).toMatchObject({ name: '骑手配送', nameEn: 'Delivery' });
    view = (
      await env.inject({
        method: 'PUT',
        url: `/api/v1/journeys/${j.id}/stage-order`,
        headers: admin(),
        payload: { stageIds: [prep, order, deliver, review] },
      })
    ).json();
    expect(view.stages.map((s: { name: string; position: number }) => `${s.position}:${s.name}`)).toEqual([
      '0:备餐',
      '1:下单',
      '2:骑手配送',
      '3:评价',
    ]);
    const partial = await env.inject({
      method: 'PUT',
      url: `/api/v1/journeys/${j.id}/stage-order`,
      headers: admin(),
      payload: { stageIds: [prep, order] },
    });
    expect(partial.statusCode).toBe(422);
    expect(problem(partial).invalidParams?.[0].name).toBe('stageIds');
    const foreign = await env.inject({
      method: 'PUT',
      url: `/api/v1/journeys/${j.id}/stage-order`,
      headers: admin(),
      payload: { stageIds: [prep, order, deliver, review, j.id] },
    });
    expect(problem(foreign).invalidParams?.[0].name).toBe('stageIds.4');
    const twice = await env.inject({
      method: 'PUT',
      url: `/api/v1/journeys/${j.id}/stage-order`,
      headers: admin(),
      payload: { stageIds: [prep, prep, deliver, review] },
    });
    expect(twice.statusCode).toBe(422);
    view = (
      await env.inject({ method: 'DELETE', url: `/api/v1/journeys/${j.id}/stages/${order}`, headers: admin() })
    ).json();
    expect(view.stages.map((s: { name: string; position: number }) => `${s.position}:${s.name}`)).toEqual([
      '0:备餐',
      '1:骑手配送',
      '2:评价',
    ]);
  });

  it('a stage with touchpoints is deleted only by moving them to another stage of the journey (nothing is lost)', async () => {
    const j = await journeyWithStages(['点餐', '上菜']);
    const tp = await env.inject({
      method: 'POST',
      url: '/api/v1/touchpoints',
      headers: admin(),
      payload: { code: `order-${j.id.slice(0, 6)}`, name: '点餐', channel: 'interpersonal', stageId: j.stages[0].id },
    });
    expect(tp.statusCode).toBe(201);
    const refused = await env.inject({
      method: 'DELETE',
      url: `/api/v1/journeys/${j.id}/stages/${j.stages[0].id}`,
      headers: admin(),
    });
    expect(refused.statusCode).toBe(409);
    expect(problem(refused).invalidParams?.[0].name).toBe('moveTouchpointsTo');
    const other = await journeyWithStages(['x']);
    const wrongJourney = await env.inject({
      method: 'DELETE',
      url: `/api/v1/journeys/${j.id}/stages/${j.stages[0].id}?moveTouchpointsTo=${other.stages[0].id}`,
      headers: admin(),
    });
    expect(problem(wrongJourney).invalidParams?.[0].name).toBe('moveTouchpointsTo');
    const view = (
      await env.inject({
        method: 'DELETE',
        url: `/api/v1/journeys/${j.id}/stages/${j.stages[0].id}?moveTouchpointsTo=${j.stages[1].id}`,
        headers: admin(),
      })
    ).json();
    expect(view.stages).toHaveLength(1);
    expect(view.stages[0].touchpoints.map((t: { id: string }) => t.id)).toEqual([tp.json().id]);
  });
});

describe('touchpoints write API', () => {
  it('creates a touchpoint with channel, owner team, RACI, links and target; resolves names', async () => {
    const j = await journeyWithStages(['就餐']);
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/touchpoints',
      headers: admin(),
      payload: {
        code: `dine-${j.id.slice(0, 6)}`,
        name: '就餐体验',
        nameEn: 'Dining',
        channel: 'physical',
        stageId: j.stages[0].id,
        ownerTeamId: teamId,
        raci: { responsible: [teamId], accountable: [env.a.users.storeManager.id], informed: [env.a.users.analyst.id] },
        links: { surveys: [surveyId], metrics: ['csat', 'cpo'], eventTypes: ['order.completed'] },
        primaryMetric: 'csat',
        target: 85,
      },
    });
    expect(res.statusCode).toBe(201);
    const tp = res.json();
    expect(tp).toMatchObject({
      journeyId: j.id,
      stageId: j.stages[0].id,
      position: 0,
      channel: 'physical',
      ownerTeam: { id: teamId, name: '运营部' },
      primaryMetric: 'csat',
      target: 85,
      status: 'active',
    });
    expect(tp.raci.responsible).toEqual([{ id: teamId, kind: 'team', name: '运营部' }]);
    expect(tp.raci.accountable).toEqual([{ id: env.a.users.storeManager.id, kind: 'user', name: 'storeManager' }]);
    expect(tp.raci.consulted).toEqual([]);
    expect(tp.links.surveys).toEqual([{ id: surveyId, name: expect.any(String) }]);
    expect(tp.links).toMatchObject({ metrics: ['csat', 'cpo'], eventTypes: ['order.completed'] });
    const journey = (
      await env.inject({ method: 'GET', url: `/api/v1/journeys/${j.id}`, headers: env.a.as('viewer') })
    ).json();
    expect(journey.stages[0].touchpoints[0].id).toBe(tp.id);
    const list = (await env.inject({ method: 'GET', url: '/api/v1/touchpoints', headers: env.a.as('agent') })).json()
      .items;
    expect(list.map((t: { id: string }) => t.id)).toContain(tp.id);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/touchpoints/${tp.id}`, headers: env.b.as('owner') })).statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: `/api/v1/touchpoints/${tp.id}`,
          headers: env.b.as('owner'),
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('rejects other tenants’ teams, users and surveys, unknown stages, bad channels, keys and targets — each by field', async () => {
    const j = await journeyWithStages(['S']);
    const base = { code: `bad-${j.id.slice(0, 6)}`, name: 'x', channel: 'digital', stageId: j.stages[0].id };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ownerTeamId: otherTeamId }, 'ownerTeamId'],
      [{ raci: { accountable: [env.b.users.owner.id] } }, 'raci.accountable.0'],
      [{ raci: { responsible: [teamId, otherTeamId] } }, 'raci.responsible.1'],
      [{ raci: { accountable: [teamId, env.a.users.admin.id] } }, 'raci.accountable'],
      [{ raci: { owner: [teamId] } }, 'raci'],
      [{ links: { surveys: [env.b.tenantId] } }, 'links.surveys.0'],
      [{ links: { metrics: ['DROP TABLE'] } }, 'links.metrics.0'],
      [{ links: { eventTypes: ['nodot'] } }, 'links.eventTypes.0'],
      [{ links: { eventTypes: ['order.completed', 'made.up'] } }, 'links.eventTypes.1'],
      [{ links: { metrics: ['csat', 'cpo2'] } }, 'links.metrics.1'],
      [{ stageId: env.b.units.S1.id }, 'stageId'],
      [{ channel: 'telepathic' }, 'channel'],
      [{ target: 101 }, 'target'],
      [{ target: 'high' }, 'target'],
      [{ primaryMetric: 'happiness' }, 'primaryMetric'],
      [{ code: 'has space' }, 'code'],
      [{ name: '\u0000'.repeat(300) }, 'name'],
    ];
    for (const [patch, field] of cases) {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/touchpoints',
        headers: admin(),
        payload: { ...base, ...patch },
      });
      expect(res.statusCode, JSON.stringify(patch)).toBe(422);
      expect(
        problem(res).invalidParams?.map((p) => p.name),
        JSON.stringify(patch),
      ).toContain(field);
    }
    expect(
      (await env.inject({ method: 'POST', url: '/api/v1/touchpoints', headers: admin(), payload: base })).statusCode,
    ).toBe(201);
    const dup = await env.inject({ method: 'POST', url: '/api/v1/touchpoints', headers: admin(), payload: base });
    expect(dup.statusCode).toBe(409);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/touchpoints',
          headers: env.a.as('manager'),
          payload: { ...base, code: 'mgr' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('moves a touchpoint between stages and journeys, updates RACI and links, archives it', async () => {
    const a = await journeyWithStages(['A1', 'A2']);
    const b = await journeyWithStages(['B1']);
    const make = async (code: string) =>
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/touchpoints',
          headers: admin(),
          payload: { code, name: code, channel: 'digital', stageId: a.stages[0].id },
        })
      ).json();
    const first = await make(`m1-${a.id.slice(0, 6)}`);
    const second = await make(`m2-${a.id.slice(0, 6)}`);
    expect([first.position, second.position]).toEqual([0, 1]);
    const moved = (
      await env.inject({
        method: 'PATCH',
        url: `/api/v1/touchpoints/${second.id}`,
        headers: admin(),
        payload: { stageId: a.stages[1].id },
      })
    ).json();
    expect(moved).toMatchObject({ stageId: a.stages[1].id, journeyId: a.id, position: 0 });
    const across = (
      await env.inject({
        method: 'PATCH',
        url: `/api/v1/touchpoints/${first.id}`,
        headers: admin(),
        payload: {
          stageId: b.stages[0].id,
          raci: { consulted: [teamId] },
          links: { metrics: ['nps'] },
          primaryMetric: 'nps',
          target: 30,
        },
      })
    ).json();
    expect(across).toMatchObject({
      stageId: b.stages[0].id,
      journeyId: b.id,
      primaryMetric: 'nps',
      target: 30,
      links: { metrics: ['nps'], surveys: [], eventTypes: [] },
    });
    expect(across.raci.consulted).toEqual([{ id: teamId, kind: 'team', name: '运营部' }]);
    const outside = (
      await env.inject({
        method: 'PATCH',
        url: `/api/v1/touchpoints/${first.id}`,
        headers: admin(),
        payload: { stageId: null, target: null },
      })
    ).json();
    expect(outside).toMatchObject({ stageId: null, journeyId: null, target: null });
    await env.inject({
      method: 'PATCH',
      url: `/api/v1/touchpoints/${second.id}`,
      headers: admin(),
      payload: { status: 'archived' },
    });
    const journey = (await env.inject({ method: 'GET', url: `/api/v1/journeys/${a.id}`, headers: admin() })).json();
    expect(journey.stages[1].touchpoints).toEqual([]);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/touchpoints/${second.id}`, headers: admin() })).json().status,
    ).toBe('archived');
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: `/api/v1/touchpoints/${second.id}`,
          headers: admin(),
          payload: { nope: 1 },
        })
      ).statusCode,
    ).toBe(422);
  });
});

describe('journeys response contracts', () => {
  it('answers exactly the contract fields for journeys and touchpoints; OpenAPI documents every journeys answer', async () => {
    const list = await env.inject({ method: 'GET', url: '/api/v1/touchpoints?status=all', headers: admin() });
    expect(list.statusCode).toBe(200);
    for (const tp of list.json().items)
      expect(Object.keys(tp).sort()).toEqual(Object.keys(ZTouchpointResponse.shape).sort());
    const journeys = (await env.inject({ method: 'GET', url: '/api/v1/journeys?status=all', headers: admin() })).json();
    for (const j of journeys.items) expect(Object.keys(j).sort()).toEqual(Object.keys(ZJourneyResponse.shape).sort());
    const doc = (await env.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const answers = (path: string, method: string) => Object.keys(doc.paths[path][method].responses);
    expect(answers('/api/v1/journeys/{id}/map', 'get')).toContain('200');
    expect(answers('/api/v1/journeys', 'post')).toContain('201');
    expect(answers('/api/v1/touchpoints/{id}', 'patch')).toContain('200');
    expect(answers('/api/v1/journeys/{id}/stages/{stageId}', 'delete')).toContain('200');
  });
});
