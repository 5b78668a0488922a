import type { SQL } from 'drizzle-orm';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import { sql } from '../../../platform/db.ts';
import { pathUnder } from '../../org/scope.ts';

// The invitations table belongs to the surveys domain (personalised links); Reach gives it a lifecycle and the
// customer timeline reads it, so both take its scope and presented status from here.

/**
 * The invitations a caller may see, as a condition on `invitations i LEFT JOIN org_units o`: the tenant, and an
 * invitation of a unit in the caller's subtree. Invitations without a unit (an event without a store) belong to
 * the whole organisation: only root-scoped callers see them (as events do).
 */
export function invitationScope(actor: Actor): SQL {
  return atTenantRoot(actor)
    ? sql`i.tenant_id = ${actor.tenantId} AND (i.org_unit_id IS NULL OR ${pathUnder('o', actor.orgPath)})`
    : sql`i.tenant_id = ${actor.tenantId} AND ${pathUnder('o', actor.orgPath)}`;
}

export const INVITATIONS_FROM = sql`invitations i LEFT JOIN org_units o ON o.tenant_id = i.tenant_id AND o.id = i.org_unit_id`;

/**
 * The status a person reads: the furthest lifecycle step reached. Stored `status` says where delivery stands;
 * opened / started / completed come from the link's own timestamps, and a link past its expiry that was never
 * answered is expired.
 */
export const STATUS_EXPR = (now: string) => sql`CASE
  WHEN i.responded_at IS NOT NULL THEN 'completed'
  WHEN i.status IN ('suppressed', 'failed', 'scheduled') THEN i.status
  WHEN i.expires_at IS NOT NULL AND i.expires_at <= ${now}::timestamptz THEN 'expired'
  WHEN i.started_at IS NOT NULL THEN 'started'
  WHEN i.opened_at IS NOT NULL THEN 'opened'
  ELSE i.status END`;
