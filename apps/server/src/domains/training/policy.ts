import { type Actor, atTenantRoot, authorize } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

/**
 * Who manages training quizzes: whoever runs the QA programme — owners and admins, and analysts or managers at the
 * tenant root (the same rule as `inspections/policy.ts` `canManageQa`, restated here because the inspections
 * domain imports this one for its job and a domain import cycle is not allowed).
 */
export function canManageTraining(actor: Actor): boolean {
  return actor.role === 'owner' || actor.role === 'admin' || atTenantRoot(actor);
}

/** 403 unless the caller writes quizzes (HQ quality staff, admins, owners). */
export function authorizeManageTraining(actor: Actor): void {
  authorize(actor, 'inspections.manage');
  if (!canManageTraining(actor)) throw forbidden('Only HQ quality staff, admins and owners manage training quizzes');
}

/**
 * 403 unless the caller may assign training in a unit they already proved in scope: anyone who may write
 * inspections (a store manager assigns their own staff, QA staff any unit).
 */
export function authorizeAssignTraining(actor: Actor): void {
  authorize(actor, 'inspections.write');
}
