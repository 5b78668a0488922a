import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTenant } from '../../../seed/demo.ts';
import { createTestApp, createTestTenant, type TestApp, type TestTenant } from '../../../testing/harness.ts';
import { seedReach } from '../demo.ts';
import { seedProgrammes } from './demo.ts';

// The demo step on a small tenant: a quarterly relational NPS to the gold segment with a past wave.
let app: TestApp;
let a: TestTenant;

beforeAll(async () => {
  app = await createTestApp();
  a = await createTestTenant(app.ctx);
  for (let i = 0; i < 20; i++) {
    const res = await app.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: a.as('admin'),
      payload: { identities: [{ kind: 'member', value: `M-G${i}` }], ...(i < 12 ? { tags: ['gold'] } : {}) },
    });
    expect(res.statusCode).toBe(201);
  }
  const seg = await app.app.inject({
    method: 'POST',
    url: '/api/v1/customers/segments',
    headers: a.as('admin'),
    payload: {
      name: '金卡常客 Gold regulars',
      definition: { match: 'all', conditions: [{ kind: 'tag', tag: 'gold', present: true }] },
    },
  });
  expect(seg.statusCode).toBe(201);
  const demo: DemoTenant = {
    tenantId: a.tenantId,
    rootId: a.units.HQ.id,
    units: new Map(
      Object.entries(a.units).map(([key, u]) => [
        key === 'HQ' ? 'HQ' : u.code,
        { id: u.id, path: u.path, kind: key.startsWith('S') ? 'store' : 'region', parentCode: null },
      ]),
    ),
    teams: new Map(),
    users: new Map(),
    seed: 7,
  };
  await seedReach(app.ctx, demo);
  await seedProgrammes(app.ctx, demo);
  await seedProgrammes(app.ctx, demo); // idempotent
});
afterAll(async () => app?.close());

describe('demo programme', () => {
  it('is a quarterly NPS to the gold segment whose first wave shows sent, suppressed and completed counts', async () => {
    const list = await app.app.inject({ method: 'GET', url: '/api/v1/programmes', headers: a.as('admin') });
    expect(list.json().items).toHaveLength(1);
    const p = list.json().items[0];
    expect(p).toMatchObject({ unit: 'quarter', every: 1, segmentName: '金卡常客 Gold regulars', enabled: true });
    expect(new Date(p.nextRunAt).getTime()).toBeGreaterThan(app.clock.now().getTime());
    const waves = await app.app.inject({
      method: 'GET',
      url: `/api/v1/programmes/${p.id}/waves`,
      headers: a.as('admin'),
    });
    expect(waves.json().items).toEqual([
      expect.objectContaining({ key: 'p0', audience: 12, sent: 10, suppressed: 2, completed: 4 }),
    ]);
    expect(waves.json().items[0].suppressedBy).toEqual({ frequency: 1, opted_out: 1 });
  });
});
