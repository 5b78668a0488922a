import { ADMIN_ROLES, grantableRolesFor, type TRole } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

/** 403 unless the caller may grant `role` (the shared roles table; API keys never grant owner or admin). */
export function assertCanGrant(actor: Actor, role: TRole): void {
  if (actor.kind === 'external') throw forbidden('An external inspector grants no roles');
  if (!grantableRolesFor(actor.role, actor.kind).includes(role))
    throw forbidden(
      actor.kind === 'apiKey'
        ? `An API key may not grant ${role}: administrators are created in the console`
        : `Your role (${actor.role}) may not grant ${role}`,
    );
}

/** 403 for an API key changing an owner/admin or setting a password: access itself is managed by people. */
export function assertPersonManagesAccess(actor: Actor, target: { role: TRole }, setsPassword: boolean): void {
  if (actor.kind !== 'apiKey') return;
  if (ADMIN_ROLES.includes(target.role)) throw forbidden('An API key may not change an owner or admin');
  if (setsPassword) throw forbidden('An API key may not set passwords');
}
