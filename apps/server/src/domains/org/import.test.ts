import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
let inject: ReturnType<typeof injector>;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTestTenant(t.ctx);
  inject = injector(t);
});
afterAll(async () => t.close());

const list = async (who = 'owner') =>
  (await inject({ method: 'GET', url: '/api/v1/org-units', headers: a.as(who) })).json().items as Array<{
    code: string;
    parentId: string;
    id: string;
    kind: string;
    name: string;
  }>;

describe('POST /api/v1/org-units/import', () => {
  it('imports parent-child rows in any order, reporting bad rows separately and keeping good ones', async () => {
    const csv = [
      'code,name,kind,parent_code,name_en',
      'PC-S1,浦东一店,store,PC-C1,Pudong 1', // child before its parent
      'PC-R1,华东,region,,East',
      'PC-C1,上海,city,PC-R1,Shanghai',
      'PC-BAD,坏行,castle,PC-R1,', // bad kind
      'PC-S2,孤儿店,store,NOPE,', // unknown parent
      'bad code!,x,store,PC-C1,', // bad code
      'PC-S1,重复,store,PC-C1,', // duplicate code in file
    ].join('\n');
    const res = await inject({
      method: 'POST',
      url: '/api/v1/org-units/import',
      headers: a.as('admin'),
      payload: { csv },
    });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ format: 'parent-child', rows: 7, created: 3, dryRun: false });
    expect(report.errors.map((e: { row: number }) => e.row)).toEqual([5, 6, 7, 8]);
    expect(report.errors[0]).toMatchObject({ field: 'kind' });
    const units = await list();
    const byCode = new Map(units.map((u) => [u.code, u]));
    expect(byCode.get('PC-S1')?.parentId).toBe(byCode.get('PC-C1')?.id);
    expect(byCode.get('PC-R1')?.parentId).toBe(a.units.HQ.id);
    expect(byCode.has('PC-BAD')).toBe(false);
  });

  it('imports level-based columns (with Chinese headers) creating shared ancestors once; re-import is unchanged', async () => {
    const csv =
      '\uFEFF大区编码,大区名称,城市编码,城市名称,门店编码,门店名称\nLV-N,华北,LV-BJ,北京,LV-BJ-01,国贸店\nLV-N,华北,LV-BJ,北京,LV-BJ-02,望京店\nLV-N,华北,LV-TJ,天津,LV-TJ-01,滨海店\n';
    const first = (
      await inject({ method: 'POST', url: '/api/v1/org-units/import', headers: a.as('admin'), payload: { csv } })
    ).json();
    expect(first).toMatchObject({ format: 'levels', rows: 3, created: 6, errors: [] });
    const units = await list();
    expect(units.find((u) => u.code === 'LV-BJ-02')?.kind).toBe('store');
    expect(units.find((u) => u.code === 'LV-N')?.kind).toBe('region');
    const again = (
      await inject({ method: 'POST', url: '/api/v1/org-units/import', headers: a.as('admin'), payload: { csv } })
    ).json();
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
  });

  it('dry run reports without writing; text/csv bodies work too', async () => {
    const csv = 'code,name,kind,parent_code\nDRY-1,试运行,region,\n';
    const dry = await inject({
      method: 'POST',
      url: '/api/v1/org-units/import?dryRun=true',
      headers: { ...a.as('admin'), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(dry.json()).toMatchObject({ dryRun: true, created: 1 });
    expect((await list()).some((u) => u.code === 'DRY-1')).toBe(false);
  });

  it('updates names and moves existing units by code; refuses to create cycles', async () => {
    const csv = `code,name,kind,parent_code\n${a.units.S3.code},改名店,store,${a.units.C1.code}\n${a.units.R1.code},x,region,${a.units.S1.code}\n`;
    const report = (
      await inject({ method: 'POST', url: '/api/v1/org-units/import', headers: a.as('admin'), payload: { csv } })
    ).json();
    expect(report.updated).toBe(1);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0].reason).toMatch(/cycle|descendant/);
    const s3 = (await list()).find((u) => u.code === a.units.S3.code)!;
    expect(s3).toMatchObject({ name: '改名店', parentId: a.units.C1.id });
  });

  it('a region manager cannot import (403); an empty or unrecognised file is 422', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/org-units/import',
      headers: a.as('manager'),
      payload: { csv: 'code,name,kind\nX,y,store' },
    });
    expect(res.statusCode).toBe(403);
    for (const csv of ['', 'foo,bar\n1,2\n']) {
      const bad = await inject({
        method: 'POST',
        url: '/api/v1/org-units/import',
        headers: a.as('admin'),
        payload: { csv },
      });
      expect(bad.statusCode).toBe(422);
      problem(bad);
    }
  });

  it('scopes the import: an admin of a region cannot attach units outside it', async () => {
    const created = (
      await inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: a.as('owner'),
        payload: {
          email: 'radmin@x.test',
          name: 'r',
          role: 'admin',
          orgUnitId: a.units.R2.id,
          password: 'long-enough-pw',
        },
      })
    ).json();
    const login = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'radmin@x.test', password: 'long-enough-pw' },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const csv = `code,name,kind,parent_code\nSC-1,x,store,${a.units.C1.code}\nSC-2,y,store,\n`;
    const report = (
      await inject({
        method: 'POST',
        url: '/api/v1/org-units/import',
        headers: { cookie, origin: a.as('admin').origin },
        payload: { csv },
      })
    ).json();
    expect(report.created).toBe(1);
    expect(report.errors[0]).toMatchObject({ row: 2, field: 'parent_code' });
    expect(created.id).toBeTruthy();
  });
});
