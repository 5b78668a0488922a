import { ZCustomerDetailResponse, ZCustomerResponse } from '@loopcx/shared';
import { describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { maskEmail, maskPhone, normalisePhone } from './identity.ts';

const env = setupTestSuite();
const url = '/api/v1/customers';
const create = (payload: unknown, as = 'admin', tenant: 'a' | 'b' = 'a') =>
  env.inject({ method: 'POST', url, headers: env[tenant].as(as), payload: payload as Record<string, unknown> });
const get = (path: string, as = 'admin', tenant: 'a' | 'b' = 'a') =>
  env.inject({ method: 'GET', url: `${url}${path}`, headers: env[tenant].as(as) });

describe('phone and email normalisation', () => {
  it('strips spaces, dashes and a +86/0086 prefix from mainland mobiles; masks as 138****5678 and a***@example.com', () => {
    for (const p of ['13800138000', '+86 138 0013 8000', '0086-138-0013-8000', '(86)13800138000', '138.0013.8000'])
      expect(normalisePhone(p), p).toBe('13800138000');
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    for (const bad of ['call me', '12', '+86 abc', '1'.repeat(30)]) expect(normalisePhone(bad), bad).toBeUndefined();
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskEmail('alice@example.com')).toBe('a***@example.com');
  });
});

describe('customer profiles', () => {
  it('401 unauthenticated, 403 for a viewer or a manager writing, 422 naming the field for bad input', async () => {
    expect((await env.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect(
      (await env.inject({ method: 'POST', url, payload: { identities: [{ kind: 'member', value: 'M-1' }] } }))
        .statusCode,
    ).toBe(401);
    expect((await get('', 'viewer')).statusCode).toBe(403);
    expect((await create({ identities: [{ kind: 'member', value: 'M-x' }] }, 'manager')).statusCode).toBe(403);
    const cases: Array<[unknown, string]> = [
      [{}, 'identities'],
      [{ identities: [] }, 'identities'],
      [{ identities: [{ kind: 'passport', value: 'X1' }] }, 'identities.0.kind'],
      [{ identities: [{ kind: 'phone', value: 'call me maybe' }] }, 'identities.0.value'],
      [{ identities: [{ kind: 'email', value: 'not-an-email' }] }, 'identities.0.value'],
      [{ identities: [{ kind: 'wechat_openid', value: "o'; DROP TABLE customers;--" }] }, 'identities.0.value'],
      [{ identities: [{ kind: 'member', value: 'x'.repeat(201) }] }, 'identities.0.value'],
      [{ identities: [{ kind: 'member', value: 42 }] }, 'identities.0.value'],
      [
        {
          identities: [
            { kind: 'member', value: 'M-dup' },
            { kind: 'member', value: 'M-dup' },
          ],
        },
        'identities.1',
      ],
      [{ identities: [{ kind: 'member', value: 'M-2' }], attributes: { 'bad key!': 1 } }, 'attributes'],
      [{ identities: [{ kind: 'member', value: 'M-2' }], attributes: { nested: { a: 1 } } }, 'attributes.nested'],
      [{ identities: [{ kind: 'member', value: 'M-2' }], tags: ['<script>'] }, 'tags.0'],
      [{ identities: [{ kind: 'member', value: 'M-2' }], sneaky: true }, ''],
      [{ identities: Array.from({ length: 11 }, (_, i) => ({ kind: 'member', value: `M-${i}` })) }, 'identities'],
    ];
    for (const [payload, field] of cases) {
      const res = await create(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 100)).toBe(422);
      const p = problem(res);
      if (field)
        expect(
          p.invalidParams?.some((x) => x.name.startsWith(field)),
          `${JSON.stringify(payload).slice(0, 100)} → ${JSON.stringify(p.invalidParams)}`,
        ).toBe(true);
    }
    expect((await get('/not-a-uuid')).statusCode).toBe(422);
    expect((await get('?limit=0')).statusCode).toBe(422);
    expect((await get('?cursor=%27%3B--')).statusCode).toBe(422);
    // Nothing was stored by any refused request.
    const n = await rows(env.t.ctx.db, sql`SELECT 1 FROM customers WHERE tenant_id = ${env.a.tenantId}`);
    expect(n).toHaveLength(0);
  });

  it('stores phones and emails only as a hash and a masked form, and finds them again in any format', async () => {
    const res = await create({
      displayName: '王芳',
      identities: [
        { kind: 'member', value: 'M-10001' },
        { kind: 'phone', value: '+86 138 0013 8000' },
        { kind: 'email', value: 'Wang.Fang@Example.com' },
        { kind: 'wechat_openid', value: 'oWx3d_test_1' },
      ],
      attributes: { city: '上海', visits: 12 },
      tags: ['VIP'],
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      displayName: '王芳',
      attributes: { city: '上海', visits: 12 },
      tier: null,
      mergedInto: null,
      tags: [{ tag: 'VIP', source: 'manual' }],
    });
    expect(c.identities).toEqual(
      expect.arrayContaining([
        { kind: 'member', display: 'M-10001' },
        { kind: 'phone', display: '138****8000' },
        { kind: 'email', display: 'w***@example.com' },
        { kind: 'wechat_openid', display: 'oWx3d_test_1' },
      ]),
    );
    const stored = await rows<{ kind: string; value: string; display: string }>(
      env.t.ctx.db,
      sql`SELECT kind, value, display FROM customer_identities WHERE tenant_id = ${env.a.tenantId}`,
    );
    const dump = JSON.stringify(stored);
    expect(dump).not.toContain('13800138000');
    expect(dump).not.toContain('wang.fang');
    expect(stored.find((s) => s.kind === 'phone')?.value).toMatch(/^[0-9a-f]{64}$/);
    for (const q of [
      '13800138000',
      '138-0013-8000',
      '+8613800138000',
      'WANG.FANG@example.com',
      'M-10001',
      'oWx3d_test_1',
      '王',
    ]) {
      const found = (await get(`?q=${encodeURIComponent(q)}`)).json().items.map((x: { id: string }) => x.id);
      expect(found, q).toEqual([c.id]);
    }
    expect((await get('?q=13800138001')).json().items).toHaveLength(0);
    // Another tenant neither sees the profile nor finds the phone.
    expect((await get(`/${c.id}`, 'owner', 'b')).statusCode).toBe(404);
    expect((await get('?q=13800138000', 'owner', 'b')).json().items).toHaveLength(0);
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: `${url}/${c.id}`,
          headers: env.b.as('owner'),
          payload: { displayName: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    // The same identity on a second profile is a conflict naming the owner; the first profile is unchanged.
    const dup = await create({
      identities: [
        { kind: 'member', value: 'M-new' },
        { kind: 'phone', value: '138 0013 8000' },
      ],
    });
    expect(dup.statusCode).toBe(409);
    expect(problem(dup).invalidParams?.[0].name).toBe('identities.1.value');
    expect(dup.json().customerId).toBe(c.id);
    expect((await get('?q=M-new')).json().items).toHaveLength(0);
  });

  it('updates attributes (null removes), adds identities, adds and removes manual tags', async () => {
    const c = (
      await create({ identities: [{ kind: 'member', value: 'M-20001' }], attributes: { city: '杭州', level: 2 } })
    ).json();
    const patched = await env.inject({
      method: 'PATCH',
      url: `${url}/${c.id}`,
      headers: env.a.as('admin'),
      payload: {
        attributes: { city: null, level: 3, vegetarian: true },
        addIdentities: [{ kind: 'phone', value: '13900001111' }],
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().attributes).toEqual({ level: 3, vegetarian: true });
    expect(patched.json().identities.map((i: { display: string }) => i.display)).toContain('139****1111');
    const tagged = await env.inject({
      method: 'POST',
      url: `${url}/${c.id}/tags`,
      headers: env.a.as('admin'),
      payload: { tags: ['素食', 'birthday-june'] },
    });
    expect(
      tagged
        .json()
        .tags.map((t: { tag: string }) => t.tag)
        .sort(),
    ).toEqual(['birthday-june', '素食']);
    expect((await get(`?tag=${encodeURIComponent('素食')}`)).json().items.map((x: { id: string }) => x.id)).toEqual([
      c.id,
    ]);
    const removed = await env.inject({
      method: 'DELETE',
      url: `${url}/${c.id}/tags/${encodeURIComponent('素食')}`,
      headers: env.a.as('admin'),
    });
    expect(removed.json().tags.map((t: { tag: string }) => t.tag)).toEqual(['birthday-june']);
    expect(
      (await env.inject({ method: 'DELETE', url: `${url}/${c.id}/tags/nope`, headers: env.a.as('admin') })).statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: `${url}/${c.id}/tags`,
          headers: env.a.as('admin'),
          payload: { tags: 'VIP' },
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: `${url}/${c.id}/tags`,
          headers: env.b.as('owner'),
          payload: { tags: ['x'] },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('pages newest first with a cursor', async () => {
    for (let i = 0; i < 5; i++) {
      env.t.clock.advance(1000);
      await create({ identities: [{ kind: 'member', value: `M-page-${i}` }] });
    }
    const first = (await get('?limit=3')).json();
    expect(first.items).toHaveLength(3);
    const second = (await get(`?limit=3&cursor=${first.nextCursor}`)).json();
    const ids = [...first.items, ...second.items].map((x: { id: string }) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.items[0].identities[0].display).toBe('M-page-4');
  });
});

describe('response contracts', () => {
  it('profiles answer the declared fields only (no tenant id, no identity hashes) and OpenAPI documents them', async () => {
    const res = await create({ displayName: '合同', identities: [{ kind: 'member', value: 'CONTRACT-1' }] });
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json()).sort()).toEqual(Object.keys(ZCustomerDetailResponse.shape).sort());
    expect(Object.keys(res.json().identities[0]).sort()).toEqual(['display', 'kind']);
    const list = (await get('')).json().items as Array<Record<string, unknown>>;
    for (const c of list) expect(Object.keys(c).sort()).toEqual(Object.keys(ZCustomerResponse.shape).sort());
    const doc = (await env.inject({ method: 'GET', url: '/api/docs' })).json();
    const answer = doc.paths['/api/v1/customers/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(answer.properties).sort()).toEqual(Object.keys(ZCustomerDetailResponse.shape).sort());
  });
});
