import { ZMeResponse, ZTenantSettingsResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';

const env = setupTestSuite();
const keys = new Map<string, string>();
const surveys = new Map<string, string>();

/** A published NPS survey and an API key in a tenant. */
async function prepare(t: TestTenant) {
  const survey = await env.inject({
    method: 'POST',
    url: '/api/v1/surveys',
    headers: t.as('admin'),
    payload: {
      name: 'tz',
      definition: { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] },
      bindings: { nps: 'nps' },
    },
  });
  surveys.set(t.tenantId, survey.json().id);
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${survey.json().id}/publish`, headers: t.as('admin') });
  const key = await env.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: t.as('admin'),
    payload: { name: 'k' },
  });
  keys.set(t.tenantId, key.json().key);
}

beforeAll(async () => {
  await prepare(env.a);
  await prepare(env.b);
});

const submitAt = (t: TestTenant, at: string, n: number) =>
  env.inject({
    method: 'POST',
    url: '/api/v1/responses/batch',
    headers: { authorization: `Bearer ${keys.get(t.tenantId)}` },
    payload: {
      responses: [
        {
          surveyId: surveys.get(t.tenantId),
          answers: { nps: 9 },
          orgUnitCode: t.units.S1.code,
          submittedAt: at,
          idempotencyKey: `tz-${t.tenantId}-${n}`,
        },
      ],
    },
  });
const count = async (t: TestTenant, from: string, to: string) =>
  (
    await env.inject({
      method: 'POST',
      url: '/api/v1/metrics/query',
      headers: t.as('owner'),
      payload: { metric: 'responses', surveyId: surveys.get(t.tenantId), from, to },
    })
  ).json().rows[0].value;

describe('/api/v1/tenant', () => {
  it('401 without a session; every role reads; 403 below admin for changes; 422 for what is not an IANA zone', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/tenant' })).statusCode).toBe(401);
    expect(
      (await env.inject({ method: 'PATCH', url: '/api/v1/tenant', payload: { timezone: 'UTC' } })).statusCode,
    ).toBe(401);
    const read = await env.inject({ method: 'GET', url: '/api/v1/tenant', headers: env.a.as('agent') });
    expect(read.statusCode).toBe(200);
    expect(ZTenantSettingsResponse.parse(read.json())).toMatchObject({ id: env.a.tenantId, timezone: 'Asia/Shanghai' });
    for (const who of ['manager', 'analyst', 'agent', 'viewer']) {
      const res = await env.inject({
        method: 'PATCH',
        url: '/api/v1/tenant',
        headers: env.a.as(who),
        payload: { timezone: 'UTC' },
      });
      expect(res.statusCode, who).toBe(403);
      problem(res);
    }
    for (const timezone of ['Mars/Olympus', '+08:00', 'CST-8', '', 'Asia/Shanghai; DROP TABLE tenants', 8]) {
      const res = await env.inject({
        method: 'PATCH',
        url: '/api/v1/tenant',
        headers: env.a.as('owner'),
        payload: { timezone },
      });
      expect(res.statusCode, String(timezone)).toBe(422);
      expect(problem(res).invalidParams?.[0]?.name).toBe('timezone');
    }
    const extra = await env.inject({
      method: 'PATCH',
      url: '/api/v1/tenant',
      headers: env.a.as('owner'),
      payload: { slug: 'other' },
    });
    expect(extra.statusCode).toBe(422);
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/tenant', headers: env.a.as('owner') })).json().timezone,
    ).toBe('Asia/Shanghai');
  });

  it('an admin changes the zone of their own tenant only; /me carries it; the change is audited', async () => {
    const res = await env.inject({
      method: 'PATCH',
      url: '/api/v1/tenant',
      headers: env.b.as('admin'),
      payload: { timezone: 'America/Los_Angeles' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: env.b.tenantId, timezone: 'America/Los_Angeles' });
    const me = ZMeResponse.parse(
      (await env.inject({ method: 'GET', url: '/api/v1/me', headers: env.b.as('viewer') })).json(),
    );
    expect(me.tenant.timezone).toBe('America/Los_Angeles');
    const other = ZMeResponse.parse(
      (await env.inject({ method: 'GET', url: '/api/v1/me', headers: env.a.as('viewer') })).json(),
    );
    expect(other.tenant.timezone).toBe('Asia/Shanghai');
    const logged = await one<{ data: { timezone: string; previousTimezone: string } }>(
      env.t.ctx.db,
      sql`SELECT after AS data FROM audit_log WHERE tenant_id = ${env.b.tenantId} AND action = 'tenant.update' ORDER BY id DESC LIMIT 1`,
    );
    expect(logged?.data).toMatchObject({ timezone: 'America/Los_Angeles', previousTimezone: 'Asia/Shanghai' });
  });

  it("counts a response on the tenant's day: 18:30 UTC is tomorrow in Shanghai and still today in Los Angeles", async () => {
    // Tenant b is on Los Angeles time since the previous test; a stays on Shanghai time.
    expect((await submitAt(env.a, '2026-12-05T18:30:00Z', 1)).statusCode).toBe(200);
    expect((await submitAt(env.b, '2026-12-05T18:30:00Z', 1)).statusCode).toBe(200);
    expect(await count(env.a, '2026-12-06', '2026-12-07')).toBe(1);
    expect(await count(env.a, '2026-12-05', '2026-12-06')).toBe(0);
    expect(await count(env.b, '2026-12-05', '2026-12-06')).toBe(1);
    expect(await count(env.b, '2026-12-06', '2026-12-07')).toBe(0);
    // Just before and at Shanghai midnight (16:00 UTC).
    expect((await submitAt(env.a, '2026-12-04T15:59:59Z', 2)).statusCode).toBe(200);
    expect((await submitAt(env.a, '2026-12-04T16:00:00Z', 3)).statusCode).toBe(200);
    expect(await count(env.a, '2026-12-04', '2026-12-05')).toBe(1);
    expect(await count(env.a, '2026-12-05', '2026-12-06')).toBe(1);
  });
});
