import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { ROOT_CAUSE_COLUMNS, type RootCause } from '../queries/list-root-causes.ts';

/** Renames or archives a root cause of the tenant (404 for another tenant's); fields left out keep their value. */
export async function updateRootCause(
  ex: Executor,
  tenantId: string,
  id: string,
  input: { name?: string; nameEn?: string; status?: 'active' | 'archived' },
): Promise<RootCause> {
  const row = await one<RootCause>(
    ex,
    sql`UPDATE root_causes SET name = coalesce(${input.name ?? null}, name), name_en = coalesce(${input.nameEn ?? null}, name_en), status = coalesce(${input.status ?? null}, status)
      WHERE tenant_id = ${tenantId} AND id = ${id}
      RETURNING ${ROOT_CAUSE_COLUMNS}`,
  );
  if (!row) throw notFound('Root cause');
  return row;
}
