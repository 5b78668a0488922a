import { ZSavedDashboardResponse } from '@loopcx/shared';
import { describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';

const env = setupTestSuite();
const config = (extra: Record<string, unknown> = {}) => ({ metrics: ['nps', 'csat'], period: { days: 7 }, ...extra });
const save = (who: string, body: Record<string, unknown>) =>
  env.inject({ method: 'POST', url: '/api/v1/dashboards', headers: env.a.as(who), payload: body });

describe('saved dashboards', () => {
  it('401, 403 for roles that may not save, 422 naming the field, 404 across tenants', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/dashboards' })).statusCode).toBe(401);
    expect((await save('viewer', { name: 'x', config: config() })).statusCode).toBe(403);
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/dashboards', headers: env.a.as('agent') })).statusCode,
    ).toBe(403);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '', config: config() }, 'name'],
      [{ name: 'x', config: config({ metrics: [] }) }, 'config.metrics'],
      [{ name: 'x', config: config({ metrics: ['nps; drop table'] }) }, 'config.metrics.0'],
      [{ name: 'x', config: config({ metrics: ['happiness'] }) }, 'config.metrics.0'],
      [{ name: 'x', config: config({ period: { days: 0 } }) }, 'config.period.days'],
      [{ name: 'x', config: config({ period: { from: '2026-03-01', to: '2026-02-01' } }) }, 'config.period.to'],
      [{ name: 'x', config: config({ orgUnitId: env.b.units.HQ.id }) }, 'config.orgUnitId'],
      [{ name: 'x', config: config({ touchpointId: env.b.units.HQ.id }) }, 'config.touchpointId'],
      [{ name: 'x', config: config({ sections: ['tiles', 'pie'] }) }, 'config.sections.1'],
      [{ name: 'x', config: config(), shared: 'yes' }, 'shared'],
      [{ name: 'x', config: config({ layout: 1 }) }, 'config'],
    ];
    for (const [body, field] of cases) {
      const res = await save('analyst', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(
        problem(res).invalidParams?.map((p) => p.name),
        JSON.stringify(body),
      ).toContain(field);
    }
    const mine = (await save('analyst', { name: 'mine', config: config() })).json();
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await env.inject({
        method,
        url: `/api/v1/dashboards/${mine.id}`,
        headers: env.b.as('owner'),
        ...(method === 'PATCH' ? { payload: { name: 'y' } } : {}),
      });
      expect(res.statusCode, method).toBe(404);
    }
  });

  it('a manager cannot save a unit outside their subtree', async () => {
    const res = await save('storeManager', { name: 'x', config: config({ orgUnitId: env.a.units.S3.id }) });
    expect(res.statusCode).toBe(422);
    expect(problem(res).invalidParams?.[0].name).toBe('config.orgUnitId');
    expect(
      (await save('storeManager', { name: 'my store', config: config({ orgUnitId: env.a.units.S1.id }) })).statusCode,
    ).toBe(201);
  });

  it('private dashboards are the owner’s alone; shared ones are read-only for the tenant and clipped to each viewer’s subtree', async () => {
    const priv = (await save('analyst', { name: '私人', config: config() })).json();
    expect(priv).toMatchObject({
      name: '私人',
      shared: false,
      mine: true,
      config: { metrics: ['nps', 'csat'], orgUnitId: null, period: { days: 7 }, rankMetric: 'nps' },
    });
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/dashboards/${priv.id}`, headers: env.a.as('manager') }))
        .statusCode,
    ).toBe(404);
    const created = await save('analyst', {
      name: '区域经理周报',
      shared: true,
      config: config({ orgUnitId: env.a.units.R2.id }),
    });
    expect(created.statusCode).toBe(201);
    const shared = created.json();
    expect(shared).toMatchObject({
      shared: true,
      mine: true,
      effectiveOrgUnitId: env.a.units.R2.id,
      clipped: false,
      owner: { id: env.a.users.analyst.id, name: 'analyst' },
    });
    // The R1 manager sees it, for their own region (R2 is outside their subtree), and may not change or delete it.
    const asManager = (
      await env.inject({ method: 'GET', url: `/api/v1/dashboards/${shared.id}`, headers: env.a.as('manager') })
    ).json();
    expect(asManager).toMatchObject({ mine: false, effectiveOrgUnitId: env.a.units.R1.id, clipped: true });
    const list = (await env.inject({ method: 'GET', url: '/api/v1/dashboards', headers: env.a.as('viewer') }))
      .json()
      .items.map((d: { id: string }) => d.id);
    expect(list).toContain(shared.id);
    expect(list).not.toContain(priv.id);
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: `/api/v1/dashboards/${shared.id}`,
          headers: env.a.as('manager'),
          payload: { name: 'mine now' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await env.inject({ method: 'DELETE', url: `/api/v1/dashboards/${shared.id}`, headers: env.a.as('manager') }))
        .statusCode,
    ).toBe(403);
    // The owner edits and unshares it; then the manager no longer sees it.
    const edited = await env.inject({
      method: 'PATCH',
      url: `/api/v1/dashboards/${shared.id}`,
      headers: env.a.as('analyst'),
      payload: {
        name: 'Regional weekly',
        shared: false,
        config: config({ metrics: ['ces'], period: { from: '2026-01-01', to: '2026-02-01' } }),
      },
    });
    expect(edited.json()).toMatchObject({
      name: 'Regional weekly',
      shared: false,
      config: { metrics: ['ces'], period: { from: '2026-01-01', to: '2026-02-01' } },
    });
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/dashboards/${shared.id}`, headers: env.a.as('manager') }))
        .statusCode,
    ).toBe(404);
  });

  it('deletes: the owner always; an admin only shared ones', async () => {
    const a = (await save('analyst', { name: 'a', shared: true, config: config() })).json();
    const b = (await save('analyst', { name: 'b', config: config() })).json();
    expect(
      (await env.inject({ method: 'DELETE', url: `/api/v1/dashboards/${b.id}`, headers: env.a.as('admin') }))
        .statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'DELETE', url: `/api/v1/dashboards/${a.id}`, headers: env.a.as('admin') }))
        .statusCode,
    ).toBe(204);
    expect(
      (await env.inject({ method: 'DELETE', url: `/api/v1/dashboards/${b.id}`, headers: env.a.as('analyst') }))
        .statusCode,
    ).toBe(204);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/dashboards/${b.id}`, headers: env.a.as('analyst') })).statusCode,
    ).toBe(404);
  });
});

describe('dashboard response contracts', () => {
  it('answers only declared fields: a config key stored outside the contract does not leak; OpenAPI documents answers', async () => {
    const d = (await save('analyst', { name: 'contract', config: config() })).json();
    await env.t.ctx.db.execute(
      sql`UPDATE saved_dashboards SET config = config || '{"internalNote": "x"}'::jsonb WHERE tenant_id = ${env.a.tenantId} AND id = ${d.id}`,
    );
    const res = await env.inject({ method: 'GET', url: `/api/v1/dashboards/${d.id}`, headers: env.a.as('analyst') });
    expect(res.statusCode).toBe(200);
    expect(res.json().config).not.toHaveProperty('internalNote');
    expect(res.json().config.metrics).toEqual(['nps', 'csat']);
    expect(Object.keys(res.json()).sort()).toEqual(Object.keys(ZSavedDashboardResponse.shape).sort());
    const doc = (await env.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const item = doc.paths['/api/v1/dashboards/{id}'];
    expect(Object.keys(item.get.responses['200'].content['application/json'].schema.properties)).toContain('clipped');
    expect(Object.keys(item.delete.responses)).toContain('204');
  });
});
