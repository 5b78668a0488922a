import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { getTenantSettings } from '../queries/get-tenant-settings.ts';

/** What PATCH /tenant may change. */
export interface TenantSettingsPatch {
  name?: string;
  defaultLocale?: 'zh-CN' | 'en';
  /** An IANA zone, checked by the route (`ZTimeZone`). */
  timezone?: string;
}

/**
 * Changes the tenant's settings. A new time zone applies to every day computed from then on: responses and events
 * committed afterwards land on the new zone's days, periods and pickers use it at once; days already counted in
 * the rollups keep the zone they were counted in (a rollup row holds no instants to move).
 */
export async function updateTenantSettings(tx: Executor, actor: Actor, patch: TenantSettingsPatch) {
  const before = await getTenantSettings(tx, actor.tenantId);
  await tx.execute(
    sql`UPDATE tenants SET name = coalesce(${patch.name ?? null}, name),
               default_locale = coalesce(${patch.defaultLocale ?? null}, default_locale),
               timezone = coalesce(${patch.timezone ?? null}, timezone)
        WHERE id = ${actor.tenantId}`,
  );
  const after = await getTenantSettings(tx, actor.tenantId);
  await audit(tx, actor, 'tenant.update', 'tenant', actor.tenantId, {
    ...patch,
    ...(patch.timezone ? { previousTimezone: before.timezone } : {}),
  });
  return after;
}
