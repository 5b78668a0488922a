import { randomBytes, randomUUID } from 'node:crypto';
import { sdkOriginOf, type TSdkWidget } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { AppError, conflict, type InvalidParam } from '../../../platform/errors.ts';
import { eventTypesFor } from '../../events/queries/event-types.ts';
import { pathInScope } from '../../org/scope.ts';
import { SDK_KEY_COLUMNS, type SdkKeyRow } from '../presenter.ts';
import { forgetSdkKey } from '../queries/key-lookup.ts';
import { getSdkKey } from '../queries/list-sdk-keys.ts';

export interface SdkKeyInput {
  name?: string;
  allowedOrigins?: string[];
  allowedEventTypes?: string[];
  orgUnitId?: string;
  touchpointId?: string | null;
  /** The 吐槽 widget's settings; null turns it off. */
  feedbackWidget?: TSdkWidget | null;
}

/** `pk_` and 32 url-safe random characters (192 bits): public, but never guessable into another tenant's key. */
export const newPublicKey = () => `pk_${randomBytes(24).toString('base64url')}`;

const textArray = (values: string[]) =>
  sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/**
 * Checks what a create or an edit sets: origins canonical and unique, event types declared and active, the unit in
 * the caller's subtree, the touchpoint the tenant's. Every problem is reported at once (422 naming the field).
 */
async function checked(tx: Tx, actor: Actor, input: SdkKeyInput) {
  const errors: InvalidParam[] = [];
  let origins: string[] | undefined;
  if (input.allowedOrigins) {
    origins = [];
    input.allowedOrigins.forEach((o, i) => {
      const c = sdkOriginOf(o.trim());
      if (!c) errors.push({ name: `allowedOrigins.${i}`, reason: 'an exact origin such as https://shop.example.com' });
      else if (!origins!.includes(c)) origins!.push(c);
    });
  }
  let types: string[] | undefined;
  if (input.allowedEventTypes) {
    const declared = await eventTypesFor(tx, actor.tenantId, { refresh: true });
    types = [...new Set(input.allowedEventTypes)];
    input.allowedEventTypes.forEach((t, i) => {
      if (declared.get(t)?.status !== 'active')
        errors.push({ name: `allowedEventTypes.${i}`, reason: `undeclared or archived event type ${t}` });
    });
  }
  let unit: { id: string; path: string } | undefined;
  if (input.orgUnitId) {
    unit = await one<{ id: string; path: string }>(
      tx,
      sql`SELECT id, path FROM org_units WHERE tenant_id = ${actor.tenantId} AND id = ${input.orgUnitId}`,
    );
    if (!unit || !pathInScope(actor, unit.path)) {
      errors.push({ name: 'orgUnitId', reason: 'no such unit in your scope' });
      unit = undefined;
    }
  }
  if (input.touchpointId) {
    const tp = await one(
      tx,
      sql`SELECT 1 AS x FROM touchpoints WHERE tenant_id = ${actor.tenantId} AND id = ${input.touchpointId}`,
    );
    if (!tp) errors.push({ name: 'touchpointId', reason: 'no such touchpoint' });
  }
  if (errors.length) throw new AppError('invalid', errors[0].reason, { invalidParams: errors });
  return { origins, types, unit };
}

const auditView = (r: SdkKeyRow) => ({
  name: r.name,
  allowedOrigins: r.allowed_origins,
  allowedEventTypes: r.allowed_event_types,
  orgUnitId: r.org_unit_id,
  touchpointId: r.touchpoint_id,
  feedbackWidget: r.feedback_widget,
});

/** Creates a public write key (owner/admin; the unit must lie in the caller's subtree). */
export async function createSdkKey(
  tx: Tx,
  actor: Actor,
  input: Required<Omit<SdkKeyInput, 'touchpointId' | 'feedbackWidget'>> &
    Pick<SdkKeyInput, 'touchpointId' | 'feedbackWidget'>,
): Promise<SdkKeyRow> {
  const { origins, types, unit } = await checked(tx, actor, input);
  const id = randomUUID();
  const row = (await one<SdkKeyRow>(
    tx,
    sql`WITH k AS (
          INSERT INTO sdk_keys (tenant_id, id, name, key, allowed_origins, allowed_event_types, org_unit_id, touchpoint_id, feedback_widget, created_by)
          VALUES (${actor.tenantId}, ${id}, ${input.name}, ${newPublicKey()}, ${textArray(origins!)}, ${textArray(types!)},
            ${unit!.id}, ${input.touchpointId ?? null}, ${input.feedbackWidget ? JSON.stringify(input.feedbackWidget) : null}::jsonb,
            ${actor.kind === 'user' ? actor.id : null})
          RETURNING *)
        SELECT ${sql.raw(SDK_KEY_COLUMNS)} FROM k`,
  ))!;
  await audit(tx, actor, 'sdk_key.create', 'sdk_key', id, auditView(row));
  return row;
}

/** Edits a live key's name, origins, types, unit, touchpoint or 吐槽 widget (a revoked key is 409; its string never changes). */
export async function updateSdkKey(tx: Tx, actor: Actor, id: string, input: SdkKeyInput): Promise<SdkKeyRow> {
  const before = await getSdkKey(tx, actor, id, { forUpdate: true });
  if (before.revoked_at) throw conflict('This SDK key is revoked; create a new one');
  const { origins, types, unit } = await checked(tx, actor, input);
  const row = (await one<SdkKeyRow>(
    tx,
    sql`WITH k AS (
          UPDATE sdk_keys SET
            name = ${input.name ?? before.name},
            allowed_origins = ${origins ? textArray(origins) : sql`allowed_origins`},
            allowed_event_types = ${types ? textArray(types) : sql`allowed_event_types`},
            org_unit_id = ${unit?.id ?? before.org_unit_id},
            touchpoint_id = ${input.touchpointId === undefined ? sql`touchpoint_id` : sql`${input.touchpointId}`},
            feedback_widget = ${input.feedbackWidget === undefined ? sql`feedback_widget` : sql`${input.feedbackWidget ? JSON.stringify(input.feedbackWidget) : null}::jsonb`}
          WHERE tenant_id = ${actor.tenantId} AND id = ${id}
          RETURNING *)
        SELECT ${sql.raw(SDK_KEY_COLUMNS)} FROM k`,
  ))!;
  forgetSdkKey(row.key);
  await audit(tx, actor, 'sdk_key.update', 'sdk_key', id, auditView(row), auditView(before));
  return row;
}

/** Revokes a key in the caller's subtree (404 otherwise; revoking twice keeps the first time). */
export async function revokeSdkKey(tx: Tx, actor: Actor, id: string): Promise<void> {
  const before = await getSdkKey(tx, actor, id, { forUpdate: true });
  await tx.execute(
    sql`UPDATE sdk_keys SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  forgetSdkKey(before.key);
  await audit(
    tx,
    actor,
    'sdk_key.revoke',
    'sdk_key',
    id,
    { name: before.name, revoked: true },
    { name: before.name, revoked: before.revoked_at !== null },
  );
}
