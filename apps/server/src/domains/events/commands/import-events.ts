import { createHash } from 'node:crypto';
import type { TEventImportResponse, TEventType } from '@loopcx/shared';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { eventTypesFor } from '../queries/event-types.ts';
import { ingestEvents, MAX_BATCH } from './ingest-events.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;

/** What an import did (the events contract's answer to POST /events/import); rows as a spreadsheet numbers them. */
export type EventImportReport = TEventImportResponse;

// Header aliases, so exports from POS and call-centre systems (often with Chinese headers) import as they are.
const ALIASES: Record<string, string> = {
  type: 'type',
  event_type: 'type',
  eventtype: 'type',
  类型: 'type',
  事件类型: 'type',
  occurred_at: 'occurredAt',
  occurredat: 'occurredAt',
  time: 'occurredAt',
  timestamp: 'occurredAt',
  时间: 'occurredAt',
  发生时间: 'occurredAt',
  org_unit_code: 'orgUnitCode',
  orgunitcode: 'orgUnitCode',
  unit_code: 'orgUnitCode',
  store_code: 'orgUnitCode',
  门店编码: 'orgUnitCode',
  单位编码: 'orgUnitCode',
  org_unit_id: 'orgUnitId',
  orgunitid: 'orgUnitId',
  touchpoint_id: 'touchpointId',
  touchpointid: 'touchpointId',
  customer: 'customer',
  customer_ref: 'customer',
  member_id: 'customer',
  会员号: 'customer',
  客户: 'customer',
  value: 'value',
  数值: 'value',
  idempotency_key: 'idempotencyKey',
  idempotencykey: 'idempotencyKey',
  event_id: 'idempotencyKey',
  事件编号: 'idempotencyKey',
};
const TRUE = new Set(['true', '1', 'yes', 'y', '是', '有效']);
const FALSE = new Set(['false', '0', 'no', 'n', '否', '无效']);

type Cell = string | number | boolean | Date | null;

function header(h: string): string {
  const k = h.replace(/^\uFEFF/, '').trim();
  const low = k.toLowerCase().replace(/[\s-]+/g, '_');
  if (ALIASES[low]) return ALIASES[low];
  if (ALIASES[k]) return ALIASES[k];
  return `properties.${k.replace(/^(properties|prop|property)[._]/i, '')}`;
}

/** Offset of a time zone at an instant, as +08:00 (for local timestamps in files). */
function zoneOffset(tz: string, at: Date): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}:\d{2})?/.exec(name);
  return m?.[1] ?? '+00:00';
}

function toTime(v: Cell, tz: string): string | undefined {
  if (v === null || v === '') return undefined;
  if (v instanceof Date) return v.toISOString();
  const s = String(v).trim();
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2}(\.\d+)?)?$/.exec(s);
  if (local)
    return `${local[1]}T${local[2]}${local[3] ?? ':00'}${zoneOffset(tz, new Date(`${local[1]}T${local[2]}Z`))}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return `${s}T00:00:00${zoneOffset(tz, new Date(`${s}T00:00Z`))}`;
  return s;
}

function coerce(v: Cell, spec: TEventType['properties'][string] | undefined): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (!spec) return s;
  if (spec.type === 'boolean') return TRUE.has(s.toLowerCase()) ? true : FALSE.has(s.toLowerCase()) ? false : s;
  if ((spec.type === 'number' || spec.type === 'integer') && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) return Number(s);
  return s;
}

async function readTable(format: 'csv' | 'xlsx', content: string): Promise<Cell[][]> {
  if (format === 'csv') return Papa.parse<string[]>(content.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' }).data;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(content, 'base64') as unknown as ArrayBuffer);
  } catch {
    throw new AppError('invalid', 'The file is not a readable .xlsx workbook', {
      invalidParams: [{ name: 'content', reason: 'not an .xlsx file (send it base64-encoded)' }],
    });
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const out: Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const v = row.getCell(c).value as unknown;
      cells.push(
        v === null || v === undefined
          ? null
          : v instanceof Date || typeof v !== 'object'
            ? (v as Cell)
            : String((v as { text?: unknown; result?: unknown }).text ?? (v as { result?: unknown }).result ?? ''),
      );
    }
    out.push(cells);
  });
  return out;
}

/**
 * Imports a CSV or .xlsx of events: every row is validated like an API event; bad rows are reported with the
 * column at fault and good rows are stored (in batches of 5,000). Rows without an idempotency key get one
 * derived from the file and row, so importing the same file twice stores nothing new.
 */
export async function importEvents(
  ctx: AppContext,
  actor: Actor,
  file: { format: 'csv' | 'xlsx'; content: string },
  opts: { dryRun: boolean },
): Promise<EventImportReport> {
  const table = await readTable(file.format, file.content);
  const [head, ...data] = table;
  if (!head?.some((h) => h !== null && String(h).trim()))
    throw new AppError('invalid', 'The file has no header row', {
      invalidParams: [{ name: 'content', reason: 'no header row' }],
    });
  if (data.length > MAX_IMPORT_ROWS)
    throw new AppError('payload_too_large', `At most ${MAX_IMPORT_ROWS} rows per import; this file has ${data.length}`);
  const cols = head.map((h) => header(String(h ?? '')));
  if (!cols.includes('type'))
    throw new AppError('invalid', 'The file needs a "type" column', {
      invalidParams: [{ name: 'content', reason: 'missing column type' }],
    });
  const types = await eventTypesFor(ctx.db, actor.tenantId);
  const tz =
    (await one<{ timezone: string }>(ctx.db, sql`SELECT timezone FROM tenants WHERE id = ${actor.tenantId}`))
      ?.timezone ?? 'UTC';
  const fileId = createHash('sha256').update(file.content).digest('hex').slice(0, 16);
  const errors: EventImportReport['errors'] = [];
  const report: EventImportReport = {
    dryRun: opts.dryRun,
    rows: data.length,
    created: 0,
    duplicates: 0,
    invalid: 0,
    errors,
  };
  const events = data.map((cells, i) => {
    const e: Record<string, unknown> = {};
    const props: Record<string, unknown> = {};
    const typeKey = String(cells[cols.indexOf('type')] ?? '').trim();
    const type = types.get(typeKey);
    cols.forEach((c, j) => {
      const v = cells[j] ?? null;
      if (v === null || (typeof v === 'string' && v.trim() === '')) return;
      if (c.startsWith('properties.')) {
        const name = c.slice('properties.'.length);
        props[name] = coerce(v, type?.properties[name]);
      } else if (c === 'occurredAt') e.occurredAt = toTime(v, tz);
      else if (c === 'value')
        e.value =
          typeof v === 'number' ? v : /^-?\d+(\.\d+)?$/.test(String(v).trim()) ? Number(String(v).trim()) : String(v);
      else e[c] = v instanceof Date ? v.toISOString() : String(v).trim();
    });
    if (Object.keys(props).length) e.properties = props;
    e.idempotencyKey ??= `import:${fileId}:${i + 2}`;
    return e;
  });
  for (let start = 0; start < events.length; start += MAX_BATCH) {
    const results = await ingestEvents(ctx, actor, events.slice(start, start + MAX_BATCH), {
      prefix: 'rows',
      source: 'import',
      dryRun: opts.dryRun,
    });
    results.forEach((r, j) => {
      if (r.status === 'created') report.created++;
      else if (r.status === 'duplicate') report.duplicates++;
      else if ('errors' in r) {
        report.invalid++;
        for (const err of r.errors) {
          const field = err.name.replace(/^rows\.\d+\.?/, '') || 'row';
          if (errors.length < 1000) errors.push({ row: start + j + 2, field, reason: err.reason });
        }
      }
    });
  }
  return report;
}
