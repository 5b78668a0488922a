import { describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { setupTestSuite } from '../../testing/harness.ts';
import { seedConnectors, seedFeedbackLoop } from './demo.ts';

// The connectors' demo steps on a small tenant (the full demo seed is covered by seed/demo.test.ts).
const env = setupTestSuite();

describe('demo connectors', () => {
  it('seeds both connectors with history, then feedback rules whose tickets and replies exist; a re-run adds nothing', async () => {
    const { a } = env;
    const units: DemoTenant['units'] = new Map(
      Object.entries(a.units).map(([key, u]) => [
        u.code,
        {
          id: u.id,
          path: u.path,
          kind: key.startsWith('S') ? 'store' : key === 'HQ' ? 'hq' : 'region',
          parentCode: null,
        },
      ]),
    );
    const demo: DemoTenant = {
      tenantId: a.tenantId,
      rootId: a.units.HQ.id,
      units,
      teams: new Map(),
      users: new Map([
        ['owner@savor.example', a.users.owner.id],
        ['sh01.manager@savor.example', a.users.storeManager.id],
      ]),
      seed: 7,
    };
    await seedConnectors(env.t.ctx, demo);
    while ((await env.runJobs()) > 0); // text analysis of the connector items
    await seedFeedbackLoop(env.t.ctx, demo);
    const count = () =>
      rows<{ connectors: number; runs: number; errors: number; items: number; tickets: number; replies: number }>(
        env.t.ctx.db,
        sql`SELECT (SELECT count(*)::int FROM feedback_connectors WHERE tenant_id = ${a.tenantId}) AS connectors,
                   (SELECT count(*)::int FROM feedback_connector_runs WHERE tenant_id = ${a.tenantId}) AS runs,
                   (SELECT count(*)::int FROM feedback_connector_runs WHERE tenant_id = ${a.tenantId} AND status = 'error') AS errors,
                   (SELECT count(*)::int FROM feedback_items WHERE tenant_id = ${a.tenantId} AND connector_id IS NOT NULL) AS items,
                   (SELECT count(*)::int FROM tickets WHERE tenant_id = ${a.tenantId} AND source = 'feedback') AS tickets,
                   (SELECT count(*)::int FROM feedback_replies WHERE tenant_id = ${a.tenantId}) AS replies`,
      ).then((r) => r[0]);
    const first = await count();
    expect(first.connectors).toBe(2);
    expect(first.runs).toBeGreaterThan(50);
    expect(first.errors).toBe(2);
    expect(first.items).toBeGreaterThan(30);
    expect(first.tickets).toBeGreaterThan(5);
    expect(first.replies).toBeGreaterThan(10);
    // The tickets have the history they would have had, not an inbox of untouched tickets opened at seed time:
    // each opened after its item arrived, the older ones mostly closed with a resolution (and the root cause it names, on a tenant that has them), numbers by creation time.
    const history = await rows<{ status: string; n: number; with_cause: number; before_item: number; late: number }>(
      env.t.ctx.db,
      sql`SELECT t.status, count(*)::int AS n, count(t.resolution)::int AS with_cause,
                 count(*) FILTER (WHERE t.created_at < f.created_at)::int AS before_item,
                 count(*) FILTER (WHERE t.created_at > now() - interval '3 days')::int AS late
          FROM tickets t JOIN feedback_items f ON f.tenant_id = t.tenant_id AND f.id = t.feedback_id
          WHERE t.tenant_id = ${a.tenantId} AND t.source = 'feedback' GROUP BY t.status`,
    );
    const by = Object.fromEntries(history.map((h) => [h.status, h]));
    expect(history.every((h) => h.before_item === 0)).toBe(true);
    expect(by.closed?.n ?? 0).toBeGreaterThan(first.tickets / 3);
    expect(by.closed?.with_cause).toBe(by.closed?.n);
    expect((by.new?.n ?? 0) - (by.new?.late ?? 0)).toBe(0);
    const numbers = await rows<{ ordered: boolean }>(
      env.t.ctx.db,
      sql`SELECT bool_and(prev IS NULL OR prev <= created_at) AS ordered FROM (
            SELECT created_at, lag(created_at) OVER (ORDER BY number) AS prev FROM tickets WHERE tenant_id = ${a.tenantId}) x`,
    );
    expect(numbers[0]!.ordered).toBe(true);
    const list = (
      await env.inject({ method: 'GET', url: '/api/v1/feedback-connectors', headers: a.as('admin') })
    ).json();
    expect(list.items.map((c: { kind: string; enabled: boolean }) => [c.kind, c.enabled]).sort()).toEqual([
      ['rss', false],
      ['webhook', true],
    ]);
    const cov = (
      await env.inject({ method: 'GET', url: '/api/v1/feedback/reply-coverage', headers: a.as('admin') })
    ).json();
    expect(cov.total.replied).toBe(first.replies);
    expect(cov.total.coverage).toBeGreaterThan(0);
    expect(cov.total.coverage).toBeLessThan(1);
    await seedConnectors(env.t.ctx, demo);
    await seedFeedbackLoop(env.t.ctx, demo);
    expect(await count()).toEqual(first);
  });
});
