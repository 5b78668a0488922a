import { randomUUID } from 'node:crypto';
import { type Executor, sql } from '../../platform/db.ts';
import { hashPassword } from '../../platform/passwords.ts';

export interface CreateTenantOptions {
  slug: string;
  name: string;
  defaultLocale?: 'zh-CN' | 'en';
  /** IANA zone whose days the tenant's rollups and reports count (the column's default: Asia/Shanghai). */
  timezone?: string;
  root: { code: string; name: string; nameEn?: string };
  owner: { email: string; name: string; password: string };
}

/** Creates a tenant with its root (HQ) unit and a first owner. Returns the ids. */
export async function createTenant(tx: Executor, opts: CreateTenantOptions) {
  const tenantId = randomUUID();
  const rootId = randomUUID();
  const ownerId = randomUUID();
  await tx.execute(
    sql`INSERT INTO tenants (id, slug, name, default_locale, timezone)
        VALUES (${tenantId}, ${opts.slug}, ${opts.name}, ${opts.defaultLocale ?? 'zh-CN'}, ${opts.timezone ?? 'Asia/Shanghai'})`,
  );
  await tx.execute(
    sql`INSERT INTO org_units (tenant_id, id, parent_id, path, depth, code, name, name_en, kind)
        VALUES (${tenantId}, ${rootId}, NULL, ${`/${rootId}/`}, 0, ${opts.root.code}, ${opts.root.name}, ${opts.root.nameEn ?? null}, 'hq')`,
  );
  await tx.execute(
    sql`INSERT INTO users (tenant_id, id, email, name, password_hash, role, org_unit_id, locale)
        VALUES (${tenantId}, ${ownerId}, ${opts.owner.email.toLowerCase()}, ${opts.owner.name}, ${await hashPassword(opts.owner.password)},
                'owner', ${rootId}, ${opts.defaultLocale ?? 'zh-CN'})`,
  );
  return { tenantId, rootId, ownerId, rootPath: `/${rootId}/` };
}
