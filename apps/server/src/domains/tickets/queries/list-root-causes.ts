import { type Executor, rows, sql } from '../../../platform/db.ts';

/** A root cause as the console shows it. */
export interface RootCause {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  nameEn: string | null;
  status: string;
}

/** The columns of a root cause, named as the API answers them. */
export const ROOT_CAUSE_COLUMNS = sql.raw(`id, parent_id AS "parentId", code, name, name_en AS "nameEn", status`);

/** The tenant's root-cause taxonomy by code (the taxonomy is tenant-wide, not unit-scoped). */
export async function listRootCauses(ex: Executor, tenantId: string): Promise<RootCause[]> {
  return rows<RootCause>(
    ex,
    sql`SELECT ${ROOT_CAUSE_COLUMNS} FROM root_causes WHERE tenant_id = ${tenantId} ORDER BY code`,
  );
}
