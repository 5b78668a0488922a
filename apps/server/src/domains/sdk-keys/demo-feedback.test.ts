import { describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { setupTestSuite } from '../../testing/harness.ts';
import { seedInAppFeedback } from './demo-feedback.ts';

// The 吐槽 demo step on a small tenant (the full demo seed is covered by seed/demo.test.ts).
const env = setupTestSuite();

describe('demo in-app feedback', () => {
  it('turns the key’s widget on, adds the rule and a week of complaints with tickets, one answered; a re-run adds nothing', async () => {
    const { a } = env;
    const key = await env.inject({
      method: 'POST',
      url: '/api/v1/sdk-keys',
      headers: a.as('admin'),
      payload: {
        name: '官网 Web',
        allowedOrigins: ['http://localhost:3000'],
        allowedEventTypes: ['page.view'],
        orgUnitId: a.units.S1.id,
      },
    });
    expect(key.statusCode).toBe(201);
    const demo: DemoTenant = {
      tenantId: a.tenantId,
      rootId: a.units.HQ.id,
      units: new Map(),
      teams: new Map(),
      users: new Map([['owner@savor.example', a.users.owner.id]]),
      seed: 7,
    };
    await seedInAppFeedback(env.t.ctx, demo);
    const count = () =>
      rows<{ items: number; tickets: number; resolved: number; replies: number }>(
        env.t.ctx.db,
        sql`SELECT count(DISTINCT f.id)::int AS items, count(DISTINCT k.id)::int AS tickets,
                   count(DISTINCT k.id) FILTER (WHERE k.status = 'resolved')::int AS resolved,
                   (SELECT count(*)::int FROM feedback_replies WHERE tenant_id = ${a.tenantId}) AS replies
            FROM feedback_items f LEFT JOIN tickets k ON k.tenant_id = f.tenant_id AND k.feedback_id = f.id
            WHERE f.tenant_id = ${a.tenantId} AND f.source = 'in_app'`,
      ).then((r) => r[0]);
    const first = await count();
    expect(first.items).toBe(10);
    expect(first.tickets).toBeGreaterThanOrEqual(3);
    expect(first.resolved).toBe(1);
    expect(first.replies).toBe(1);
    const k = (await env.inject({ method: 'GET', url: '/api/v1/sdk-keys', headers: a.as('admin') })).json().items[0];
    expect(k.feedbackWidget).toMatchObject({ position: 'bottom_right', label: { 'zh-CN': '吐槽', en: 'Feedback' } });
    // Tickets opened after their complaint, not at seed time; the items as the console lists them.
    const late = await rows<{ n: number }>(
      env.t.ctx.db,
      sql`SELECT count(*)::int AS n FROM tickets k JOIN feedback_items f ON f.tenant_id = k.tenant_id AND f.id = k.feedback_id
          WHERE k.tenant_id = ${a.tenantId} AND (k.created_at < f.created_at OR k.created_at > f.created_at + interval '1 hour')`,
    );
    expect(late[0].n).toBe(0);
    const listed = (
      await env.inject({ method: 'GET', url: '/api/v1/feedback?source=in_app', headers: a.as('admin') })
    ).json();
    expect(listed.items).toHaveLength(10);
    expect(listed.items.some((i: { inApp: { contactLeft: boolean } }) => i.inApp.contactLeft)).toBe(true);
    while ((await env.runJobs()) > 0); // the queued analysis jobs re-run the rules: nothing twice
    await seedInAppFeedback(env.t.ctx, demo);
    expect(await count()).toEqual(first);
  });
});
