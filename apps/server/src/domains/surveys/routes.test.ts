import { ZSurveyResponse } from '@loopcx/shared';
import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { documented, problem, setupTestSuite } from '../../testing/harness.ts';
import { verifySurveyToken } from './tokens.ts';

const env = setupTestSuite();

const def = {
  elements: [
    { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10, isRequired: true },
    { type: 'comment', name: 'why' },
  ],
};
const create = async (
  body: Record<string, unknown> = { name: 'NPS', definition: def, bindings: { nps: 'nps' } },
  who = 'admin',
) => env.inject({ method: 'POST', url: '/api/v1/surveys', headers: env.a.as(who), payload: body });

describe('/api/v1/surveys', () => {
  it('401, 403 for a viewer creating, 404 across tenants', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/surveys' })).statusCode).toBe(401);
    expect((await create(undefined, 'viewer')).statusCode).toBe(403);
    const s = (await create()).json();
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/surveys/${s.id}`, headers: env.b.as('owner') })).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'POST', url: `/api/v1/surveys/${s.id}/publish`, headers: env.b.as('owner') }))
        .statusCode,
    ).toBe(404);
  });

  it('checks definitions with survey-core and bindings against question types (422 naming the field)', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x', definition: { elements: [{ type: 'nonsense', name: 'q' }] }, bindings: {} }, 'definition'],
      [{ name: 'x', definition: { elements: [] }, bindings: {} }, 'definition'],
      [{ name: 'x', definition: def, bindings: { nps: 'missing' } }, 'bindings.nps'],
      [{ name: 'x', definition: def, bindings: { csat: 'nps' } }, 'bindings.csat'],
      [{ name: 'x', definition: def, bindings: { ces: 'why' } }, 'bindings.ces'],
      [{ name: '', definition: def, bindings: {} }, 'name'],
      [{ name: 'x', definition: 'not an object', bindings: {} }, 'definition'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(problem(res).invalidParams?.map((p) => p.name)).toContain(field);
    }
  });

  it('publishes immutable versions; edits after publishing go to the draft until the next publish', async () => {
    const s = (await create()).json();
    expect(s.status).toBe('draft');
    const v1 = (
      await env.inject({ method: 'POST', url: `/api/v1/surveys/${s.id}/publish`, headers: env.a.as('admin') })
    ).json();
    expect(v1).toMatchObject({ status: 'live', version: 1 });
    const edited = { elements: [...def.elements, { type: 'boolean', name: 'again' }] };
    await env.inject({
      method: 'PATCH',
      url: `/api/v1/surveys/${s.id}`,
      headers: env.a.as('admin'),
      payload: { definition: edited },
    });
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/surveys/${s.id}`, headers: env.a.as('admin') })).json()
        .currentVersion,
    ).toBe(1);
    const v2 = (
      await env.inject({ method: 'POST', url: `/api/v1/surveys/${s.id}/publish`, headers: env.a.as('admin') })
    ).json();
    expect(v2.version).toBe(2);
    expect(v2.versionId).not.toBe(v1.versionId);
    const versions = (
      await env.inject({ method: 'GET', url: `/api/v1/surveys/${s.id}/versions`, headers: env.a.as('analyst') })
    ).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('enforces the lifecycle: pause → resume → close → archive; illegal moves are 409', async () => {
    const s = (await create()).json();
    const post = (action: string) =>
      env.inject({ method: 'POST', url: `/api/v1/surveys/${s.id}/${action}`, headers: env.a.as('admin') });
    expect((await post('pause')).statusCode).toBe(409);
    await post('publish');
    expect((await post('pause')).json().status).toBe('paused');
    expect((await post('resume')).json().status).toBe('live');
    expect((await post('close')).json().status).toBe('closed');
    expect((await post('publish')).statusCode).toBe(409);
    expect((await post('archive')).json().status).toBe('archived');
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: `/api/v1/surveys/${s.id}`,
          headers: env.a.as('admin'),
          payload: { name: 'z' },
        })
      ).statusCode,
    ).toBe(409);
  });

  it('duplicates everything into a new draft', async () => {
    const s = (
      await create({ name: '就餐满意度', description: 'd', definition: def, bindings: { nps: 'nps' } })
    ).json();
    const copy = (
      await env.inject({ method: 'POST', url: `/api/v1/surveys/${s.id}/duplicate`, headers: env.a.as('admin') })
    ).json();
    expect(copy).toMatchObject({
      name: '就餐满意度（副本）',
      description: 'd',
      status: 'draft',
      bindings: { nps: 'nps' },
      definition: def,
    });
    expect(copy.id).not.toBe(s.id);
  });

  it('every template loads in survey-core, validates its bindings, and creates a survey', async () => {
    const templates = (
      await env.inject({ method: 'GET', url: '/api/v1/survey-templates', headers: env.a.as('admin') })
    ).json().items;
    expect(templates.map((x: { id: string }) => x.id)).toEqual([
      'relational-nps',
      'post-dining-csat',
      'service-call-ces',
      'store-visit',
      'checkout-categories',
    ]);
    for (const tpl of templates) {
      const m = new Model(tpl.definition);
      expect(m.jsonErrors ?? []).toEqual([]);
      m.locale = 'en';
      expect(m.getAllQuestions()[0].title).not.toMatch(/[\u4e00-\u9fff]/);
      const res = await create({ templateId: tpl.id });
      expect(res.statusCode, tpl.id).toBe(201);
      expect(
        (
          await env.inject({
            method: 'POST',
            url: `/api/v1/surveys/${res.json().id}/publish`,
            headers: env.a.as('admin'),
          })
        ).statusCode,
      ).toBe(200);
    }
  });
});

describe('survey links', () => {
  it('anonymous and per-store links are signed for this tenant and survey; QR codes are real images', async () => {
    const s = (await create()).json();
    const link = (
      await env.inject({ method: 'GET', url: `/api/v1/surveys/${s.id}/link`, headers: env.a.as('admin') })
    ).json();
    expect(link.url).toMatch(/\/s\/[\w-]+$/);
    expect(verifySurveyToken(env.t.ctx.config.secret, link.token)).toMatchObject({
      tenantId: env.a.tenantId,
      surveyId: s.id,
    });
    const png = await env.inject({
      method: 'GET',
      url: `/api/v1/surveys/${s.id}/qr?orgUnitId=${env.a.units.S1.id}`,
      headers: env.a.as('admin'),
    });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const svg = await env.inject({
      method: 'GET',
      url: `/api/v1/surveys/${s.id}/qr?orgUnitId=${env.a.units.S1.id}&format=svg`,
      headers: env.a.as('admin'),
    });
    expect(svg.body).toContain('<svg');
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/surveys/${s.id}/qr?orgUnitId=${env.a.units.S3.id}`,
          headers: env.a.as('manager'),
        })
      ).statusCode,
    ).toBe(404);
    const stores = (
      await env.inject({ method: 'GET', url: `/api/v1/surveys/${s.id}/unit-links`, headers: env.a.as('manager') })
    ).json().items;
    expect(stores.map((x: { orgUnit: { id: string } }) => x.orgUnit.id).sort()).toEqual(
      [env.a.units.S1.id, env.a.units.S2.id].sort(),
    );
  });

  it('says when links point at localhost (LOOPCX_PUBLIC_URL unset), so the console can warn before QR codes are printed', async () => {
    const s = (await create()).json();
    const get = async () =>
      (await env.inject({ method: 'GET', url: `/api/v1/surveys/${s.id}/link`, headers: env.a.as('admin') })).json();
    const config = env.t.ctx.config;
    const before = config.publicUrl;
    try {
      config.publicUrl = 'http://localhost:3000';
      expect(await get()).toMatchObject({
        publicUrlLocal: true,
        url: expect.stringMatching(/^http:\/\/localhost:3000\/s\//),
      });
      config.publicUrl = 'http://127.0.0.1:8080';
      expect((await get()).publicUrlLocal).toBe(true);
      config.publicUrl = 'https://cx.savor.example';
      expect(await get()).toMatchObject({
        publicUrlLocal: false,
        url: expect.stringMatching(/^https:\/\/cx\.savor\.example\/s\//),
      });
      config.publicUrl = 'http://192.168.1.20:3000';
      expect((await get()).publicUrlLocal).toBe(false);
    } finally {
      config.publicUrl = before;
    }
  });

  it('personalised links carry an invitation with context; bad input is 422', async () => {
    const s = (await create()).json();
    const res = await env.inject({
      method: 'POST',
      url: `/api/v1/surveys/${s.id}/links`,
      headers: env.a.as('admin'),
      payload: {
        customer: { externalId: 'M-1001' },
        orgUnitCode: env.a.units.S1.code,
        context: { categories: ['fresh', 'dairy'], orderId: 'O-1' },
        expiresAt: new Date(Date.now() + 86400_000).toISOString(),
      },
    });
    expect(res.statusCode).toBe(201);
    const claims = verifySurveyToken(env.t.ctx.config.secret, res.json().token);
    expect(claims?.invitationId).toBe(res.json().invitationId);
    for (const payload of [
      { orgUnitCode: 'nope' },
      { expiresAt: '2000-01-01T00:00:00Z' },
      { context: { big: 'x'.repeat(20_000) } },
      { touchpointId: '00000000-0000-4000-8000-000000000000' },
      { extra: 1 },
    ]) {
      const bad = await env.inject({
        method: 'POST',
        url: `/api/v1/surveys/${s.id}/links`,
        headers: env.a.as('admin'),
        payload,
      });
      expect(bad.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(422);
      problem(bad);
    }
  });
});

describe('survey answers follow their contracts', () => {
  it('OpenAPI documents each JSON answer; a survey answers exactly the declared fields (no tenant_id)', async () => {
    const doc = (await env.inject({ method: 'GET', url: '/api/docs' })).json();
    for (const [method, path, status] of [
      ['get', '/api/v1/survey-templates', '200'],
      ['get', '/api/v1/surveys', '200'],
      ['post', '/api/v1/surveys', '201'],
      ['get', '/api/v1/surveys/{id}', '200'],
      ['patch', '/api/v1/surveys/{id}', '200'],
      ['post', '/api/v1/surveys/{id}/publish', '200'],
      ['post', '/api/v1/surveys/{id}/pause', '200'],
      ['post', '/api/v1/surveys/{id}/duplicate', '201'],
      ['get', '/api/v1/surveys/{id}/versions', '200'],
      ['get', '/api/v1/surveys/{id}/link', '200'],
      ['get', '/api/v1/surveys/{id}/unit-links', '200'],
      ['post', '/api/v1/surveys/{id}/links', '201'],
      ['post', '/api/v1/surveys/import', '200'],
      ['post', '/api/v1/surveys/import', '201'],
      ['get', '/api/v1/public/surveys/{token}', '200'],
    ])
      expect(documented(doc, method, path, status), `${method} ${path} ${status}`).toBeDefined();
    const s = (await create()).json();
    expect(Object.keys(s).sort()).toEqual(Object.keys(ZSurveyResponse.shape).sort());
    const published = await env.inject({
      method: 'POST',
      url: `/api/v1/surveys/${s.id}/publish`,
      headers: env.a.as('admin'),
    });
    const versions = (
      await env.inject({ method: 'GET', url: `/api/v1/surveys/${s.id}/versions`, headers: env.a.as('admin') })
    ).json();
    expect(published.statusCode).toBe(200);
    expect(Object.keys(versions.items[0]).sort()).toEqual(['bindings', 'createdAt', 'id', 'version']);
    expect(versions.items[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
