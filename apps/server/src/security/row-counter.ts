import { rows, sql } from '../platform/db.ts';
import type { TestApp } from '../testing/harness.ts';

/**
 * The row count of every table in the schema that belongs to the given tenants (tables without `tenant_id` are
 * counted whole; on PostgreSQL other test files share the database, so tenants filter). The tables are counted once;
 * after that, row triggers (installed here, removed by `drop()`) append +1/−1 per inserted/deleted row of those
 * tenants to a log, and `count()` is the first count plus the log's sums: the same numbers as counting every table
 * again, for a read of one small table instead of a scan of ~90 (that scan after each of ~27,000 refused cases was
 * over half the suite's time). Appending (no counter row to update) keeps concurrent writers free of lock waits.
 */
export async function rowCounter(t: TestApp, tenantIds: string[]) {
  const list = await rows<{ name: string; tenanted: boolean }>(
    t.ctx.db,
    sql`SELECT c.table_name AS name,
               EXISTS (SELECT 1 FROM information_schema.columns k WHERE k.table_schema = c.table_schema
                         AND k.table_name = c.table_name AND k.column_name = 'tenant_id') AS tenanted
        FROM information_schema.tables c
        WHERE c.table_schema = current_schema() AND c.table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const clean = tenantIds.map((id) => id.replace(/[^0-9a-f-]/g, ''));
  const ids = clean.map((id) => `'${id}'`).join(', ');
  const union = list
    .map(({ name, tenanted }) => {
      const where = tenanted ? ` WHERE tenant_id IN (${ids})` : name === 'tenants' ? ` WHERE id IN (${ids})` : '';
      return `SELECT '${name}' AS t, count(*)::int AS n FROM ${name}${where}`;
    })
    .join(' UNION ALL ');
  await t.ctx.db.execute(sql.raw(`CREATE TABLE security_row_log (name text NOT NULL, d int NOT NULL)`));
  await t.ctx.db.execute(
    sql.raw(`CREATE FUNCTION security_log_row() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE r jsonb := to_jsonb(CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END);
      BEGIN
        IF TG_ARGV[0] = 'all' OR (r->>TG_ARGV[0]) = ANY (string_to_array(TG_ARGV[1], ',')) THEN
          INSERT INTO security_row_log VALUES (TG_TABLE_NAME, CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END);
        END IF;
        RETURN NULL;
      END $fn$`),
  );
  for (const { name, tenanted } of list) {
    const column = tenanted ? 'tenant_id' : name === 'tenants' ? 'id' : 'all';
    await t.ctx.db.execute(
      sql.raw(`CREATE TRIGGER security_log_row AFTER INSERT OR DELETE ON ${name} FOR EACH ROW
               EXECUTE FUNCTION security_log_row('${column}', '${clean.join(',')}')`),
    );
  }
  const totals: Record<string, number> = {};
  for (const r of await rows<{ t: string; n: number }>(t.ctx.db, sql.raw(union))) totals[r.t] = Number(r.n);
  return {
    tables: list.map((r) => r.name),
    /**
     * Folds the rows logged since the last call into the running totals and empties the log: each call reads
     * only what changed since, so tens of thousands of calls stay linear (summing the whole growing log each
     * time made the PostgreSQL run quadratic and outlast its 600 s budget).
     */
    async count(): Promise<Record<string, number>> {
      const sums = await rows<{ name: string; n: number }>(
        t.ctx.db,
        sql`WITH gone AS (DELETE FROM security_row_log RETURNING name, d)
            SELECT name, sum(d)::int AS n FROM gone GROUP BY name`,
      );
      for (const r of sums) totals[r.name] = (totals[r.name] ?? 0) + Number(r.n);
      return { ...totals };
    },
    async drop(): Promise<void> {
      for (const { name } of list) await t.ctx.db.execute(sql.raw(`DROP TRIGGER security_log_row ON ${name}`));
      await t.ctx.db.execute(sql.raw('DROP FUNCTION security_log_row() CASCADE'));
      await t.ctx.db.execute(sql.raw('DROP TABLE security_row_log'));
    },
  };
}
