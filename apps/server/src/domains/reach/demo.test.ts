import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { createTestApp, createTestTenant, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { evaluateEvents } from './commands/evaluate-events.ts';
import { invitationUrl } from './commands/send-invitations.ts';
import { seedReach } from './demo.ts';

// The demo step on a small tenant (the full demo seed takes minutes): the "done when" of issue 17.
let app: TestApp;
let a: TestTenant;

beforeAll(async () => {
  app = await createTestApp();
  a = await createTestTenant(app.ctx);
  for (let i = 0; i < 30; i++) {
    const res = await app.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: a.as('admin'),
      payload: { identities: [{ kind: 'member', value: `M-D${i}` }] },
    });
    expect(res.statusCode).toBe(201);
  }
  const demo: DemoTenant = {
    tenantId: a.tenantId,
    rootId: a.units.HQ.id,
    // Keyed by the demo's codes: HQ is the root (the demo owner's unit), stores by their own code.
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
  await seedReach(app.ctx, demo); // idempotent
});
afterAll(async () => app?.close());

describe('demo Reach', () => {
  it('has a webhook channel, the order.completed trigger with the categories mapping, and invitation history', async () => {
    expect(await rows(app.ctx.db, sql`SELECT kind, enabled FROM channels WHERE tenant_id = ${a.tenantId}`)).toEqual([
      { kind: 'webhook', enabled: true },
    ]);
    expect(
      await rows(app.ctx.db, sql`SELECT event_type, context FROM reach_triggers WHERE tenant_id = ${a.tenantId}`),
    ).toEqual([{ event_type: 'order.completed', context: { categories: 'categories' } }]);
    const list = (
      await app.app.inject({ method: 'GET', url: '/api/v1/invitations?limit=500', headers: a.as('admin') })
    ).json().items as Array<{ status: string; reason: string | null }>;
    expect([...new Set(list.map((i) => i.status))]).toEqual(
      expect.arrayContaining(['sent', 'completed', 'expired', 'suppressed', 'failed']),
    );
    expect(list.find((i) => i.status === 'suppressed')?.reason).toBe('frequency');
    const funnel = (
      await app.app.inject({ method: 'GET', url: '/api/v1/invitations/funnel?groupBy=channel', headers: a.as('admin') })
    ).json().items;
    expect(funnel).toHaveLength(1);
    expect(funnel[0].sent).toBeGreaterThan(funnel[0].opened);
    expect(funnel[0].opened).toBeGreaterThan(funnel[0].completed);
    expect(funnel[0].completed).toBeGreaterThan(0);
  });

  it('an order.completed with categories ["fresh"] yields an invitation showing only the fresh question; a second one that day is suppressed', async () => {
    const order = (key: string) => ({
      type: 'order.completed',
      orgUnitCode: a.units.S1.code,
      customer: 'M-REACH-DEMO',
      properties: { categories: ['fresh'], amount: 66 },
      value: 66,
      idempotencyKey: key,
    });
    for (const key of ['reach-demo-1', 'reach-demo-2']) {
      app.clock.advance(1000);
      const res = await app.app.inject({
        method: 'POST',
        url: '/api/v1/events/batch',
        headers: a.as('admin'),
        payload: { events: [order(key)] },
      });
      await evaluateEvents(app.ctx, a.tenantId, [res.json().results[0].id]);
    }
    const invs = (
      await app.app.inject({ method: 'GET', url: '/api/v1/invitations?customer=M-REACH-DEMO', headers: a.as('admin') })
    ).json().items as Array<{ id: string; surveyId: string; status: string; reason: string | null; expiresAt: string }>;
    expect(invs.map((i) => [i.status, i.reason])).toEqual([
      ['suppressed', 'frequency'],
      ['scheduled', null],
    ]);
    const inv = invs[1];
    const token = invitationUrl(app.ctx, a.tenantId, inv.surveyId, inv.id, new Date(inv.expiresAt)).split('/s/')[1];
    const page = await app.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` });
    expect(page.json().context).toEqual({ categories: ['fresh'] });
    const submit = (answers: Record<string, unknown>, key: string) =>
      app.app.inject({ method: 'POST', url: '/api/v1/responses', payload: { token, answers, idempotencyKey: key } });
    const missing = await submit({ nps: 9 }, 'reach-demo-r1');
    expect(missing.json().invalidParams.map((p: { name: string }) => p.name)).toEqual(['answers.fresh']);
    expect((await submit({ nps: 9, fresh: 5 }, 'reach-demo-r2')).statusCode).toBe(201);
  });
});
