import { randomUUID } from 'node:crypto';
import { ZActionDetailResponse, ZActionResponse } from '@loopcx/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import {
  createTestApp,
  createTestTenant,
  injector,
  problem,
  type TestApp,
  type TestTenant,
} from '../../testing/harness.ts';

let t: TestApp;
let a: TestTenant;
let b: TestTenant;
let inject: ReturnType<typeof injector>;
const NIL = '00000000-0000-0000-0000-000000000000';

/** Writes one day's NPS rollup for a unit: `promoters` 10s, `detractors` 2s. */
async function rollup(unitId: string, day: string, promoters: number, detractors: number) {
  const n = promoters + detractors;
  await t.ctx.db.execute(
    sql`INSERT INTO score_rollups (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day, n, sum, sumsq, h2, h10)
        VALUES (${a.tenantId}, ${NIL}, 'nps', ${unitId}, ${NIL}, ${day}, ${n}, ${promoters * 10 + detractors * 2}, ${promoters * 100 + detractors * 4}, ${detractors}, ${promoters})`,
  );
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-01T08:00:00Z');
  a = await createTestTenant(t.ctx);
  b = await createTestTenant(t.ctx);
  inject = injector(t);
  // Before 2026-02-01 every store sits at NPS 0; afterwards S1 (treated) rises to 60, control stores to 20.
  for (let d = 1; d <= 28; d++) {
    const before = `2026-01-${String(d + 3).padStart(2, '0')}`;
    const after = `2026-02-${String(d).padStart(2, '0')}`;
    for (const unit of ['S1', 'S2', 'S3'] as const) await rollup(a.units[unit].id, before, 10, 10);
    await rollup(a.units.S1.id, after, 16, 4);
    await rollup(a.units.S2.id, after, 12, 8);
    await rollup(a.units.S3.id, after, 12, 8);
  }
});
afterAll(async () => t.close());

describe('improvement actions', () => {
  it('measures the effect as a difference-in-differences with a confidence interval', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/actions',
      headers: a.as('manager'),
      payload: { title: '上菜流程优化', metric: 'nps', orgUnitIds: [a.units.S1.id], startDate: '2026-02-01' },
    });
    expect(res.statusCode).toBe(201);
    const detail = (
      await inject({ method: 'GET', url: `/api/v1/actions/${res.json().id}`, headers: a.as('manager') })
    ).json();
    expect(detail.effect.treated.before.value).toBeCloseTo(0, 6);
    expect(detail.effect.treated.after.value).toBeCloseTo(60, 6);
    expect(detail.effect.control.after.value).toBeCloseTo(20, 6);
    expect(detail.effect.effect).toBeCloseTo(40, 6);
    expect(detail.effect.significant).toBe(true);
    expect(detail.effect.ci[0]).toBeGreaterThan(0);
  });

  it('401, 422 on bad input, 404 for units outside scope or another tenant', async () => {
    expect((await inject({ method: 'GET', url: '/api/v1/actions' })).statusCode).toBe(401);
    const bad = await inject({
      method: 'POST',
      url: '/api/v1/actions',
      headers: a.as('admin'),
      payload: { title: 'x', metric: 'vibes', orgUnitIds: [], startDate: 'soon' },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      problem(bad)
        .invalidParams!.map((p) => p.name)
        .sort(),
    ).toEqual(['metric', 'orgUnitIds', 'startDate']);
    const outside = await inject({
      method: 'POST',
      url: '/api/v1/actions',
      headers: a.as('storeManager'),
      payload: { title: 'x', metric: 'nps', orgUnitIds: [a.units.S3.id], startDate: '2026-02-01' },
    });
    expect(outside.statusCode).toBe(404);
    const cross = await inject({
      method: 'POST',
      url: '/api/v1/actions',
      headers: a.as('admin'),
      payload: { title: 'x', metric: 'nps', orgUnitIds: [b.units.S1.id], startDate: '2026-02-01' },
    });
    expect(cross.statusCode).toBe(404);
    expect(
      (await inject({ method: 'GET', url: `/api/v1/actions/${randomUUID()}`, headers: a.as('admin') })).statusCode,
    ).toBe(404);
  });

  it('answers the declared contract only (no tenant id from SELECT a.*) and documents it in OpenAPI', async () => {
    const list = (await inject({ method: 'GET', url: '/api/v1/actions', headers: a.as('manager') })).json().items;
    expect(list.length).toBeGreaterThan(0);
    for (const x of list) expect(Object.keys(x).sort()).toEqual(Object.keys(ZActionResponse.shape).sort());
    const detail = (
      await inject({ method: 'GET', url: `/api/v1/actions/${list[0].id}`, headers: a.as('manager') })
    ).json();
    expect(Object.keys(detail).sort()).toEqual(Object.keys(ZActionDetailResponse.shape).sort());
    const doc = (await inject({ method: 'GET', url: '/api/docs' })).json();
    const answer = doc.paths['/api/v1/actions/{id}'].get.responses['200'].content['application/json'].schema;
    expect(answer.properties.effect.properties.ci).toBeDefined();
  });
});
