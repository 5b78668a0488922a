import type { TTenantSettingsResponse } from '@loopcx/shared';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

/** The caller's tenant settings (the tenant id comes from the actor, never from the request). */
export async function getTenantSettings(ex: Executor, tenantId: string): Promise<TTenantSettingsResponse> {
  const row = await one<{ id: string; slug: string; name: string; default_locale: string; timezone: string }>(
    ex,
    sql`SELECT id, slug, name, default_locale, timezone FROM tenants WHERE id = ${tenantId}`,
  );
  if (!row) throw notFound('Tenant');
  return { id: row.id, slug: row.slug, name: row.name, defaultLocale: row.default_locale, timezone: row.timezone };
}
