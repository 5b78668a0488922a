import { type Actor, atTenantRoot, authorize } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

/**
 * Who runs the QA programme: owners and admins, and analysts or managers whose scope is the whole tenant (HQ
 * quality staff). They write checklists and assign mystery shops, sampling checks and rehearsals; a store manager
 * only makes self-inspections of their own unit.
 */
export function canManageQa(actor: Actor): boolean {
  return actor.role === 'owner' || actor.role === 'admin' || atTenantRoot(actor);
}

/** 403 unless the caller manages the QA programme (checklists, external audits). */
export function authorizeManageQa(actor: Actor): void {
  authorize(actor, 'inspections.manage');
  if (!canManageQa(actor)) throw forbidden('Only HQ quality staff, admins and owners manage checklists and audits');
}

/**
 * 403 unless the caller may work (check in, photograph, submit, cancel) an audit already found in their scope: its
 * inspector, QA staff, or — for a self-inspection — anyone who may write inspections in the unit's subtree. A store
 * manager therefore cannot fill in the mystery shop of their own store. An external inspector (signed link) works
 * only the audit of their link.
 */
export function assertCanWork(actor: Actor, audit: { id: string; kind: string; inspector_id: string | null }): void {
  // The external inspector's link works exactly its own audit.
  if (actor.kind === 'external') {
    if (actor.id === audit.id) return;
    throw forbidden('This link works another audit');
  }
  authorize(actor, 'inspections.write');
  if (audit.inspector_id === actor.id || canManageQa(actor) || audit.kind === 'self_inspection') return;
  throw forbidden('Only the inspector or HQ quality staff work this audit');
}
