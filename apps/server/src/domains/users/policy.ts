import { grantableRoles, type TRole } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

/** 403 unless the caller's role may grant `role` (the shared roles table says which roles each may grant). */
export function assertCanGrant(actor: Actor, role: TRole): void {
  if (!grantableRoles(actor.role).includes(role)) throw forbidden(`Your role (${actor.role}) may not grant ${role}`);
}
