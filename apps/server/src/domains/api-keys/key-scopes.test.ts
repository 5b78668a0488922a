import { API_SCOPE_DOMAINS } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { problem, setupTestSuite } from '../../testing/harness.ts';

const env = setupTestSuite();

interface Op {
  method: string;
  path: string;
  scope: string | null;
}
let ops: Op[] = [];

const newKey = async (payload: Record<string, unknown>) => {
  const res = await env.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: env.a.as('owner'),
    payload: { name: 'scoped', ...payload },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { key: string; scopes: string[] | null; id: string };
};

/** A concrete URL for an OpenAPI path: every parameter a fresh uuid (the scope is refused before any lookup). */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '0193a5b0-0000-7000-8000-000000000001');

beforeAll(async () => {
  const doc = (await env.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod)
      .filter(([, op]) => 'x-loopcx-scope' in op)
      .map(([method, op]) => ({ method: method.toUpperCase(), path, scope: op['x-loopcx-scope'] as string | null })),
  );
});

describe('API key scopes, generated from the route table', () => {
  it('every private route declares a scope of a known domain, shown in OpenAPI', async () => {
    expect(ops.length).toBeGreaterThan(150);
    for (const op of ops) {
      if (op.scope === null) continue;
      const [domain, access] = op.scope.split(':');
      expect(API_SCOPE_DOMAINS as readonly string[], `${op.method} ${op.path}`).toContain(domain);
      expect(['read', 'write']).toContain(access);
      if (op.method === 'GET') expect(access, `${op.method} ${op.path}`).toBe('read');
    }
    const doc = (await env.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/responses'].get['x-loopcx-scope']).toBe('responses:read');
    expect(doc.paths['/api/v1/responses'].get.description).toContain('responses:read');
    expect(doc.paths['/api/v1/metrics/query'].post['x-loopcx-scope']).toBe('metrics:read');
  });

  it('a key without a domain’s scope gets 403 problem+json on every route of that domain', async () => {
    const domains = [...new Set(ops.filter((o) => o.scope).map((o) => o.scope!.split(':')[0]))];
    for (const domain of domains) {
      const others = API_SCOPE_DOMAINS.filter((d) => d !== domain).map((d) => `${d}:write`);
      const { key } = await newKey({ scopes: others });
      for (const op of ops.filter((o) => o.scope?.startsWith(`${domain}:`))) {
        const res = await env.inject({
          method: op.method as 'GET',
          url: concrete(op.path),
          headers: { authorization: `Bearer ${key}` },
          payload: op.method === 'GET' || op.method === 'DELETE' ? undefined : {},
        });
        expect(res.statusCode, `${op.method} ${op.path}`).toBe(403);
        expect(problem(res).detail).toContain(`${domain}:`);
      }
    }
  });

  it('a read scope refuses every write route of its domain and allows its reads', async () => {
    const { key } = await newKey({ scopes: ['surveys:read', 'responses:read', 'metrics:read', 'org:read'] });
    const writes = ops.filter((o) => o.scope === 'surveys:write' || o.scope === 'responses:write');
    expect(writes.length).toBeGreaterThan(5);
    for (const op of writes) {
      const res = await env.inject({
        method: op.method as 'POST',
        url: concrete(op.path),
        headers: { authorization: `Bearer ${key}` },
        payload: op.method === 'DELETE' ? undefined : {},
      });
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(403);
    }
    const auth = { authorization: `Bearer ${key}` };
    expect((await env.inject({ method: 'GET', url: '/api/v1/surveys', headers: auth })).statusCode).toBe(200);
    expect((await env.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(200);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/metrics/query',
          headers: auth,
          payload: { metric: 'nps', from: '2026-01-01', to: '2026-01-31' },
        })
      ).statusCode,
    ).not.toBe(403);
    expect((await env.inject({ method: 'GET', url: '/api/v1/tickets', headers: auth })).statusCode).toBe(403);
  });

  it('keys keep their scopes and unit; keys without scopes keep the whole role; bad scopes are 422', async () => {
    const legacy = await newKey({});
    expect(legacy.scopes).toBeNull();
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/tickets', headers: { authorization: `Bearer ${legacy.key}` } }))
        .statusCode,
    ).toBe(200);
    const scoped = await newKey({ scopes: ['tickets:read', 'tickets:read', '*:read'] });
    expect(scoped.scopes).toEqual(['*:read', 'tickets:read']);
    for (const scopes of [['tickets'], ['nothing:read'], ['tickets:admin'], ['tickets:read:x']]) {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: env.a.as('owner'),
        payload: { name: 'bad', scopes },
      });
      expect(res.statusCode, JSON.stringify(scopes)).toBe(422);
    }
    const list = (await env.inject({ method: 'GET', url: '/api/v1/api-keys', headers: env.a.as('owner') })).json();
    expect(list.items.find((k: { id: string }) => k.id === scoped.id).scopes).toEqual(['*:read', 'tickets:read']);
  });

  it('a unit-scoped key sees only its subtree', async () => {
    const survey = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: env.a.as('admin'),
        payload: {
          name: 'Scope NPS',
          definition: { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] },
          bindings: { nps: 'nps' },
        },
      })
    ).json().id;
    await env.inject({ method: 'POST', url: `/api/v1/surveys/${survey}/publish`, headers: env.a.as('admin') });
    const writer = await newKey({ scopes: ['responses:write'] });
    const batch = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: { authorization: `Bearer ${writer.key}` },
      payload: {
        responses: [env.a.units.S1, env.a.units.S3].map((u, i) => ({
          surveyId: survey,
          answers: { nps: 9 },
          orgUnitCode: u.code,
          idempotencyKey: `scope-unit-${i}`,
        })),
      },
    });
    expect(batch.statusCode, batch.body).toBe(200);
    const store = await newKey({ role: 'analyst', orgUnitId: env.a.units.S1.id, scopes: ['responses:read'] });
    const seen = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/responses?surveyId=${survey}`,
        headers: { authorization: `Bearer ${store.key}` },
      })
    ).json().items as Array<{ orgUnit: { id: string } }>;
    expect(seen.map((r) => r.orgUnit.id)).toEqual([env.a.units.S1.id]);
    const refused = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: { authorization: `Bearer ${store.key}` },
      payload: {
        responses: [{ surveyId: survey, answers: { nps: 1 }, orgUnitCode: 'x', idempotencyKey: 'scope-unit-x' }],
      },
    });
    expect(refused.statusCode).toBe(403);
  });
});
