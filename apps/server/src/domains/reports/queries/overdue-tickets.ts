import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { pathUnder } from '../../org/scope.ts';
import { ticketUnitScope } from '../../tickets/scope.ts';

/**
 * Open tickets of the unit's subtree whose resolution was due before `now`, most overdue first, and how many there
 * are. Scope: the caller's tenant and subtree (`ticketUnitScope`: a report counts the subtree's work, whoever it
 * is assigned to) and inside it the report's unit.
 */
export async function overdueTickets(ex: Executor, actor: Actor, unitPath: string, now: Date, limit = 10) {
  const where = sql`${ticketUnitScope(actor)} AND ${pathUnder('o', unitPath)}
    AND t.status NOT IN ('resolved', 'closed') AND t.resolution_due_at < ${now.toISOString()}`;
  const from = sql`tickets t JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id`;
  const total = await one<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`);
  const items = await rows<{
    id: string;
    number: number;
    title: string;
    unit: string;
    unit_en: string | null;
    priority: string;
    due_at: Date | string;
  }>(
    ex,
    sql`SELECT t.id, t.number, t.title, o.name AS unit, o.name_en AS unit_en, t.priority, t.resolution_due_at AS due_at
        FROM ${from} WHERE ${where} ORDER BY t.resolution_due_at, t.number LIMIT ${limit}`,
  );
  return { total: total?.n ?? 0, items };
}
