import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';
import {
  presentResponse,
  RESPONSE_SELECT,
  type ResponseFilters,
  type ResponseRow,
  responseScope,
} from '../queries/list-responses.ts';

const CHUNK = 2000;

/** Where export files live: the data directory, or the temp dir for in-memory databases. */
export function exportDir(ctx: AppContext) {
  const dir = ctx.config.dataDir.startsWith('memory://')
    ? join(tmpdir(), 'loopcx-exports')
    : join(ctx.config.dataDir, 'exports');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Spreadsheet formula injection: cells starting with = + - @ (or tab/CR) are prefixed so they stay text. */
export const safeCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};
const csvCell = (v: unknown) => {
  const s = safeCell(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Question columns: the survey's questions (with titles) when one survey is exported, else one answers column. */
async function columnsFor(ctx: AppContext, tenantId: string, surveyId?: string) {
  if (!surveyId) return null;
  const s = await one<{ definition: { pages?: Array<{ elements?: unknown[] }>; elements?: unknown[] } }>(
    ctx.db,
    sql`SELECT definition FROM surveys WHERE tenant_id = ${tenantId} AND id = ${surveyId}`,
  );
  const out: Array<{ name: string; title: string }> = [];
  const walk = (els: unknown[] = []) => {
    for (const e of els as Array<Record<string, unknown>>) {
      if (e.type === 'panel') walk(e.elements as unknown[]);
      else if (e.type !== 'html' && typeof e.name === 'string') {
        const t = e.title as string | Record<string, string> | undefined;
        out.push({ name: e.name, title: typeof t === 'string' ? t : (t?.['zh-cn'] ?? t?.default ?? e.name) });
      }
    }
  };
  for (const p of s?.definition.pages ?? [{ elements: s?.definition.elements }]) walk(p.elements);
  return out;
}

/** The export job: streams the filtered responses to CSV (UTF-8 with BOM, opens in Excel) or XLSX, with progress. */
export async function runExport(ctx: AppContext, job: Job<{ exportId: string }>) {
  const tenantId = job.tenantId!;
  const exp = await one<{ format: 'csv' | 'xlsx'; filters: ResponseFilters; actor: Actor; status: string }>(
    ctx.db,
    sql`SELECT format, filters, actor, status FROM exports WHERE tenant_id = ${tenantId} AND id = ${job.payload.exportId}`,
  );
  if (!exp || exp.status === 'done') return;
  const where = await responseScope(ctx.db, exp.actor, exp.filters);
  const total = Number(
    (await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM responses r WHERE ${where}`))!.n,
  );
  await ctx.db.execute(
    sql`UPDATE exports SET status = 'running', total = ${total}, rows_written = 0 WHERE tenant_id = ${tenantId} AND id = ${job.payload.exportId}`,
  );
  const questions = await columnsFor(ctx, tenantId, exp.filters.surveyId);
  const scoreKeys = ['nps', 'csat', 'ces'];
  const header = [
    'id',
    'submitted_at',
    'unit_code',
    'unit_name',
    'touchpoint',
    'survey',
    'channel',
    'customer',
    ...scoreKeys,
    ...(questions ? questions.map((q) => q.title) : ['answers']),
  ];
  const file = join(exportDir(ctx), `${job.payload.exportId}.${exp.format}`);
  const toRow = (r: ReturnType<typeof presentResponse>) => [
    r.id,
    r.submittedAt,
    r.orgUnit?.code,
    r.orgUnit?.name,
    r.touchpoint?.name,
    r.surveyName,
    r.channel,
    r.customerRef,
    ...scoreKeys.map((k) => r.scores[k]),
    ...(questions ? questions.map((q) => r.answers[q.name]) : [r.answers]),
  ];

  let written = 0;
  const writeAll = async (emit: (row: unknown[]) => Promise<void> | void) => {
    let cursor = sql``;
    for (;;) {
      const chunk = await rows<ResponseRow>(
        ctx.db,
        sql`${RESPONSE_SELECT} WHERE ${where} ${cursor} ORDER BY r.submitted_at, r.id LIMIT ${CHUNK}`,
      );
      for (const r of chunk) await emit(toRow(presentResponse(r)));
      written += chunk.length;
      await ctx.db.execute(
        sql`UPDATE exports SET rows_written = ${written} WHERE tenant_id = ${tenantId} AND id = ${job.payload.exportId}`,
      );
      ctx.bus.publish({
        tenantId,
        type: 'exports.progress',
        data: { id: job.payload.exportId, rows: written, total, requestedBy: exp.actor.id },
      });
      if (chunk.length < CHUNK) break;
      const last = chunk[chunk.length - 1];
      cursor = sql`AND (r.submitted_at, r.id) > (${new Date(last.submitted_at).toISOString()}::timestamptz, ${last.id}::uuid)`;
    }
  };

  if (exp.format === 'csv') {
    const out = createWriteStream(file);
    out.write(`\uFEFF${header.map(csvCell).join(',')}\r\n`);
    await writeAll(async (row) => {
      if (!out.write(`${row.map(csvCell).join(',')}\r\n`)) await once(out, 'drain');
    });
    out.end();
    await once(out, 'finish');
  } else {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('responses');
    ws.addRow(header).commit();
    await writeAll((row) => ws.addRow(row.map(safeCell)).commit());
    ws.commit();
    await wb.commit();
  }
  await ctx.db.execute(
    sql`UPDATE exports SET status = 'done', file = ${file}, rows_written = ${written}, finished_at = now() WHERE tenant_id = ${tenantId} AND id = ${job.payload.exportId}`,
  );
  ctx.bus.publish({
    tenantId,
    type: 'exports.done',
    data: { id: job.payload.exportId, rows: written, requestedBy: exp.actor.id },
  });
}
