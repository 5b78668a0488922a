import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { conflict } from '../../../platform/errors.ts';
import { distanceOrNull } from '../geo.ts';
import { assertCanWork } from '../policy.ts';
import type { AuditRow } from '../presenter.ts';

/**
 * Records the inspector's arrival (where the phone says they are). The distance to the unit is stored when both the
 * check-in position and the unit's location are known, else null. Checking in again replaces the earlier check-in; 409 once submitted.
 */
export async function checkIn(
  tx: Tx,
  actor: Actor,
  a: AuditRow,
  b: { lat?: number; lng?: number; accuracyM?: number },
  now: Date,
) {
  assertCanWork(actor, a);
  if (a.status !== 'assigned') throw conflict(`The audit is ${a.status}`);
  const lat = b.lat !== undefined && b.lng !== undefined ? b.lat : null;
  const lng = lat === null ? null : (b.lng ?? null);
  const distanceM = distanceOrNull({ lat, lng }, { lat: a.unit_lat, lng: a.unit_lng });
  await tx.execute(
    sql`UPDATE audits SET checked_in_at = ${now.toISOString()}, check_in_lat = ${lat}, check_in_lng = ${lng},
          check_in_distance_m = ${distanceM}
        WHERE tenant_id = ${actor.tenantId} AND id = ${a.id}`,
  );
  await audit(tx, actor, 'audit.check_in', 'audit', a.id, {
    lat,
    lng,
    accuracyM: b.accuracyM ?? null,
    distanceM,
  });
}

/** Cancels an assigned audit; 409 once submitted or cancelled. */
export async function cancelAudit(tx: Tx, actor: Actor, a: AuditRow) {
  assertCanWork(actor, a);
  if (a.status !== 'assigned') throw conflict(`The audit is ${a.status}; only an assigned audit is cancelled`);
  await tx.execute(sql`UPDATE audits SET status = 'cancelled' WHERE tenant_id = ${actor.tenantId} AND id = ${a.id}`);
  await audit(tx, actor, 'audit.cancel', 'audit', a.id);
}
