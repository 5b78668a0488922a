import { type Executor, one, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';

/** Asserts that `id`, when given, is a touchpoint of the tenant (422 on `touchpointId` otherwise). */
export async function checkTouchpoint(ex: Executor, tenantId: string, id?: string) {
  if (id && !(await one(ex, sql`SELECT 1 FROM touchpoints WHERE tenant_id = ${tenantId} AND id = ${id}`)))
    throw invalid('touchpointId', 'no such touchpoint');
}
