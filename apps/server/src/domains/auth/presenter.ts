import { ABILITIES, roleCan, type TAbility, type TMeResponse } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import { type Executor, one, sql } from '../../platform/db.ts';
import { forbidden } from '../../platform/errors.ts';

/** The caller as the console sees it: identity, tenant, scope unit and the abilities the role grants. */
export async function presentMe(ex: Executor, actor: Actor): Promise<TMeResponse> {
  // An external inspector's actor exists only inside the audit link's routes; it has no console identity.
  if (actor.kind === 'external') throw forbidden('An external inspector has no console identity');
  const row = await one<{
    slug: string;
    tname: string;
    default_locale: string;
    timezone: string;
    code: string;
    uname: string;
    name_en: string | null;
    kind: string;
  }>(
    ex,
    sql`SELECT t.slug, t.name AS tname, t.default_locale, t.timezone, o.code, o.name AS uname, o.name_en, o.kind
        FROM tenants t JOIN org_units o ON o.tenant_id = t.id AND o.id = ${actor.orgUnitId}
        WHERE t.id = ${actor.tenantId}`,
  );
  return {
    kind: actor.kind,
    id: actor.id,
    email: actor.email ?? null,
    name: actor.name ?? null,
    role: actor.role,
    locale: actor.locale ?? row?.default_locale ?? 'zh-CN',
    tenant: {
      id: actor.tenantId,
      slug: row?.slug,
      name: row?.tname,
      defaultLocale: row?.default_locale,
      timezone: row?.timezone,
    },
    orgUnit: {
      id: actor.orgUnitId,
      path: actor.orgPath,
      code: row?.code,
      name: row?.uname,
      nameEn: row?.name_en,
      kind: row?.kind,
    },
    abilities: (Object.keys(ABILITIES) as TAbility[]).filter((a) => roleCan(actor.role, a)),
  };
}
