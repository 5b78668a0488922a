import { ZFeedbackItemResponse } from '@loopcx/shared';
import { describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';

const env = setupTestSuite();
const url = '/api/v1/feedback';

const create = async (payload: Record<string, unknown>, as = 'admin') =>
  env.inject({ method: 'POST', url, headers: env.a.as(as), payload });

describe('feedback items', () => {
  it('401 without a session; 422 naming the field for bad input; 404 for another tenant’s unit or item; 403 for a viewer', async () => {
    expect((await env.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await env.inject({ method: 'POST', url, payload: { source: 'social', text: 'x' } })).statusCode).toBe(401);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ source: 'fax', text: '味道不错' }, 'source'],
      [{ source: 'social', text: '   ' }, 'text'],
      [{ source: 'social', text: 'x'.repeat(20_001) }, 'text'],
      [{ source: 'social', text: 'ok', url: 'javascript:alert(1)' }, 'url'],
      [{ source: 'social', text: 'ok', rating: 11 }, 'rating'],
      [{ source: 'social', text: 'ok', rating: '5' }, 'rating'],
      [{ source: 'social', text: 'ok', occurredAt: 'yesterday' }, 'occurredAt'],
      [{ source: 'social', text: 'ok', orgUnitId: 'S1' }, 'orgUnitId'],
      [{ source: 'social', text: 'ok', sneaky: true }, ''],
    ];
    for (const [payload, field] of cases) {
      const res = await create(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(422);
      if (field) expect(problem(res).invalidParams?.map((p) => p.name)).toContain(field);
    }
    const nul = await create({ source: 'social', text: 'bad\u0000text' });
    expect(nul.statusCode).toBe(422);
    expect((await create({ source: 'social', text: 'ok', orgUnitId: env.b.units.S1.id })).statusCode).toBe(404);
    expect((await create({ source: 'social', text: 'ok' }, 'viewer')).statusCode).toBe(403);
    const mine = (await create({ source: 'social', text: '很好吃', orgUnitId: env.a.units.S1.id })).json();
    expect((await env.inject({ method: 'GET', url: `${url}/${mine.id}`, headers: env.b.as('owner') })).statusCode).toBe(
      404,
    );
    expect(
      (await env.inject({ method: 'DELETE', url: `${url}/${mine.id}`, headers: env.b.as('owner') })).statusCode,
    ).toBe(404);
    expect((await env.inject({ method: 'GET', url: `${url}/not-a-uuid`, headers: env.a.as('admin') })).statusCode).toBe(
      422,
    );
  });

  it('stores an item, analyses it in the background, and lists it newest first with filters', async () => {
    const res = await create({
      source: 'app_review',
      channel: '美团',
      url: 'https://example.com/r/1',
      author: '吃货小王',
      text: '外卖汤全洒了，服务太差了，非常失望',
      rating: 1,
      orgUnitId: env.a.units.S1.id,
      customerRef: 'M-1001',
      externalId: 'mt-1',
      occurredAt: '2026-11-01T10:00:00+08:00',
    });
    expect(res.statusCode).toBe(201);
    const item = res.json();
    expect(item).toMatchObject({
      source: 'app_review',
      channel: '美团',
      author: '吃货小王',
      rating: 1,
      customerRef: 'M-1001',
      orgUnit: { id: env.a.units.S1.id },
      occurredAt: '2026-11-01T02:00:00.000Z',
      analysis: null,
    });
    const again = await create({ source: 'app_review', text: 'dup', externalId: 'mt-1' });
    expect(again.statusCode).toBe(409);
    while ((await env.runJobs()) > 0);
    const got = (await env.inject({ method: 'GET', url: `${url}/${item.id}`, headers: env.a.as('admin') })).json();
    expect(got.analysis.sentiment).toBe('negative');
    const list = (
      await env.inject({
        method: 'GET',
        url: `${url}?source=app_review&customerRef=M-1001`,
        headers: env.a.as('admin'),
      })
    ).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([item.id]);
    const search = (
      await env.inject({ method: 'GET', url: `${url}?q=${encodeURIComponent('汤全洒')}`, headers: env.a.as('admin') })
    ).json();
    expect(search.items).toHaveLength(1);
  });

  it('scopes by org unit: a store manager sees only their store; brand-wide items need a root-scoped user', async () => {
    const s1 = (await create({ source: 'social', text: 'S1 的帖子', orgUnitId: env.a.units.S1.id })).json();
    const s3 = (await create({ source: 'social', text: 'S3 的帖子', orgUnitId: env.a.units.S3.id })).json();
    const brand = (await create({ source: 'social', text: '品牌整体的帖子' })).json();
    const seen = (as: string) =>
      env
        .inject({ method: 'GET', url: `${url}?limit=200`, headers: env.a.as(as) })
        .then((r) => r.json().items.map((i: { id: string }) => i.id));
    const store = await seen('storeManager');
    expect(store).toContain(s1.id);
    expect(store).not.toContain(s3.id);
    expect(store).not.toContain(brand.id);
    expect(await seen('admin')).toEqual(expect.arrayContaining([s1.id, s3.id, brand.id]));
    expect(
      (await env.inject({ method: 'GET', url: `${url}/${s3.id}`, headers: env.a.as('storeManager') })).statusCode,
    ).toBe(404);
    // A manager below the root must say which of their units an item belongs to, and cannot use another's.
    const noUnit = await env.inject({
      method: 'POST',
      url,
      headers: env.a.as('manager'),
      payload: { source: 'forum', text: '没有门店' },
    });
    expect(noUnit.statusCode).toBe(403); // managers may not write responses/feedback at all
    expect(
      (await env.inject({ method: 'GET', url: `${url}?orgUnitId=${env.a.units.S3.id}`, headers: env.a.as('manager') }))
        .statusCode,
    ).toBe(404);
  });

  it('paginates with a cursor and rejects a forged cursor', async () => {
    for (let i = 0; i < 3; i++)
      await create({
        source: 'forum',
        text: `分页 ${i}`,
        orgUnitId: env.a.units.S2.id,
        occurredAt: `2026-10-0${i + 1}T00:00:00Z`,
      });
    const first = (
      await env.inject({
        method: 'GET',
        url: `${url}?orgUnitId=${env.a.units.S2.id}&limit=2`,
        headers: env.a.as('admin'),
      })
    ).json();
    expect(first.items).toHaveLength(2);
    const second = (
      await env.inject({
        method: 'GET',
        url: `${url}?orgUnitId=${env.a.units.S2.id}&limit=2&cursor=${first.nextCursor}`,
        headers: env.a.as('admin'),
      })
    ).json();
    expect(second.items.length).toBeGreaterThan(0);
    expect(second.items.some((i: { id: string }) => first.items.some((f: { id: string }) => f.id === i.id))).toBe(
      false,
    );
    expect((await env.inject({ method: 'GET', url: `${url}?cursor=abc`, headers: env.a.as('admin') })).statusCode).toBe(
      422,
    );
  });

  it('imports CSV with Chinese headers: dry run changes nothing, bad rows are reported, good rows kept, re-import skips duplicates', async () => {
    const csv = [
      '来源,渠道,作者,内容,评分,门店,时间,编号',
      `点评,大众点评,阿美,上菜太慢了等了一个小时,2,${env.a.units.S1.code},2026-11-02 12:30,dp-1`,
      `微博,微博,小李,味道很好，服务热情,,${env.a.units.S3.code},2026-11-03,wb-1`,
      `传真,,,内容,,${env.a.units.S1.code},2026-11-03,x-1`,
      `点评,,,,3,${env.a.units.S1.code},2026-11-03,x-2`,
      `点评,,,门店不存在,3,NOPE,2026-11-03,x-3`,
      `点评,,,时间不对,3,${env.a.units.S1.code},明天,x-4`,
      `点评,,,评分不对,99,${env.a.units.S1.code},2026-11-03,x-5`,
      `点评,,,另一个租户的门店,3,${env.b.units.S1.code},2026-11-03,x-6`,
    ].join('\n');
    const dry = await env.inject({
      method: 'POST',
      url: `${url}/import`,
      headers: env.a.as('admin'),
      payload: { csv, dryRun: true },
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 8, imported: 2 });
    expect(dry.json().errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [4, 'source'],
      [5, 'text'],
      [6, 'org_unit'],
      [7, 'occurred_at'],
      [8, 'rating'],
      [9, 'org_unit'],
    ]);
    const before = (
      await env.inject({
        method: 'GET',
        url: `${url}?q=${encodeURIComponent('等了一个小时')}`,
        headers: env.a.as('admin'),
      })
    ).json().items;
    expect(before).toHaveLength(0);
    const real = await env.inject({
      method: 'POST',
      url: `${url}/import?dryRun=false`,
      headers: { ...env.a.as('admin'), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(real.json()).toMatchObject({ dryRun: false, imported: 2, duplicates: 0 });
    const again = await env.inject({
      method: 'POST',
      url: `${url}/import`,
      headers: env.a.as('admin'),
      payload: { csv },
    });
    expect(again.json()).toMatchObject({ imported: 0, duplicates: 2 });
    const after = (
      await env.inject({
        method: 'GET',
        url: `${url}?q=${encodeURIComponent('等了一个小时')}`,
        headers: env.a.as('admin'),
      })
    ).json().items;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      source: 'app_review',
      channel: '大众点评',
      author: '阿美',
      rating: 2,
      occurredAt: '2026-11-02T12:30:00.000Z',
      externalId: 'dp-1',
    });
  });

  it('rejects an empty, header-only or textless CSV with 422 and an oversized one with 413', async () => {
    expect(
      (await env.inject({ method: 'POST', url: `${url}/import`, headers: env.a.as('admin'), payload: { csv: '  ' } }))
        .statusCode,
    ).toBe(422);
    const noText = await env.inject({
      method: 'POST',
      url: `${url}/import`,
      headers: env.a.as('admin'),
      payload: { csv: 'source,author\nsocial,me' },
    });
    expect(problem(noText).invalidParams?.[0].name).toBe('csv');
    const many = `text\n${'行\n'.repeat(20_001)}`;
    expect(
      (await env.inject({ method: 'POST', url: `${url}/import`, headers: env.a.as('admin'), payload: { csv: many } }))
        .statusCode,
    ).toBe(413);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: `${url}/import`,
          headers: env.a.as('viewer'),
          payload: { csv: 'text\nhi' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('deletes an item with its analysis', async () => {
    const item = (
      await create({ source: 'call_transcript', text: '客户：汤洒了。客服：抱歉。', orgUnitId: env.a.units.S2.id })
    ).json();
    while ((await env.runJobs()) > 0);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/text/verbatims?q=${encodeURIComponent('客服：抱歉')}&from=2026-01-01T00:00:00Z`,
          headers: env.a.as('admin'),
        })
      ).json().items,
    ).toHaveLength(1);
    expect(
      (await env.inject({ method: 'DELETE', url: `${url}/${item.id}`, headers: env.a.as('admin') })).statusCode,
    ).toBe(204);
    expect((await env.inject({ method: 'GET', url: `${url}/${item.id}`, headers: env.a.as('admin') })).statusCode).toBe(
      404,
    );
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/text/verbatims?q=${encodeURIComponent('客服：抱歉')}&from=2026-01-01T00:00:00Z`,
          headers: env.a.as('admin'),
        })
      ).json().items,
    ).toHaveLength(0);
  });
});

describe('feedback response contracts', () => {
  it('answers only declared fields: a key stored in the analysis outside the contract does not leak', async () => {
    const item = (await create({ source: 'social', text: '服务太慢了', orgUnitId: env.a.units.S1.id })).json();
    while ((await env.runJobs()) > 0);
    const topic = { topicId: env.a.units.S1.id, topic: '服务', sentiment: 'negative', debugScores: [0.1, 0.9] };
    await env.t.ctx.db.execute(
      sql`UPDATE text_analyses SET topics = ${JSON.stringify([topic])}::jsonb
          WHERE tenant_id = ${env.a.tenantId} AND source_kind = 'feedback' AND source_id = ${item.id}`,
    );
    const res = await env.inject({ method: 'GET', url: `${url}/${item.id}`, headers: env.a.as('admin') });
    expect(res.statusCode).toBe(200);
    expect(res.json().analysis.topics).toEqual([{ topicId: topic.topicId, topic: '服务', sentiment: 'negative' }]);
    expect(Object.keys(res.json()).sort()).toEqual(Object.keys(ZFeedbackItemResponse.shape).sort());
    const doc = (await env.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(
      Object.keys(doc.paths['/api/v1/feedback'].get.responses['200'].content['application/json'].schema.properties),
    ).toEqual(['items', 'nextCursor']);
  });
});
