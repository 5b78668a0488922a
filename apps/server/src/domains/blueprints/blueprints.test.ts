import { randomUUID } from 'node:crypto';
import { type TBlueprint, ZBlueprint } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';

const s = setupTestSuite();

const post = (user: string, url: string, payload?: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'POST', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const patch = (user: string, url: string, payload: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const get = (user: string, url: string, tenant: TestTenant = s.a) =>
  s.inject({ method: 'GET', url: `/api/v1${url}`, headers: tenant.as(user) });

interface World {
  journeyId: string;
  otherJourneyId: string;
  front: string;
  kitchen: string;
  touchpoint: string;
  otherTouchpoint: string;
}

/** Two teams, a journey with a touchpoint and a second journey with another, inserted for one tenant. */
async function world(tenant: TestTenant): Promise<World> {
  const w = {
    journeyId: randomUUID(),
    otherJourneyId: randomUUID(),
    front: randomUUID(),
    kitchen: randomUUID(),
    touchpoint: randomUUID(),
    otherTouchpoint: randomUUID(),
  };
  const db = s.t.ctx.db;
  await db.execute(
    sql`INSERT INTO teams (tenant_id, id, name) VALUES (${tenant.tenantId}, ${w.front}, '前厅'), (${tenant.tenantId}, ${w.kitchen}, '后厨')`,
  );
  await db.execute(
    sql`INSERT INTO journeys (tenant_id, id, name) VALUES (${tenant.tenantId}, ${w.journeyId}, '堂食'), (${tenant.tenantId}, ${w.otherJourneyId}, '外卖')`,
  );
  await db.execute(
    sql`INSERT INTO touchpoints (tenant_id, id, journey_id, code, name, channel)
        VALUES (${tenant.tenantId}, ${w.touchpoint}, ${w.journeyId}, 'greet', '迎宾', 'interpersonal'),
               (${tenant.tenantId}, ${w.otherTouchpoint}, ${w.otherJourneyId}, 'tw', '外卖', 'digital')`,
  );
  return w;
}

const node = (id: string, kind: string, lane: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind,
  label: `节点 ${id}`,
  stage: 'front',
  lane,
  ...extra,
});

/** start → greet → wait? (yes: queue → cook, no: cook) → pay → end; cook in the kitchen, back stage. */
function graph(w: World) {
  return {
    lanes: [w.front, w.kitchen],
    nodes: [
      node('start', 'start', w.front),
      node('greet', 'step', w.front, {
        touchpointIds: [w.touchpoint],
        raci: { responsible: w.front, accountable: s.a.users.admin.id, consulted: [w.kitchen], informed: [] },
        eventTypes: ['store.visit'],
      }),
      node('wait', 'decision', w.front),
      node('queue', 'step', w.front),
      node('cook', 'step', w.kitchen, { stage: 'back' }),
      node('pay', 'step', w.front),
      node('end', 'end', w.front),
    ],
    edges: [
      { from: 'start', to: 'greet' },
      { from: 'greet', to: 'wait' },
      { from: 'wait', to: 'queue', label: '是' },
      { from: 'wait', to: 'cook', label: '否' },
      { from: 'queue', to: 'cook' },
      { from: 'cook', to: 'pay' },
      { from: 'pay', to: 'end' },
    ],
  };
}

let w: World;
beforeAll(async () => {
  w = await world(s.a);
});

async function newBlueprint(): Promise<TBlueprint> {
  const res = await post('owner', '/blueprints', { journeyId: w.journeyId, name: '堂食服务蓝图', ...graph(w) });
  expect(res.statusCode, res.body).toBe(201);
  return ZBlueprint.parse(res.json());
}

describe('blueprints: validation', () => {
  it('answers 401 without a session, 403 to a store manager, 404 for another tenant’s journey', async () => {
    expect((await s.inject({ method: 'GET', url: '/api/v1/blueprints' })).statusCode).toBe(401);
    const body = { journeyId: w.journeyId, name: 'x', ...graph(w) };
    expect(problem(await post('storeManager', '/blueprints', body)).status).toBe(403);
    expect(problem(await post('manager', '/blueprints', body)).status).toBe(403);
    expect(problem(await post('owner', '/blueprints', body, s.b)).status).toBe(404);
  });

  it('refuses broken drawings with a 422 naming the rule', async () => {
    const g = graph(w);
    const cases: Array<[string, unknown, string]> = [
      ['two starts', { ...g, nodes: [...g.nodes, node('start2', 'start', w.front)] }, 'exactly one start'],
      ['no start', { ...g, nodes: g.nodes.map((n) => (n.id === 'start' ? { ...n, kind: 'step' } : n)) }, 'one start'],
      ['no end', { ...g, nodes: g.nodes.map((n) => (n.id === 'end' ? { ...n, kind: 'step' } : n)) }, 'end node'],
      ['edge to nowhere', { ...g, edges: [...g.edges, { from: 'pay', to: 'ghost' }] }, 'does not exist'],
      ['unreachable', { ...g, nodes: [...g.nodes, node('island', 'step', w.front)] }, 'cannot be reached'],
      [
        'decision with one branch',
        { ...g, edges: g.edges.filter((e) => !(e.from === 'wait' && e.to === 'cook')) },
        'at least two',
      ],
      ['lane not listed', { ...g, lanes: [w.front] }, 'not listed'],
      ['duplicate node', { ...g, nodes: [...g.nodes, node('pay', 'step', w.front)] }, 'used twice'],
      ['self loop', { ...g, edges: [...g.edges, { from: 'pay', to: 'pay' }] }, 'loops'],
      ['out of an end', { ...g, edges: [...g.edges, { from: 'end', to: 'pay' }] }, 'leaves an end'],
    ];
    for (const [name, drawing, reason] of cases) {
      const res = await post('owner', '/blueprints', { journeyId: w.journeyId, name, ...(drawing as object) });
      expect(res.statusCode, name).toBe(422);
      expect(problem(res).detail, name).toContain(reason);
    }
  });

  it('refuses ids that are not the tenant’s or not the journey’s, and malformed input', async () => {
    const g = graph(w);
    const foreignTeam = randomUUID();
    const cases: unknown[] = [
      {
        ...g,
        lanes: [w.front, foreignTeam],
        nodes: g.nodes.map((n) => (n.id === 'cook' ? { ...n, lane: foreignTeam } : n)),
      },
      { ...g, nodes: g.nodes.map((n) => (n.id === 'pay' ? { ...n, touchpointIds: [w.otherTouchpoint] } : n)) },
      { ...g, nodes: g.nodes.map((n) => (n.id === 'pay' ? { ...n, raci: { responsible: s.b.users.admin.id } } : n)) },
      { ...g, nodes: g.nodes.map((n) => (n.id === 'pay' ? { ...n, kind: 'gateway' } : n)) },
      { ...g, nodes: g.nodes.map((n) => (n.id === 'pay' ? { ...n, id: 'Pay Now!' } : n)) },
      { ...g, nodes: 'lots' },
      { ...g, lanes: [] },
    ];
    for (const drawing of cases) {
      const res = await post('owner', '/blueprints', { journeyId: w.journeyId, name: 'x', ...(drawing as object) });
      expect(problem(res).status, JSON.stringify(drawing).slice(0, 80)).toBe(422);
    }
    const huge = await post('owner', '/blueprints', { journeyId: w.journeyId, name: 'x'.repeat(5000), ...g });
    expect(problem(huge).status).toBe(422);
    expect(problem(await patch('owner', `/blueprints/${randomUUID()}`, { nodes: g.nodes })).status).toBe(422);
  });
});

describe('blueprints: versions and reading', () => {
  it('publishes a new version only when the drawing changes, and keeps old versions readable', async () => {
    const b = await newBlueprint();
    expect(b).toMatchObject({ version: 1, currentVersion: 1, journeyName: '堂食' });
    expect(b.lanes.map((l) => l.name)).toEqual(['前厅', '后厨']);
    expect(b.touchpoints.map((t) => t.name)).toEqual(['迎宾']);
    expect(b.parties.find((p) => p.id === s.a.users.admin.id)).toMatchObject({ kind: 'user', name: 'admin' });
    expect(b.nodes.find((n) => n.id === 'greet')).toMatchObject({
      raci: { responsible: w.front, consulted: [w.kitchen], informed: [] },
      eventTypes: ['store.visit'],
      labelEn: null,
    });
    const same = await patch('admin', `/blueprints/${b.id}`, { name: '堂食蓝图', ...graph(w) });
    expect(same.json()).toMatchObject({ name: '堂食蓝图', version: 1, currentVersion: 1 });
    const g = graph(w);
    const moved = {
      ...g,
      lanes: [w.kitchen, w.front],
      nodes: [...g.nodes.slice(0, 6), node('bye', 'step', w.front), g.nodes[6]],
    };
    moved.edges = [...g.edges.filter((e) => e.from !== 'pay'), { from: 'pay', to: 'bye' }, { from: 'bye', to: 'end' }];
    const v2 = ZBlueprint.parse((await patch('admin', `/blueprints/${b.id}`, moved)).json());
    expect(v2).toMatchObject({ version: 2, currentVersion: 2 });
    expect(v2.lanes.map((l) => l.name)).toEqual(['后厨', '前厅']);
    expect(v2.versions.map((v) => v.version)).toEqual([1, 2]);
    const v1 = ZBlueprint.parse((await get('viewer', `/blueprints/${b.id}/versions/1`)).json());
    expect(v1).toMatchObject({ version: 1, currentVersion: 2 });
    expect(v1.nodes.map((n) => n.id)).not.toContain('bye');
    expect(problem(await get('viewer', `/blueprints/${b.id}/versions/3`)).status).toBe(404);
    expect(problem(await get('viewer', `/blueprints/${b.id}/versions/zero`)).status).toBe(422);
    const broken = await patch('admin', `/blueprints/${b.id}`, { ...g, edges: g.edges.slice(1) });
    expect(problem(broken).status).toBe(422);
    expect((await get('owner', `/blueprints/${b.id}`)).json().version).toBe(2);
  });

  it('everyone in the tenant reads; only HQ edits; other tenants get 404', async () => {
    const b = await newBlueprint();
    expect((await get('storeManager', `/blueprints/${b.id}`)).statusCode).toBe(200);
    const list = (await get('viewer', `/blueprints?journeyId=${w.journeyId}`)).json().items as Array<{ id: string }>;
    expect(list.some((x) => x.id === b.id)).toBe(true);
    expect((await get('viewer', `/blueprints?journeyId=${w.otherJourneyId}`)).json().items).toEqual([]);
    expect(problem(await patch('storeManager', `/blueprints/${b.id}`, { name: 'mine' })).status).toBe(403);
    expect(problem(await get('owner', `/blueprints/${b.id}`, s.b)).status).toBe(404);
    expect(problem(await patch('owner', `/blueprints/${b.id}`, { name: 'x' }, s.b)).status).toBe(404);
    expect(problem(await get('owner', `/blueprints/${b.id}/versions/1`, s.b)).status).toBe(404);
    await patch('admin', `/blueprints/${b.id}`, { archived: true });
    expect((await get('viewer', '/blueprints')).json().items.some((x: { id: string }) => x.id === b.id)).toBe(false);
    expect(
      (await get('viewer', '/blueprints?archived=true')).json().items.some((x: { id: string }) => x.id === b.id),
    ).toBe(true);
  });
});

/** F1 fatal w5 → cook, F2 fatal w5 → pay, G1 general w2 → greet, G2 general w1 → greet, G3 general w1 → cook. */
const ITEMS = [
  { code: 'F1', text: '食材过期', severity: 'fatal', weight: 5, nodeId: 'cook' },
  { code: 'F2', text: '少找零', severity: 'fatal', weight: 5, nodeId: 'pay' },
  { code: 'G1', text: '10 秒内问候', severity: 'general', weight: 2, nodeId: 'greet' },
  { code: 'G2', text: '微笑', severity: 'general', weight: 1, nodeId: 'greet' },
  { code: 'G3', text: '出餐整洁', severity: 'general', weight: 1, nodeId: 'cook' },
];
type R = 'pass' | 'fail' | 'na';

describe('checklist items on nodes, and the audit metrics by node', () => {
  let b: TBlueprint;
  let checklistId: string;
  beforeAll(async () => {
    b = await newBlueprint();
    const c = await post('owner', '/checklists', { name: '节点检查', blueprintId: b.id, items: ITEMS });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ blueprintId: b.id });
    expect(c.json().items[0].nodeId).toBe('cook');
    checklistId = c.json().id;
    const audits: Array<[string, Record<string, R>]> = [
      [s.a.units.S1.id, { F1: 'pass', F2: 'fail', G1: 'fail', G2: 'pass', G3: 'pass' }],
      [s.a.units.S1.id, { F1: 'fail', F2: 'pass', G1: 'pass', G2: 'na', G3: 'fail' }],
      [s.a.units.S3.id, { F1: 'pass', F2: 'pass', G1: 'na', G2: 'pass', G3: 'pass' }],
    ];
    for (const [orgUnitId, r] of audits) {
      const a = await post('owner', '/audits', { checklistId, orgUnitId, kind: 'mystery_shop' });
      expect(a.statusCode, a.body).toBe(201);
      const results = Object.entries(r).map(([code, result]) => ({ code, result }));
      const sub = await post('owner', `/audits/${a.json().id}/submit`, { results });
      expect(sub.statusCode, sub.body).toBe(200);
    }
  });

  it('refuses nodes the blueprint lacks, nodes without a blueprint, and another tenant’s blueprint', async () => {
    const ghost = await post('owner', '/checklists', {
      name: 'x',
      blueprintId: b.id,
      items: [{ ...ITEMS[0], nodeId: 'ghost' }],
    });
    expect(problem(ghost).invalidParams?.[0].name).toBe('items');
    const loose = await post('owner', '/checklists', { name: 'x', items: ITEMS });
    expect(problem(loose).invalidParams?.[0].name).toBe('blueprintId');
    expect(
      problem(await post('owner', '/checklists', { name: 'x', blueprintId: b.id, items: ITEMS }, s.b)).status,
    ).toBe(404);
    const unlink = await patch('owner', `/checklists/${checklistId}`, { blueprintId: null });
    expect(problem(unlink).invalidParams?.[0].name).toBe('blueprintId');
  });

  const query = (user: string, metric: string, extra: Record<string, unknown> = {}) =>
    post(user, '/metrics/query', {
      metric,
      from: new Date(Date.now() - 86400_000).toISOString().slice(0, 10),
      to: new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10),
      groupBy: 'node',
      checklistId,
      ...extra,
    });
  const byNode = (res: { json: () => { rows: Array<{ key: string; value: number | null; n: number }> } }) =>
    Object.fromEntries(res.json().rows.map((r) => [r.key.split(':')[1], { value: r.value, n: r.n }]));

  it('computes the fatal and general error rates and the score per node (hand-computed)', async () => {
    const fatal = byNode(await query('owner', 'audit.fatal_error_rate'));
    // cook: F1 failed in 1 of 3 audits; pay: F2 in 1 of 3; greet has no fatal item.
    expect(fatal.cook.value).toBeCloseTo(100 / 3, 6);
    expect(fatal.cook.n).toBe(3);
    expect(fatal.pay.value).toBeCloseTo(100 / 3, 6);
    expect(fatal.greet).toEqual({ value: null, n: 0 });
    const general = byNode(await query('owner', 'audit.general_error_rate'));
    // greet: G1 fail, G2 pass | G1 pass (G2 n/a) | G2 pass (G1 n/a) → 1 of 4; cook: G3 failed 1 of 3.
    expect(general.greet).toEqual({ value: 25, n: 4 });
    expect(general.cook.value).toBeCloseTo(100 / 3, 6);
    const score = byNode(await query('owner', 'audit.score'));
    // greet: 1/3, 2/2, 1/1 of its weight passed → (33.33 + 100 + 100) / 3.
    expect(score.greet.value).toBeCloseTo((100 / 3 + 200) / 3, 6);
    // cook: F1+G3 all passed (6/6), none (0/6), all (6/6).
    expect(score.cook.value).toBeCloseTo(200 / 3, 6);
    const labelled = (await query('owner', 'audit.general_error_rate')).json().rows as Array<{
      key: string;
      label: string;
    }>;
    expect(labelled.find((r) => r.key === `${b.id}:greet`)?.label).toBe('节点 greet');
  });

  it('scopes by unit: a store manager sees their store’s nodes only; other metrics refuse the node grouping', async () => {
    const general = byNode(await query('storeManager', 'audit.general_error_rate'));
    expect(general.greet).toEqual({ value: (1 / 3) * 100, n: 3 });
    expect(
      problem(await query('storeManager', 'audit.general_error_rate', { orgUnitId: s.a.units.S3.id })).status,
    ).toBe(404);
    expect(problem(await query('owner', 'nps', { checklistId: undefined })).status).toBe(422);
    const checks = ZBlueprint.parse((await get('storeManager', `/blueprints/${b.id}`)).json()).checks;
    expect(checks.find((c) => c.code === 'F1')).toMatchObject({ nodeId: 'cook', n: 2, failed: 1, severity: 'fatal' });
    const all = ZBlueprint.parse((await get('owner', `/blueprints/${b.id}`)).json()).checks;
    expect(all.find((c) => c.code === 'F1')).toMatchObject({ n: 3, failed: 1 });
    expect(all.find((c) => c.code === 'G1')).toMatchObject({ nodeId: 'greet', n: 2, failed: 1 });
  });
});
