import { type Actor, authorize } from '../../platform/auth.ts';

/**
 * Concept tests follow the surveys they read: whoever may read surveys reads the tests and their live decision;
 * whoever may create surveys (owners and admins) creates, changes and archives tests and records or overrides
 * their decisions.
 */
export function authorizeReadConceptTests(actor: Actor): void {
  authorize(actor, 'surveys.read');
}

/** 403 unless the caller may create surveys. */
export function authorizeManageConceptTests(actor: Actor): void {
  authorize(actor, 'surveys.write');
}
