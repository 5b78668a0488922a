import { ZResponseDetailResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { documented, problem, setupTestSuite } from '../../testing/harness.ts';

const env = setupTestSuite();
let surveyId: string;

beforeAll(async () => {
  const def = {
    elements: [
      { type: 'rating', name: 'nps', title: '推荐意愿', rateMin: 0, rateMax: 10 },
      { type: 'comment', name: 'why', title: '原因' },
    ],
  };
  surveyId = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: env.a.as('admin'),
      payload: { name: 'NPS', definition: def, bindings: { nps: 'nps' } },
    })
  ).json().id;
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: env.a.as('admin') });
  const key = (
    await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: env.a.as('admin'), payload: { name: 'k' } })
  ).json().key;
  const responses = [
    ...Array.from({ length: 30 }, (_, i) => ({
      unit: env.a.units.S1.code,
      nps: i % 11,
      why: i === 3 ? '=HYPERLINK("http://evil")' : `S1 comment ${i}`,
    })),
    ...Array.from({ length: 10 }, (_, i) => ({ unit: env.a.units.S3.code, nps: 9, why: `上菜慢 ${i}` })),
  ].map((r, i) => ({
    surveyId,
    answers: { nps: r.nps, why: r.why },
    orgUnitCode: r.unit,
    submittedAt: new Date(Date.UTC(2026, 1, 1, 0, i)).toISOString(),
    idempotencyKey: `seed-resp-${i}`,
  }));
  const res = await env.inject({
    method: 'POST',
    url: '/api/v1/responses/batch',
    headers: { authorization: `Bearer ${key}` },
    payload: { responses },
  });
  expect(res.statusCode).toBe(200);
});

describe('GET /api/v1/responses', () => {
  it('401; lists newest first with keyset pages; filters by unit subtree, score range and text', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/responses' })).statusCode).toBe(401);
    const first = (
      await env.inject({ method: 'GET', url: '/api/v1/responses?limit=25', headers: env.a.as('analyst') })
    ).json();
    expect(first.items).toHaveLength(25);
    const second = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/responses?limit=25&cursor=${first.nextCursor}`,
        headers: env.a.as('analyst'),
      })
    ).json();
    expect(second.items).toHaveLength(15);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((r: { id: string }) => r.id)).size).toBe(40);
    const detractors = (
      await env.inject({
        method: 'GET',
        url: '/api/v1/responses?scoreKey=nps&maxScore=6&limit=200',
        headers: env.a.as('analyst'),
      })
    ).json().items;
    expect(detractors.every((r: { scores: { nps: number } }) => r.scores.nps <= 6)).toBe(true);
    expect(detractors).toHaveLength(Array.from({ length: 30 }, (_, i) => i % 11).filter((s) => s <= 6).length);
    const text = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/responses?q=${encodeURIComponent('上菜慢')}&limit=200`,
        headers: env.a.as('analyst'),
      })
    ).json().items;
    expect(text).toHaveLength(10);
    const r2 = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/responses?orgUnitId=${env.a.units.R2.id}&limit=200`,
        headers: env.a.as('analyst'),
      })
    ).json().items;
    expect(r2).toHaveLength(10);
  });

  it('managers see only their subtree (in the query); other tenants see nothing; bad filters are 422', async () => {
    const store = (
      await env.inject({ method: 'GET', url: '/api/v1/responses?limit=200', headers: env.a.as('storeManager') })
    ).json().items;
    expect(store).toHaveLength(30);
    expect(store.every((r: { orgUnit: { id: string } }) => r.orgUnit.id === env.a.units.S1.id)).toBe(true);
    const outside = await env.inject({
      method: 'GET',
      url: `/api/v1/responses?orgUnitId=${env.a.units.S3.id}`,
      headers: env.a.as('storeManager'),
    });
    expect(outside.statusCode).toBe(404);
    const any = store[0].id;
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/responses/${any}`, headers: env.b.as('owner') })).statusCode,
    ).toBe(404);
    const s3 = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/responses?orgUnitId=${env.a.units.S3.id}`,
        headers: env.a.as('admin'),
      })
    ).json().items[0].id;
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/responses/${s3}`, headers: env.a.as('storeManager') }))
        .statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/responses', headers: env.b.as('owner') })).json().items,
    ).toHaveLength(0);
    for (const q of [
      'scoreKey=drop%20table&minScore=1',
      'from=yesterday',
      'cursor=%27%3B--',
      'limit=0',
      'minScore=abc',
    ]) {
      const res = await env.inject({ method: 'GET', url: `/api/v1/responses?${q}`, headers: env.a.as('admin') });
      expect(res.statusCode, q).toBe(422);
      problem(res);
    }
  });

  it('shows a response with its survey version definition', async () => {
    const id = (
      await env.inject({ method: 'GET', url: '/api/v1/responses?limit=1', headers: env.a.as('admin') })
    ).json().items[0].id;
    const res = (
      await env.inject({ method: 'GET', url: `/api/v1/responses/${id}`, headers: env.a.as('admin') })
    ).json();
    expect(res.definition.elements[0].name).toBe('nps');
    expect(res.surveyName).toBe('NPS');
  });
});

describe('response exports', () => {
  it('exports the filtered set to CSV with question titles, BOM and formula-safe cells; the store manager gets only their rows', async () => {
    const start = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/exports',
      headers: env.a.as('storeManager'),
      payload: { format: 'csv', filters: { surveyId } },
    });
    expect(start.statusCode).toBe(202);
    while ((await env.runJobs()) > 0);
    const status = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/responses/exports/${start.json().id}`,
        headers: env.a.as('storeManager'),
      })
    ).json();
    expect(status).toMatchObject({ status: 'done', rows: 30, total: 30, progress: 1 });
    const file = await env.inject({
      method: 'GET',
      url: `/api/v1/responses/exports/${start.json().id}/download`,
      headers: env.a.as('storeManager'),
    });
    expect(file.headers['content-type']).toMatch(/text\/csv/);
    const text = file.body;
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.trim().split('\r\n');
    // Two header rows (titles, then question keys) and 30 responses.
    expect(lines).toHaveLength(32);
    expect(lines[0]).toContain('推荐意愿');
    expect(lines[1]).toContain('nps');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).not.toContain('上菜慢');
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/responses/exports/${start.json().id}`,
          headers: env.a.as('admin'),
        })
      ).statusCode,
    ).toBe(404);
  });

  it('exports Excel', async () => {
    const start = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/exports',
      headers: env.a.as('admin'),
      payload: { format: 'xlsx', filters: { surveyId } },
    });
    while ((await env.runJobs()) > 0);
    const [e] = await rows<{ rows_written: number }>(
      env.t.ctx.db,
      sql`SELECT rows_written FROM exports WHERE id = ${start.json().id}`,
    );
    expect(e.rows_written).toBe(40);
    const file = await env.inject({
      method: 'GET',
      url: `/api/v1/responses/exports/${start.json().id}/download`,
      headers: env.a.as('admin'),
    });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/responses/exports',
          headers: env.a.as('admin'),
          payload: { format: 'pdf' },
        })
      ).statusCode,
    ).toBe(422);
  });
});

describe('response answers follow their contracts', () => {
  it('OpenAPI documents each JSON answer; a response answers exactly the declared fields (no tenant or version ids)', async () => {
    const doc = (await env.inject({ method: 'GET', url: '/api/docs' })).json();
    for (const [method, path, status] of [
      ['get', '/api/v1/responses', '200'],
      ['get', '/api/v1/responses/{id}', '200'],
      ['post', '/api/v1/responses/exports', '202'],
      ['get', '/api/v1/responses/exports/{id}', '200'],
      ['post', '/api/v1/responses', '201'],
      ['post', '/api/v1/responses/batch', '200'],
    ])
      expect(documented(doc, method, path, status), `${method} ${path} ${status}`).toBeDefined();
    const id = (
      await env.inject({ method: 'GET', url: '/api/v1/responses?limit=1', headers: env.a.as('admin') })
    ).json().items[0].id;
    const res = (
      await env.inject({ method: 'GET', url: `/api/v1/responses/${id}`, headers: env.a.as('admin') })
    ).json();
    expect(Object.keys(res).sort()).toEqual(Object.keys(ZResponseDetailResponse.shape).sort());
  });
});
