import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './db.ts';

/** The committed rendering of the migrated schema (`npm run db:snapshot` writes it; a test compares it). */
export const schemaSnapshotFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'sql', 'schema.snapshot.sql');

const HEADER = `-- The loopcx schema after every migration and function file, rendered from the catalogs of a freshly migrated
-- database by \`npm run db:snapshot\`. Do not edit: migrations and sql/functions/*.sql are the source; a test fails
-- when this file is stale. A reading aid, not a script: function bodies are in sql/functions/<name>.sql.
`;

type Row = Record<string, unknown>;

// Every query reads the current schema (public, or a test's scratch schema) and sorts names bytewise (COLLATE "C")
// so the order does not depend on the server's locale.
const Q = {
  tables: `SELECT c.oid::text AS oid, c.relname AS name, array_to_string(c.reloptions, ', ') AS options
    FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
    ORDER BY c.relname COLLATE "C"`,
  columns: `SELECT a.attrelid::text AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
      a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity AS identity,
      a.attgenerated AS generated
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = current_schema()::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attrelid, a.attnum`,
  // contype 'n': PostgreSQL 18 also lists NOT NULL as constraints; nullability is rendered from the column instead,
  // so the snapshot reads the same on PostgreSQL 15.
  constraints: `SELECT co.conrelid::text AS rel, co.conname AS name, pg_get_constraintdef(co.oid) AS def
    FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid
    WHERE c.relnamespace = current_schema()::regnamespace AND co.contype <> 'n'
    ORDER BY co.conrelid, co.conname COLLATE "C"`,
  // Indexes that back a constraint are already rendered with it.
  indexes: `SELECT i.indrelid::text AS rel, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE c.relnamespace = current_schema()::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid)
    ORDER BY i.indrelid, c.relname COLLATE "C"`,
  triggers: `SELECT t.tgrelid::text AS rel, pg_get_triggerdef(t.oid) AS def
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal
    ORDER BY t.tgrelid, t.tgname COLLATE "C"`,
  sequences: `SELECT s.relname AS name, format_type(q.seqtypid, NULL) AS type, o.relname AS tbl, a.attname AS col
    FROM pg_sequence q JOIN pg_class s ON s.oid = q.seqrelid
    LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i')
      AND d.refclassid = 'pg_class'::regclass
    LEFT JOIN pg_class o ON o.oid = d.refobjid
    LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE s.relnamespace = current_schema()::regnamespace
    ORDER BY s.relname COLLATE "C"`,
  views: `SELECT c.relname AS name, c.relkind AS kind, pg_get_viewdef(c.oid) AS def
    FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('v', 'm')
    ORDER BY c.relname COLLATE "C"`,
  enums: `SELECT t.typname AS name, string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE t.typnamespace = current_schema()::regnamespace
    GROUP BY t.typname ORDER BY t.typname COLLATE "C"`,
  functions: `SELECT p.proname AS name, pg_get_function_arguments(p.oid) AS args,
      pg_get_function_result(p.oid) AS result, l.lanname AS lang, p.provolatile AS volatility
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
    WHERE p.pronamespace = current_schema()::regnamespace
    ORDER BY p.proname COLLATE "C", pg_get_function_identity_arguments(p.oid) COLLATE "C"`,
};

const VOLATILITY: Record<string, string> = { i: 'IMMUTABLE', s: 'STABLE', v: 'VOLATILE' };

/**
 * Renders the schema the connection's current schema holds — tables with columns (type, default, nullability),
 * constraints, indexes and triggers, sequences, views, enums and function signatures — as deterministic DDL-like
 * text. Only catalog facts that PostgreSQL 15 and 18 (PGlite) print alike are used, and the schema name is left
 * out, so the same migrations give the same text on both and in any schema.
 */
export async function renderSchemaSnapshot(database: Database): Promise<string> {
  return database.session(async (exec) => {
    const [schemaRow] = await exec('SELECT current_schema() AS name');
    const schema = String(schemaRow.name);
    const byRel = async (query: string) => {
      const map = new Map<string, Row[]>();
      for (const r of await exec(query)) map.set(String(r.rel), [...(map.get(String(r.rel)) ?? []), r]);
      return map;
    };
    const [columns, constraints, indexes, triggers] = [
      await byRel(Q.columns),
      await byRel(Q.constraints),
      await byRel(Q.indexes),
      await byRel(Q.triggers),
    ];
    const out: string[] = [HEADER];
    for (const t of await exec(Q.tables)) {
      const rel = String(t.oid);
      const lines = (columns.get(rel) ?? []).map(renderColumn);
      for (const c of constraints.get(rel) ?? []) lines.push(`CONSTRAINT ${c.name} ${c.def}`);
      const options = t.options ? ` WITH (${t.options})` : '';
      out.push(`CREATE TABLE ${t.name} (\n  ${lines.join(',\n  ')}\n)${options};`);
      for (const i of indexes.get(rel) ?? []) out.push(`${i.def};`);
      for (const g of triggers.get(rel) ?? []) out.push(`${g.def};`);
      out.push('');
    }
    for (const s of await exec(Q.sequences)) {
      out.push(`CREATE SEQUENCE ${s.name} AS ${s.type}${s.tbl ? ` OWNED BY ${s.tbl}.${s.col}` : ''};`);
    }
    for (const v of await exec(Q.views)) {
      out.push(`CREATE ${v.kind === 'm' ? 'MATERIALIZED VIEW' : 'VIEW'} ${v.name} AS\n${String(v.def).trim()}`);
    }
    for (const e of await exec(Q.enums)) out.push(`CREATE TYPE ${e.name} AS ENUM (${e.labels});`);
    out.push('');
    for (const f of await exec(Q.functions)) {
      out.push(
        `FUNCTION ${f.name}(${f.args})${f.result ? ` RETURNS ${f.result}` : ''} LANGUAGE ${f.lang} ` +
          `${VOLATILITY[String(f.volatility)]};`,
      );
    }
    return `${unqualify(out.join('\n'), schema).trimEnd()}\n`;
  });
}

function renderColumn(c: Row): string {
  let line = `${c.name} ${c.type}`;
  if (c.identity) line += ` GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
  else if (c.generated) line += ` GENERATED ALWAYS AS (${c.def}) STORED`;
  else if (c.def !== null && c.def !== undefined) line += ` DEFAULT ${c.def}`;
  if (c.notnull) line += ' NOT NULL';
  return line;
}

/** Drops `schema.` where the server qualified a name (index and trigger definitions always name the table so). */
function unqualify(text: string, schema: string): string {
  const quoted = /^[a-z_][a-z0-9_]*$/.test(schema) ? schema : `"${schema.replace(/"/g, '""')}"`;
  const escaped = quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(^|[\\s(,])${escaped}\\.`, 'g'), '$1');
}
