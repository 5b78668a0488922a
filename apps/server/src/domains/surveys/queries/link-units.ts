import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { orgScope } from '../../org/scope.ts';

/** The active units of a kind in the caller's subtree, by code: the units a batch of printed links is made for. */
export async function listLinkUnits(ex: Executor, actor: Actor, kind: string) {
  return rows<{ id: string; code: string; name: string }>(
    ex,
    sql`SELECT o.id, o.code, o.name FROM org_units o WHERE ${orgScope(actor)} AND o.kind = ${kind} AND o.status = 'active' ORDER BY o.code`,
  );
}
