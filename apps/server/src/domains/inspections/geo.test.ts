import { ZAuditDetail, ZOrgUnitResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { distanceOrNull, haversineM } from './geo.ts';

const s = setupTestSuite();
const post = (user: string, url: string, payload?: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'POST', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const patch = (user: string, url: string, payload: unknown, tenant: TestTenant = s.a) =>
  s.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: tenant.as(user), payload: payload as object });
const get = (user: string, url: string, tenant: TestTenant = s.a) =>
  s.inject({ method: 'GET', url: `/api/v1${url}`, headers: tenant.as(user) });

const STORE = { lat: 31.2304, lng: 121.4737 };
let checklistId = '';

beforeAll(async () => {
  const items = [{ code: 'G1', text: '迎宾', severity: 'general' }];
  checklistId = (await post('owner', '/checklists', { name: '到店检查', items })).json().id;
});

async function audit(unit: 'S1' | 'S2') {
  const res = await post('owner', '/audits', { checklistId, orgUnitId: s.a.units[unit].id, kind: 'sampling' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe('haversineM', () => {
  it('matches hand-computed distances', () => {
    // 0.001° of latitude is 2π · 6 371 008.8 m / 360 000 = 111.195 m.
    expect(haversineM(STORE, { lat: 31.2314, lng: 121.4737 })).toBe(111);
    // One degree of longitude on the equator: 2π · 6 371 008.8 m / 360 = 111 195.08 m.
    expect(haversineM({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBe(111195);
    expect(haversineM(STORE, STORE)).toBe(0);
    expect(distanceOrNull({ lat: 1, lng: 1 }, { lat: null, lng: null })).toBeNull();
    expect(distanceOrNull({ lat: null, lng: null }, { lat: 1, lng: 1 })).toBeNull();
  });
});

describe('org unit location', () => {
  it('is both coordinates or neither, in range, with an address of at most 300 characters', async () => {
    const url = `/org-units/${s.a.units.S1.id}`;
    for (const bad of [
      { location: { lat: 91, lng: 121 } },
      { location: { lat: 31, lng: 181 } },
      { location: { lat: 31 } },
      { location: { lat: '31', lng: 121 } },
      { location: { lat: 31, lng: 121, alt: 5 } },
      { address: 'x'.repeat(301) },
      { address: 5 },
    ]) {
      expect(problem(await patch('owner', url, bad)).status, JSON.stringify(bad)).toBe(422);
    }
    expect(problem(await patch('storeManager', url, { address: '南京东路 1 号' })).status).toBe(403);
    expect(problem(await patch('owner', url, { address: '南京东路 1 号' }, s.b)).status).toBe(404);
    const ok = await patch('owner', url, { address: '上海市黄浦区南京东路 1 号', location: STORE });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ZOrgUnitResponse.parse(ok.json())).toMatchObject({ address: '上海市黄浦区南京东路 1 号', location: STORE });
    expect((await get('storeManager', url)).json()).toMatchObject({ location: STORE });
    const cleared = await patch('owner', `/org-units/${s.a.units.S2.id}`, { location: null, address: '' });
    expect(cleared.json()).toMatchObject({ location: null, address: null });
    const created = await post('owner', '/org-units', {
      parentId: s.a.units.C1.id,
      code: `${s.a.slug}-geo`,
      name: '新店',
      kind: 'store',
      address: '上海市徐汇区漕溪北路 88 号',
      location: { lat: 31.1955, lng: 121.4365 },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ location: { lat: 31.1955, lng: 121.4365 } });
  });
});

describe('check-in distance', () => {
  it('is the metres from the unit when both positions are known, otherwise null', async () => {
    await patch('owner', `/org-units/${s.a.units.S1.id}`, { address: '上海市黄浦区南京东路 1 号', location: STORE });
    await patch('owner', `/org-units/${s.a.units.S2.id}`, { location: null });
    const near = await audit('S1');
    const res = await post('owner', `/audits/${near}/check-in`, { lat: 31.2314, lng: 121.4737 });
    expect(res.statusCode, res.body).toBe(200);
    const detail = ZAuditDetail.parse((await get('owner', `/audits/${near}`)).json());
    expect(detail.checkIn?.distanceM).toBe(111);
    expect(detail.orgUnit.address).toBe('上海市黄浦区南京东路 1 号');

    const noPosition = await audit('S1');
    await post('owner', `/audits/${noPosition}/check-in`, {});
    expect((await get('owner', `/audits/${noPosition}`)).json().checkIn).toMatchObject({ lat: null, distanceM: null });

    const noUnitLocation = await audit('S2');
    await post('owner', `/audits/${noUnitLocation}/check-in`, { lat: 31.2314, lng: 121.4737 });
    expect((await get('owner', `/audits/${noUnitLocation}`)).json().checkIn).toMatchObject({
      lat: 31.2314,
      distanceM: null,
    });
  });
});
