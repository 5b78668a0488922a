import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../platform/context.ts';
import { one, rows, sql } from '../platform/db.ts';

/**
 * The demo tenant's experience panel (decision 81): registered from `demo.test.ts`, which seeds the demo once;
 * `get` gives its context and tenant when the tests run.
 */
export function describePanelDemo(get: () => { ctx: AppContext; tenantId: string }) {
  describe('demo experience panel', () => {
    let ctx: AppContext;
    let tenantId: string;
    beforeAll(() => {
      ({ ctx, tenantId } = get());
    });

    it('has ~40 tagged members across the three tiers, with points equal to their ledger', async () => {
      const byTier = await rows<{ tier: string; n: number }>(
        ctx.db,
        sql`SELECT m.tier, count(*)::int AS n FROM panel_members m JOIN panels p ON p.tenant_id = m.tenant_id AND p.id = m.panel_id
            WHERE m.tenant_id = ${tenantId} AND p.name = '体验达人计划' AND m.status = 'active' GROUP BY m.tier`,
      );
      const tiers = Object.fromEntries(byTier.map((r) => [r.tier, r.n]));
      expect(Object.values(tiers).reduce((a, b) => a + b, 0)).toBe(40);
      for (const tier of ['新手', '达人', '资深达人']) expect(tiers[tier], tier).toBeGreaterThan(0);
      const off = await one<{ n: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n FROM panel_members m WHERE m.tenant_id = ${tenantId}
            AND m.points <> coalesce((SELECT sum(l.delta) FROM panel_point_ledger l WHERE l.tenant_id = m.tenant_id AND l.member_id = m.id), 0)`,
      );
      expect(off?.n).toBe(0);
      const untagged = await one<{ n: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n FROM panel_members m WHERE m.tenant_id = ${tenantId} AND NOT EXISTS (
              SELECT 1 FROM customer_tags t WHERE t.tenant_id = m.tenant_id AND t.customer_id = m.customer_id AND t.tag = '体验达人')`,
      );
      expect(untagged?.n).toBe(0);
    });

    it('has store-visit tasks over two months with approved, rejected, pending and overdue work, photos and check-ins', async () => {
      const tasks = await one<{ n: number; units: number; first: string }>(
        ctx.db,
        sql`SELECT count(*)::int AS n, count(DISTINCT org_unit_id)::int AS units, min(created_at)::text AS first
            FROM panel_tasks WHERE tenant_id = ${tenantId} AND kind = 'offline'`,
      );
      expect(tasks?.n).toBeGreaterThanOrEqual(5);
      expect(tasks?.units).toBeGreaterThanOrEqual(3);
      expect(Date.now() - Date.parse(tasks!.first)).toBeGreaterThan(50 * 86400_000);
      const states = await rows<{ status: string; n: number }>(
        ctx.db,
        sql`SELECT status, count(*)::int AS n FROM panel_task_assignments WHERE tenant_id = ${tenantId} GROUP BY status`,
      );
      const by = Object.fromEntries(states.map((s) => [s.status, s.n]));
      for (const s of ['approved', 'rejected', 'submitted', 'overdue']) expect(by[s], s).toBeGreaterThan(0);
      const evidence = await one<{ photos: number; far: number; unchecked: number }>(
        ctx.db,
        sql`SELECT (SELECT count(*) FROM panel_photos WHERE tenant_id = ${tenantId})::int AS photos,
              count(*) FILTER (WHERE a.checkin_distance_m > 500)::int AS far,
              count(*) FILTER (WHERE a.checked_in_at IS NULL)::int AS unchecked
            FROM panel_submissions s JOIN panel_task_assignments a ON a.tenant_id = s.tenant_id AND a.id = s.assignment_id
            JOIN panel_tasks t ON t.tenant_id = a.tenant_id AND t.id = a.task_id
            WHERE s.tenant_id = ${tenantId} AND t.kind = 'offline'`,
      );
      expect(evidence?.photos).toBeGreaterThan(20);
      expect(evidence).toMatchObject({ far: 0, unchecked: 0 });
    });

    it('has a daily diary on a demo survey: entries over two weeks from several members as responses, some approved', async () => {
      const d = await one<{ members: number; entries: number; days: number; approved: number; pending: number }>(
        ctx.db,
        sql`SELECT count(DISTINCT a.member_id)::int AS members, count(e.id)::int AS entries,
              count(DISTINCT e.day)::int AS days,
              count(DISTINCT a.id) FILTER (WHERE a.status = 'approved')::int AS approved,
              count(DISTINCT a.id) FILTER (WHERE a.status = 'submitted')::int AS pending
            FROM panel_tasks t JOIN panel_task_assignments a ON a.tenant_id = t.tenant_id AND a.task_id = t.id
            JOIN panel_diary_entries e ON e.tenant_id = a.tenant_id AND e.assignment_id = a.id
            WHERE t.tenant_id = ${tenantId} AND t.survey_id IS NOT NULL AND t.entries = 'daily'`,
      );
      expect(d?.members).toBeGreaterThanOrEqual(5);
      expect(d?.entries).toBeGreaterThanOrEqual(25);
      expect(d?.days).toBeGreaterThanOrEqual(8);
      expect(d?.approved).toBeGreaterThan(0);
      // Each entry is a response of the task's survey at its store, from the member's own customer.
      const r = await one<{ n: number; ok: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE r.survey_id = t.survey_id AND r.org_unit_id = t.org_unit_id
              AND r.customer_ref IS NOT NULL AND (r.customer_id IS NULL OR r.customer_id = m.customer_id))::int AS ok
            FROM panel_diary_entries e JOIN responses r ON r.tenant_id = e.tenant_id AND r.id = e.response_id
            JOIN panel_task_assignments a ON a.tenant_id = e.tenant_id AND a.id = e.assignment_id
            JOIN panel_tasks t ON t.tenant_id = a.tenant_id AND t.id = a.task_id
            JOIN panel_members m ON m.tenant_id = a.tenant_id AND m.id = a.member_id
            WHERE e.tenant_id = ${tenantId}`,
      );
      expect(r?.n).toBe(d?.entries);
      expect(r?.ok).toBe(r?.n);
    });

    it('turned each approved report into a feedback item of source panel at the store, with the customer', async () => {
      const fb = await one<{ approved: number; items: number; linked: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS approved, count(f.id)::int AS items,
              count(*) FILTER (WHERE f.source = 'panel' AND f.customer_id IS NOT NULL AND f.org_unit_id = t.org_unit_id)::int AS linked
            FROM panel_submissions s
            JOIN panel_task_assignments a ON a.tenant_id = s.tenant_id AND a.id = s.assignment_id
            JOIN panel_tasks t ON t.tenant_id = a.tenant_id AND t.id = a.task_id
            LEFT JOIN feedback_items f ON f.tenant_id = s.tenant_id AND f.id = s.feedback_item_id
            WHERE s.tenant_id = ${tenantId} AND a.status = 'approved' AND t.survey_id IS NULL`,
      );
      expect(fb?.approved).toBeGreaterThan(10);
      expect(fb?.items).toBe(fb?.approved);
      expect(fb?.linked).toBe(fb?.approved);
    });

    it('has a rewards list with fulfilled, pending and one cancelled (refunded) redemption; tiers follow points earned', async () => {
      const rewards = await one<{ n: number; stocked: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n, count(stock)::int AS stocked FROM panel_rewards WHERE tenant_id = ${tenantId}`,
      );
      expect(rewards?.n).toBeGreaterThanOrEqual(3);
      expect(rewards?.stocked).toBeGreaterThan(0);
      const states = await rows<{ status: string; n: number }>(
        ctx.db,
        sql`SELECT status, count(*)::int AS n FROM panel_redemptions WHERE tenant_id = ${tenantId} GROUP BY status`,
      );
      const by = Object.fromEntries(states.map((x) => [x.status, x.n]));
      expect(by.fulfilled).toBeGreaterThanOrEqual(3);
      expect(by.pending).toBeGreaterThanOrEqual(1);
      expect(by.cancelled).toBe(1);
      // Every redemption has its debit; the cancelled one its refund; no redemption spent points not yet held.
      const ledger = await one<{ debits: number; refunds: number; early: number }>(
        ctx.db,
        sql`SELECT count(*) FILTER (WHERE l.reason = 'redemption' AND l.delta = -x.points)::int AS debits,
              count(*) FILTER (WHERE l.reason = 'redemption_refund' AND x.status = 'cancelled')::int AS refunds,
              count(*) FILTER (WHERE l.reason = 'redemption' AND (SELECT sum(e.delta) FROM panel_point_ledger e
                WHERE e.tenant_id = l.tenant_id AND e.member_id = l.member_id AND e.created_at <= l.created_at) < 0)::int AS early
            FROM panel_redemptions x JOIN panel_point_ledger l ON l.tenant_id = x.tenant_id AND l.reference_id = x.id
            WHERE x.tenant_id = ${tenantId}`,
      );
      const total = states.reduce((n, x) => n + x.n, 0);
      expect(ledger).toEqual({ debits: total, refunds: 1, early: 0 });
      const mistiered = await one<{ n: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n FROM panel_members m JOIN panels p ON p.tenant_id = m.tenant_id AND p.id = m.panel_id
            WHERE m.tenant_id = ${tenantId} AND m.status = 'active' AND m.tier IS DISTINCT FROM (
              SELECT x.name FROM jsonb_to_recordset(p.tiers) AS x(name text, "minPoints" int)
              WHERE x."minPoints" <= m.earned ORDER BY x."minPoints" DESC LIMIT 1)`,
      );
      expect(mistiered?.n).toBe(0);
    });
  });
}
