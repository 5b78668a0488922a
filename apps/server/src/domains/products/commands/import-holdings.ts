import { type THoldingImportResult, ZHoldingImportRow } from '@loopcx/shared';
import Papa from 'papaparse';
import type { z } from 'zod';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { identityHash } from '../../customers/identity.ts';
import { authorizeManageProducts } from '../policy.ts';
import { upsertHoldings } from './link-events.ts';

type Row = z.output<typeof ZHoldingImportRow>;
const MAX_ROWS = 5000;

/** CSV text → rows; the header names the columns (`externalId` or `member_id`, `email`, `productCode`, `since`). */
function parseCsv(csv: string): {
  rows: Array<{ row: number; value: unknown }>;
  errors: THoldingImportResult['errors'];
} {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [header, ...data] = parsed.data;
  if (!header?.length)
    throw new AppError('invalid', 'The CSV has no header row', { invalidParams: [{ name: 'csv', reason: 'empty' }] });
  if (data.length > MAX_ROWS) throw new AppError('payload_too_large', `At most ${MAX_ROWS} rows per import`);
  const alias: Record<string, string> = {
    externalid: 'externalId',
    external_id: 'externalId',
    member_id: 'externalId',
    memberid: 'externalId',
    email: 'email',
    productcode: 'productCode',
    product_code: 'productCode',
    sku: 'productCode',
    since: 'since',
  };
  const cols = header.map((h) => alias[h.trim().toLowerCase()]);
  if (!cols.includes('productCode') || !(cols.includes('externalId') || cols.includes('email')))
    throw new AppError('invalid', 'The CSV header needs productCode and externalId or email', {
      invalidParams: [{ name: 'csv', reason: 'header: externalId,email,productCode[,since]' }],
    });
  return {
    rows: data.map((r, i) => ({
      row: i + 2,
      value: Object.fromEntries(cols.flatMap((c, j) => (c && r[j]?.trim() ? [[c, r[j].trim()]] : []))),
    })),
    errors: [],
  };
}

/**
 * Imports holdings: each row names a customer by member id or email (matched against existing profiles, never
 * creating one) and a product code; every row that resolves adds one to the holding (source `import` when new).
 * Rows that do not parse or resolve are reported by number (1-based; a CSV's header is row 1) and skipped.
 */
export async function importHoldings(
  tx: Executor,
  actor: Actor,
  secret: string,
  input: { rows?: unknown[]; csv?: string },
  now: Date,
): Promise<THoldingImportResult> {
  authorizeManageProducts(actor);
  const source =
    input.csv !== undefined
      ? parseCsv(input.csv)
      : { rows: (input.rows ?? []).map((value, i) => ({ row: i + 1, value })), errors: [] };
  const errors = [...source.errors];
  const ok: Array<{ row: number; r: Row; key: string }> = [];
  for (const { row, value } of source.rows) {
    const parsed = ZHoldingImportRow.safeParse(value);
    if (!parsed.success) {
      errors.push({
        row,
        message: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '),
      });
      continue;
    }
    const r = parsed.data;
    if (!r.externalId && !r.email) {
      errors.push({ row, message: 'give externalId or email' });
      continue;
    }
    const key = r.externalId
      ? `member:${r.externalId}`
      : `email:${identityHash(secret, actor.tenantId, 'email', r.email!.toLowerCase())}`;
    ok.push({ row, r, key });
  }
  const codes = [...new Set(ok.map((o) => o.r.productCode))];
  const products = new Map(
    (
      await rows<{ id: string; code: string }>(
        tx,
        sql`SELECT id, code FROM products WHERE tenant_id = ${actor.tenantId}
            AND code IN (SELECT jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`,
      )
    ).map((p) => [p.code, p.id]),
  );
  const keys = [...new Set(ok.map((o) => o.key))].map((k) => {
    const i = k.indexOf(':');
    return { kind: k.slice(0, i), value: k.slice(i + 1) };
  });
  const customers = new Map(
    (
      await rows<{ kind: string; value: string; customer_id: string }>(
        tx,
        sql`SELECT i.kind, i.value, coalesce(c.merged_into, c.id) AS customer_id
            FROM jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) AS x(kind text, value text)
            JOIN customer_identities i ON i.tenant_id = ${actor.tenantId} AND i.kind = x.kind AND i.value = x.value
            JOIN customers c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id`,
      )
    ).map((c) => [`${c.kind}:${c.value}`, c.customer_id]),
  );
  const held = new Map<string, { c: string; p: string; n: number; first: string; last: string }>();
  let imported = 0;
  for (const { row, r, key } of ok) {
    const p = products.get(r.productCode);
    const c = customers.get(key);
    if (!p) errors.push({ row, message: `no product with code ${r.productCode}` });
    else if (!c)
      errors.push({
        row,
        message: r.externalId ? `no customer with member id ${r.externalId}` : 'no customer with this email',
      });
    else {
      const at = r.since ? new Date(r.since).toISOString() : now.toISOString();
      const h = held.get(`${c}|${p}`);
      if (h) {
        h.n++;
        if (at < h.first) h.first = at;
        if (at > h.last) h.last = at;
      } else held.set(`${c}|${p}`, { c, p, n: 1, first: at, last: at });
      imported++;
    }
  }
  if (held.size) await upsertHoldings(tx, actor.tenantId, [...held.values()], 'import');
  errors.sort((a, b) => a.row - b.row);
  return { imported, errors: errors.slice(0, 500) };
}
