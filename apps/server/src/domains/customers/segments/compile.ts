import type { TSegmentCondition, TSegmentDefinition } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import { sql } from '../../../platform/db.ts';
import { compare, measureQuery } from '../measures.ts';

/** A compiled segment: CTEs (event measures), LEFT JOINs onto alias c (customers) and the WHERE condition. */
export interface CompiledSegment {
  ctes: SQL[];
  joins: SQL[];
  where: SQL;
}

const NUMBER_OPS = new Set(['gt', 'gte', 'lt', 'lte']);

/** The number a promoter / passive / detractor's last NPS answer falls in. */
const NPS_RANGES = { promoter: [9, 10], passive: [7, 8], detractor: [0, 6] } as const;

/**
 * Compiles a validated segment definition (ZSegmentDefinition) to SQL over `customers c`. Every user value is a
 * bound parameter; operators, column names and aliases come from closed lists in this file, never from input.
 */
export function compileSegment(tenantId: string, def: TSegmentDefinition, now: Date): CompiledSegment {
  const ctes: SQL[] = [];
  const joins: SQL[] = [];
  const parts = def.conditions.map((c, i) => condition(tenantId, c, i, now, ctes, joins));
  const where = sql`(${sql.join(parts, def.match === 'any' ? sql` OR ` : sql` AND `)})`;
  return { ctes, joins, where };
}

function condition(tenantId: string, c: TSegmentCondition, i: number, now: Date, ctes: SQL[], joins: SQL[]): SQL {
  switch (c.kind) {
    case 'attribute': {
      const raw = sql`c.attributes -> ${c.key}`;
      const text = sql`c.attributes ->> ${c.key}`;
      if (c.op === 'exists') return sql`${raw} IS NOT NULL`;
      if (c.op === 'missing') return sql`${raw} IS NULL`;
      if (c.op === 'contains') return sql`position(lower(${String(c.value)}::text) in lower(${text})) > 0`;
      if (NUMBER_OPS.has(c.op) || typeof c.value === 'number') {
        // Non-numeric values never compare true rather than failing the whole query.
        const num = sql`(CASE WHEN jsonb_typeof(${raw}) = 'number' THEN (${text})::float8 END)`;
        return sql`coalesce(${compare(num, c.op as 'eq', Number(c.value))}, ${c.op === 'neq'})`;
      }
      const v = typeof c.value === 'boolean' ? String(c.value) : String(c.value);
      return c.op === 'neq' ? sql`${text} IS DISTINCT FROM ${v}::text` : sql`${text} = ${v}::text`;
    }
    case 'tag': {
      const has = sql`EXISTS (SELECT 1 FROM customer_tags t WHERE t.tenant_id = c.tenant_id AND t.customer_id = c.id AND t.tag = ${c.tag})`;
      return c.present === false ? sql`NOT ${has}` : has;
    }
    case 'tier':
      return sql`c.tier IN (${sql.join(
        c.tiers.map((t) => sql`${t}`),
        sql`, `,
      )})`;
    case 'identity': {
      const has = sql`EXISTS (SELECT 1 FROM customer_identities i WHERE i.tenant_id = c.tenant_id AND i.customer_id = c.id AND i.kind = ${c.identityKind})`;
      return c.present === false ? sql`NOT ${has}` : has;
    }
    case 'npsGroup': {
      // The customer's latest response carrying an NPS score (responses_customer_idx).
      const last = sql`(SELECT (r.scores ->> 'nps')::float8 FROM responses r
                        WHERE r.tenant_id = c.tenant_id AND r.customer_id = c.id AND r.customer_id IS NOT NULL AND r.scores -> 'nps' IS NOT NULL
                        ORDER BY r.submitted_at DESC LIMIT 1)`;
      const ranges = c.groups.map(
        (g) => sql`${last} BETWEEN ${NPS_RANGES[g][0]}::float8 AND ${NPS_RANGES[g][1]}::float8`,
      );
      return sql`(${sql.join(ranges, sql` OR `)})`;
    }
    case 'events': {
      const alias = sql.raw(`m${i}`);
      ctes.push(
        sql`${alias} AS (${measureQuery(tenantId, { kind: 'events', eventType: c.eventType, fn: c.fn, windowDays: c.windowDays }, now)})`,
      );
      joins.push(sql`LEFT JOIN ${alias} ON ${alias}.customer_id = c.id`);
      return compare(sql`coalesce(${alias}.v, 0)`, c.op, c.value);
    }
  }
}

/** `WITH …` for a compiled segment, or nothing. */
export function withClause(s: CompiledSegment): SQL {
  return s.ctes.length ? sql`WITH ${sql.join(s.ctes, sql`, `)} ` : sql``;
}

/** `FROM customers c <joins> WHERE <tenant, live profile, segment>` for a compiled segment. */
export function fromSegment(tenantId: string, s: CompiledSegment): SQL {
  return sql`FROM customers c ${sql.join(s.joins, sql` `)} WHERE c.tenant_id = ${tenantId} AND c.merged_into IS NULL AND ${s.where}`;
}
