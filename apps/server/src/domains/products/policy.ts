import { type Actor, authorize } from '../../platform/auth.ts';

/**
 * Products are a tenant-wide catalogue, like metric definitions and text topics: everyone reads it (the scorecard's
 * figures are cut to the caller's subtree), catalogue managers — owners, admins, analysts — write it.
 */
export function authorizeReadProducts(actor: Actor): void {
  authorize(actor, 'products.read');
}

/** 403 unless the caller manages the catalogue (create, edit, stage moves, holdings import, settings). */
export function authorizeManageProducts(actor: Actor): void {
  authorize(actor, 'products.write');
}
