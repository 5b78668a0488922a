import type { TAuditResult } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { demoActors } from '../../seed/actors.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { pathWithin } from '../org/scope.ts';
import { assignCalibration } from './commands/assign-calibration.ts';
import { submitAudit } from './commands/submit-audit.ts';
import { getAudit } from './queries/audits.ts';
import { checklistItems } from './queries/checklists.ts';

/** Judgement calls where inspectors disagree most (plating, "clean"): the calibration table flags them. */
const SUBJECTIVE: Record<string, number> = { 'SRV-2': 0.4, 'ENV-1': 0.35, 'ORD-1': 0.25 };
/** Regional managers by region code: the second inspector of a store is its region's manager. */
const REGION_MANAGERS = [
  ['EAST', 'east.manager@savor.example'],
  ['NORTH', 'north.manager@savor.example'],
  ['SOUTH', 'south.manager@savor.example'],
] as const;

/**
 * Calibration in the demo: the mystery shops of the last five weeks (the agency's shopper's or the analyst's) outside SZ-03 each had the store's
 * regional manager (HQ's owner where no region holds it) audit the same visit as a calibration partner, through the
 * API's commands. The partner agrees on clear-cut items and on every fatal one, and differs on judgement calls,
 * so κ is realistic overall (around 0.6–0.7) and low on the subjective items.
 */
export async function seedCalibration(ctx: AppContext, demo: DemoTenant): Promise<void> {
  if (await one(ctx.db, sql`SELECT 1 FROM audits WHERE tenant_id = ${demo.tenantId} AND calibration_of IS NOT NULL`))
    return;
  const as = await demoActors(ctx.db, demo.tenantId);
  const owner = as('owner@savor.example');
  const analyst = as('analyst@savor.example');
  const rand = prng(demo.seed + 72);
  const originals = await rows<{ id: string; unit_path: string; submitted_at: Date | string }>(
    ctx.db,
    sql`SELECT a.id, o.path AS unit_path, a.submitted_at FROM audits a
        JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
        WHERE a.tenant_id = ${demo.tenantId} AND a.kind = 'mystery_shop' AND a.status = 'submitted'
          AND (a.inspector_id = ${analyst.id} OR a.external_name IS NOT NULL) AND a.fatal_failures = 0 AND o.code <> 'SZ-03'
          AND a.submitted_at > ${new Date(ctx.clock.now().getTime() - 35 * 86400_000).toISOString()}
        ORDER BY a.submitted_at, a.id`,
  );
  for (const o of originals) {
    const region = REGION_MANAGERS.find(([code]) => pathWithin(o.unit_path, demo.units.get(code)?.path));
    const partner = region ? as(region[1]) : owner;
    const at = new Date(new Date(o.submitted_at).getTime() + 20 * 60_000);
    await ctx.db.transaction(async (tx) => {
      const original = await getAudit(tx, owner, o.id, { lock: true });
      const given = await rows<{ code: string; result: TAuditResult }>(
        tx,
        sql`SELECT code, result FROM audit_results WHERE tenant_id = ${demo.tenantId} AND audit_id = ${o.id}`,
      );
      const partnerId = await assignCalibration(
        tx,
        owner,
        original,
        { inspectorId: partner.id },
        new Date(at.getTime() - 3 * 86400_000),
      );
      const items = await checklistItems(tx, demo.tenantId, original.checklist_id, original.checklist_version);
      const fatal = new Set(items.filter((i) => i.severity === 'fatal').map((i) => i.code));
      const results = given.map((r) => {
        const flip = !fatal.has(r.code) && rand.next() < (SUBJECTIVE[r.code] ?? 0.04);
        const result: TAuditResult = flip ? (r.result === 'pass' ? 'fail' : 'pass') : r.result;
        return { code: r.code, result, note: result === 'fail' ? '第二名检查员判定不合格。' : undefined };
      });
      const a = await getAudit(tx, owner, partnerId, { lock: true });
      // As in the inspections demo: no photos shipped, so the photo rule is relaxed for the demo's failures.
      await submitAudit(
        tx,
        partner,
        a,
        items.map((i) => ({ ...i, evidence: 'none' as const })),
        { results },
        at,
      );
    });
  }
}
