import type { SQL } from 'drizzle-orm';
import { type Actor, atTenantRoot, authorize } from '../../platform/auth.ts';
import { sql } from '../../platform/db.ts';
import { forbidden } from '../../platform/errors.ts';
import { pathUnder } from '../org/scope.ts';

/**
 * Who sees the panel: anyone who reads customers (its members are customers). Members are listed through
 * `customerScope`, tasks and submissions through their unit (`taskScope`).
 */
export function authorizeReadPanel(actor: Actor): void {
  authorize(actor, 'customers.read');
}

/**
 * Who runs a panel (panels, tiers, tasks, members' status): whoever writes customers, at the tenant root — a
 * panel is a tenant-wide programme that recruits customers in the tenant's name.
 */
export function authorizeManagePanel(actor: Actor): void {
  authorize(actor, 'customers.write');
  if (!atTenantRoot(actor)) throw forbidden('Panels are run at the tenant root');
}

/** Who reviews submissions: whoever writes customers, for tasks of units in their subtree (`taskScope`). */
export function authorizeReviewPanel(actor: Actor): void {
  authorize(actor, 'customers.write');
}

/**
 * The tasks a caller may see, as a condition on `panel_tasks <alias>`: an offline task's unit lies in the caller's
 * subtree; an online task (no unit) only for root-scoped callers.
 */
export function taskScope(actor: Actor, alias = 't'): SQL {
  const t = sql.raw(alias);
  const units = sql`${t}.org_unit_id IN (SELECT ou.id FROM org_units ou WHERE ou.tenant_id = ${actor.tenantId} AND ${pathUnder('ou', actor.orgPath)})`;
  return atTenantRoot(actor)
    ? sql`${t}.tenant_id = ${actor.tenantId}`
    : sql`${t}.tenant_id = ${actor.tenantId} AND ${units}`;
}
