import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../platform/context.ts';
import { rows, sql } from '../platform/db.ts';

/**
 * The demo tenant's service QA (issue 22): registered from `demo.test.ts`, which seeds the demo once; `get` gives its
 * context and tenant when the tests run.
 */
export function describeQaDemo(get: () => { ctx: AppContext; tenantId: string }) {
  const q = <T>(query: ReturnType<typeof sql>) => rows<T>(get().ctx.db, query);
  describe('demo service QA', () => {
    let ctx: AppContext;
    let tenantId: string;
    beforeAll(() => {
      ({ ctx, tenantId } = get());
    });

    it('has a mystery-shop checklist, two months of audits, SZ-03 fatal failures as tickets, kinder self-inspections', async () => {
      const [c] = await q<{ n: number; fatal: number }>(
        sql`SELECT jsonb_array_length(v.items)::int AS n,
            (SELECT count(*) FROM jsonb_array_elements(v.items) i WHERE i->>'severity' = 'fatal')::int AS fatal
          FROM checklists c JOIN checklist_versions v ON v.tenant_id = c.tenant_id AND v.checklist_id = c.id AND v.version = c.version
          WHERE c.tenant_id = ${tenantId}`,
      );
      expect(c).toEqual({ n: 12, fatal: 3 });
      const [a] = await q<{ stores: number; submitted: number; self: number; external: number }>(
        sql`SELECT count(DISTINCT org_unit_id)::int AS stores, count(*)::int AS submitted,
            avg(score) FILTER (WHERE kind = 'self_inspection')::float8 AS self,
            avg(score) FILTER (WHERE kind <> 'self_inspection')::float8 AS external
          FROM audits WHERE tenant_id = ${tenantId} AND status = 'submitted'`,
      );
      expect(a.stores).toBeGreaterThanOrEqual(5);
      expect(a.submitted).toBeGreaterThanOrEqual(30);
      expect(a.self).toBeGreaterThan(a.external);
      const tickets = await q<{ code: string; n: number }>(
        sql`SELECT o.code, count(*)::int AS n FROM tickets t JOIN audits a ON a.tenant_id = t.tenant_id AND a.id = t.audit_id
          JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
          WHERE t.tenant_id = ${tenantId} AND t.source = 'audit' GROUP BY o.code`,
      );
      expect(tickets.map((x) => x.code)).toEqual(['SZ-03']);
      const [failures] = await q<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM audit_results WHERE tenant_id = ${tenantId} AND severity = 'fatal' AND result = 'fail'`,
      );
      expect(tickets[0].n).toBe(failures.n);
      const [assigned] = await q<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM audits a JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.inspector_id
          WHERE a.tenant_id = ${tenantId} AND a.status = 'assigned' AND u.email = 'sh01.manager@savor.example'`,
      );
      expect(assigned.n).toBe(2);
    });

    it('has calibration pairs on recent mystery shops with a realistic κ, low on the judgement-call items', async () => {
      const { calibrationReport } = await import('../domains/inspections/queries/calibration.ts');
      const { demoActors } = await import('./actors.ts');
      const owner = (await demoActors(ctx.db, tenantId))('owner@savor.example');
      const [c] = await q<{ id: string }>(sql`SELECT id FROM checklists WHERE tenant_id = ${tenantId}`);
      const day = (offset: number) =>
        new Date(ctx.clock.now().getTime() + offset * 86400_000).toISOString().slice(0, 10);
      const r = await calibrationReport(ctx.db, owner, { checklistId: c.id, from: day(-60), to: day(2) });
      expect(r.overall.pairs).toBeGreaterThanOrEqual(6);
      expect(r.overall.kappa).toBeGreaterThan(0.4);
      expect(r.overall.kappa).toBeLessThan(0.9);
      expect(r.inspectors.length).toBeGreaterThanOrEqual(3);
      expect(r.items.some((i) => i.kappa !== null && i.kappa < 0.6)).toBe(true);
    });

    it('has a monthly mystery-shop plan of 4 stores by region and a monthly self-inspection plan, with past runs', async () => {
      const plans = await q<{ id: string; kind: string; sample_size: number | null; external_name: string | null }>(
        sql`SELECT id, kind, sample_size, external_name FROM audit_plans
          WHERE tenant_id = ${tenantId} AND active AND schedule = 'monthly' AND next_run_at > now() ORDER BY kind`,
      );
      expect(plans.map((p) => [p.kind, p.sample_size])).toEqual([
        ['mystery_shop', 4],
        ['self_inspection', null],
      ]);
      expect(plans[0].external_name).toContain('Clearview');
      const runs = await q<{ plan_id: string; audits: number; linked: number; submitted: number; regions: number }>(
        sql`SELECT r.plan_id, r.audits, count(a.id)::int AS linked,
            count(a.id) FILTER (WHERE a.status = 'submitted')::int AS submitted,
            count(DISTINCT split_part(o.path, '/', 3))::int AS regions
          FROM audit_plan_runs r LEFT JOIN audits a ON a.tenant_id = r.tenant_id AND a.plan_run_id = r.id
          LEFT JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
          WHERE r.tenant_id = ${tenantId} GROUP BY r.id, r.plan_id, r.audits, r.run_at ORDER BY r.run_at`,
      );
      for (const p of plans) {
        const mine = runs.filter((r) => r.plan_id === p.id);
        // Two past months of submitted audits, then this month's run with its audits assigned.
        expect(mine.length).toBeGreaterThanOrEqual(3);
        expect(mine.slice(0, -1).every((r) => r.submitted === r.audits && r.audits > 0)).toBe(true);
        expect(mine.every((r) => r.linked === r.audits)).toBe(true);
        expect(mine[mine.length - 1].submitted).toBe(0);
      }
      const mysteryRuns = runs.filter((r) => r.plan_id === plans[0].id);
      expect(mysteryRuns.every((r) => r.audits === 4 && r.regions >= 3)).toBe(true);
    });

    it('closes the QA loop: SZ stores’ slow first dishes as one problem of the process owner, an alert rule, a dashboard', async () => {
      const problems = await q<{ code: string; audits: number; owner: string; stores: string[] }>(
        sql`SELECT p.source_audit->>'code' AS code, jsonb_array_length(p.source_audit->'auditIds')::int AS audits,
              u.email AS owner,
              ARRAY(SELECT DISTINCT o.code FROM audits a JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
                    WHERE a.tenant_id = p.tenant_id AND a.id::text IN (SELECT jsonb_array_elements_text(p.source_audit->'auditIds'))
                    ORDER BY o.code) AS stores
            FROM problems p JOIN users u ON u.tenant_id = p.tenant_id AND u.id = p.owner_id
            WHERE p.tenant_id = ${tenantId} AND p.source = 'audit' AND p.status = 'open'`,
      );
      const slow = problems.find((p) => p.code === 'SRV-1');
      expect(slow?.owner).toBe('analyst@savor.example');
      expect(slow?.stores).toEqual(expect.arrayContaining(['SZ-01', 'SZ-02', 'SZ-03']));
      expect(new Set(problems.map((p) => p.code)).size).toBe(problems.length);
      const [rule] = await q<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM alert_rules WHERE tenant_id = ${tenantId} AND condition->>'metric' = 'audit.fatal_error_rate'`,
      );
      expect(rule.n).toBe(1);
      const [board] = await q<{ rank: string }>(
        sql`SELECT config->>'rankMetric' AS rank FROM saved_dashboards WHERE tenant_id = ${tenantId} AND name = '门店稽核 Store audits'`,
      );
      expect(board.rank).toBe('audit.fatal_error_rate');
    });

    it('has a fatal-error-rate target on the South region; SZ-03 is at risk in the month of its latest mystery shop', async () => {
      const { effectiveTargets } = await import('../domains/targets/queries/effective-targets.ts');
      const { targetAttention } = await import('../domains/targets/queries/attention.ts');
      const { demoActors } = await import('./actors.ts');
      const [shop] = await q<{ id: string; month: string; this_month: string }>(
        sql`SELECT o.id::text, to_char(max(a.submitted_at) AT TIME ZONE t.timezone, 'YYYY-MM') AS month,
              to_char(${ctx.clock.now()}::timestamptz AT TIME ZONE t.timezone, 'YYYY-MM') AS this_month
            FROM audits a JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
            JOIN tenants t ON t.id = a.tenant_id
            WHERE a.tenant_id = ${tenantId} AND o.code = 'SZ-03' AND a.kind = 'mystery_shop' AND a.status = 'submitted'
            GROUP BY o.id, t.timezone`,
      );
      const atShop = await effectiveTargets(
        ctx.db,
        tenantId,
        'audit.fatal_error_rate',
        shop.month,
        [shop.id],
        ctx.clock.now(),
      );
      expect(atShop.units.get(shop.id)).toMatchObject({ target: 2, status: 'at_risk' });
      // The home page's card says the same as the targets of the running month.
      const now = await effectiveTargets(
        ctx.db,
        tenantId,
        'audit.fatal_error_rate',
        shop.this_month,
        [shop.id],
        ctx.clock.now(),
      );
      const owner = (await demoActors(ctx.db, tenantId))('owner@savor.example');
      const card = (await targetAttention(ctx.db, owner, ctx.clock.now(), 'en')).find((i) =>
        i.link.includes('audit.fatal_error_rate'),
      );
      expect(card !== undefined).toBe(now.units.get(shop.id)?.status === 'at_risk');
      if (card) expect(card.title).toContain('Fatal error rate target at risk');
    });

    it('has training: two linked quizzes, staff assigned from audit failures, SZ-03 passing less, some overdue', async () => {
      const quizzes = await q<{ name: string; items: string[]; fatal: boolean }>(
        sql`SELECT q.name_en AS name, q.item_codes AS items,
              bool_and(it->>'severity' = 'fatal') AS fatal
            FROM training_quizzes q JOIN checklist_versions v ON v.tenant_id = q.tenant_id AND v.checklist_id = q.checklist_id
            CROSS JOIN LATERAL jsonb_array_elements(v.items) it
            WHERE q.tenant_id = ${tenantId} AND it->>'code' = ANY(q.item_codes) AND v.version = 1
            GROUP BY q.tenant_id, q.id ORDER BY q.name_en`,
      );
      expect(quizzes.map((x) => [x.name, x.fatal])).toEqual([
        ['Dine-in service basics', false],
        ['Food safety essentials', true],
      ]);
      const byStore = await q<{
        code: string;
        n: number;
        fromAudit: number;
        tried: number;
        passed: number;
        overdue: number;
      }>(
        sql`SELECT o.code, count(*)::int AS n, count(t.audit_id)::int AS "fromAudit",
              count(*) FILTER (WHERE t.attempts > 0)::int AS tried, count(*) FILTER (WHERE t.status = 'passed')::int AS passed,
              count(*) FILTER (WHERE t.status = 'open' AND t.due_at < ${ctx.clock.now().toISOString()}::timestamptz)::int AS overdue
            FROM training_assignments t JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id
            WHERE t.tenant_id = ${tenantId} GROUP BY o.code ORDER BY o.code`,
      );
      const at = Object.fromEntries(byStore.map((r) => [r.code, r]));
      expect(Object.keys(at)).toEqual(expect.arrayContaining(['SZ-03', 'SH-01', 'GZ-02', 'BJ-01']));
      expect(byStore.every((r) => r.fromAudit === r.n)).toBe(true);
      expect(at['SZ-03'].n).toBeGreaterThanOrEqual(10);
      const rate = (r: { tried: number; passed: number }) => r.passed / r.tried;
      const others = { tried: 0, passed: 0 };
      for (const r of byStore.filter((x) => x.code !== 'SZ-03')) {
        others.tried += r.tried;
        others.passed += r.passed;
      }
      expect(rate(at['SZ-03'])).toBeLessThan(rate(others));
      expect(byStore.reduce((t, r) => t + r.overdue, 0)).toBeGreaterThan(0);
      // Nobody holds two open, not overdue assignments of one quiz.
      const [dupes] = await q<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM (SELECT user_id, quiz_id FROM training_assignments
              WHERE tenant_id = ${tenantId} AND status = 'open' AND due_at > ${ctx.clock.now().toISOString()}::timestamptz
              GROUP BY 1, 2 HAVING count(*) > 1) d`,
      );
      expect(dupes.n).toBe(0);
      const [jobs] = await q<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM jobs WHERE tenant_id = ${tenantId} AND kind = 'training.assign-from-audit'`,
      );
      expect(jobs.n).toBe(0);
    });
  });
}
