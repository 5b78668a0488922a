import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { Config } from '../../../platform/config.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getOrgUnit } from '../../org/queries/get-org-unit.ts';
import { newWebhookSecret } from '../../webhooks/sign.ts';
import type { TExportScheduleCreate } from '../schema.ts';
import { checkDestination } from './check-destination.ts';

/**
 * Creates a schedule at a unit in the caller's scope (404 otherwise) with the secret that signs its uploads,
 * returned here once. Its first run is due at once and exports every row of the subtree committed so far.
 */
export async function createSchedule(
  tx: Tx,
  config: Pick<Config, 'exportDir' | 'outboundAllow'>,
  actor: Actor,
  body: TExportScheduleCreate,
): Promise<{ id: string; secret: string }> {
  checkDestination(config, body.destination);
  const unit = await getOrgUnit(tx, actor, body.orgUnitId ?? actor.orgUnitId);
  const id = randomUUID();
  const secret = newWebhookSecret();
  await tx.execute(
    sql`INSERT INTO export_schedules (tenant_id, id, name, dataset, format, every, destination, org_unit_id, secret,
          enabled, created_by)
        VALUES (${actor.tenantId}, ${id}, ${body.name}, ${body.dataset}, ${body.format}, ${body.every},
          ${JSON.stringify(body.destination)}::jsonb, ${unit.id}, ${secret}, ${body.enabled}, ${actor.id})`,
  );
  await audit(tx, actor, 'export_schedule.create', 'export_schedule', id, {
    dataset: body.dataset,
    format: body.format,
    every: body.every,
    // An upload URL's path may carry the receiver's own token: the origin only.
    destination:
      body.destination.kind === 'https'
        ? { kind: 'https', origin: new URL(body.destination.url).origin }
        : body.destination,
  });
  return { id, secret };
}
