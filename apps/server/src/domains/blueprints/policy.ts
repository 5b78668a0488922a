import { type Actor, atTenantRoot, authorize } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

/** Everyone who reads service QA reads the process blueprints: they describe the whole chain, not one unit. */
export function authorizeReadBlueprints(actor: Actor): void {
  authorize(actor, 'inspections.read');
}

/**
 * 403 unless the caller designs processes: HQ (owners, admins, and analysts or managers whose scope is the whole
 * tenant), the same people who write checklists (`inspections/policy.ts`). A store manager reads, never edits.
 */
export function authorizeEditBlueprints(actor: Actor): void {
  authorize(actor, 'inspections.manage');
  if (!(actor.role === 'owner' || actor.role === 'admin' || atTenantRoot(actor)))
    throw forbidden('Only HQ staff, admins and owners design process blueprints');
}
