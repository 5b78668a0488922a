import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { Config } from '../../../platform/config.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getSchedule } from '../queries/get-schedule.ts';
import type { TExportScheduleUpdate } from '../schema.ts';
import { checkDestination } from './check-destination.ts';

/** Changes a schedule in the caller's scope; the watermark stays, so the next run goes on where the last ended. */
export async function updateSchedule(
  tx: Tx,
  config: Pick<Config, 'exportDir' | 'outboundAllow'>,
  actor: Actor,
  id: string,
  body: TExportScheduleUpdate,
) {
  const before = await getSchedule(tx, actor, id);
  if (body.destination) checkDestination(config, body.destination);
  await tx.execute(
    sql`UPDATE export_schedules SET
          name = coalesce(${body.name ?? null}, name),
          format = coalesce(${body.format ?? null}, format),
          every = coalesce(${body.every ?? null}, every),
          destination = coalesce(${body.destination ? JSON.stringify(body.destination) : null}::jsonb, destination),
          enabled = coalesce(${body.enabled ?? null}::boolean, enabled),
          updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  const origin = (d: { kind: string; url?: string; path?: string }) =>
    d.kind === 'https' && d.url ? { kind: 'https', origin: new URL(d.url).origin } : d;
  await audit(
    tx,
    actor,
    'export_schedule.update',
    'export_schedule',
    id,
    { ...body, destination: body.destination ? origin(body.destination) : undefined },
    { format: before.format, every: before.every, enabled: before.enabled, destination: origin(before.destination) },
  );
}
