import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { conflict, notFound } from '../../../platform/errors.ts';

/** What a new root cause needs. */
export interface CreateRootCauseInput {
  code: string;
  name: string;
  nameEn?: string;
  parentId?: string;
}

/** Adds a root cause to the tenant's taxonomy (codes are unique per tenant; a parent must be the tenant's). */
export async function createRootCause(tx: Executor, actor: Actor, input: CreateRootCauseInput): Promise<string> {
  const id = randomUUID();
  if (await one(tx, sql`SELECT 1 FROM root_causes WHERE tenant_id = ${actor.tenantId} AND code = ${input.code}`))
    throw conflict(`Root cause ${input.code} exists`, 'code');
  if (
    input.parentId &&
    !(await one(tx, sql`SELECT 1 FROM root_causes WHERE tenant_id = ${actor.tenantId} AND id = ${input.parentId}`))
  )
    throw notFound('Parent root cause');
  await tx.execute(
    sql`INSERT INTO root_causes (tenant_id, id, parent_id, code, name, name_en) VALUES (${actor.tenantId}, ${id}, ${input.parentId ?? null}, ${input.code}, ${input.name}, ${input.nameEn ?? null})`,
  );
  await audit(tx, actor, 'root_cause.create', 'root_cause', id, input);
  return id;
}
