import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TResponseExportOptions, type TUiLang, ZResponseExportOptions } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { storeFile } from '../../../platform/file-store.ts';
import type { Job } from '../../../platform/jobs.ts';
import { type ExportRow, exportColumns, unionQuestions, wallClockText } from '../export-columns.ts';
import { type ResponseFilters, responseScope } from '../queries/list-responses.ts';

/** The `responses.export` job payload: the export row and the options it was asked with. */
export interface TResponseExportJob {
  exportId: string;
  options?: Partial<TResponseExportOptions>;
}

const CHUNK = 2000;

/**
 * Where an export is written while it runs (this worker's data directory, or the temp dir for in-memory databases);
 * when done it moves to the file store every node reads (platform/file-store.ts).
 */
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

/**
 * The questions of the surveys in the export: the union over every version of each survey the filtered responses
 * answered, newest version first, so a question dropped in a later version still gets its column.
 */
async function exportQuestions(ctx: AppContext, tenantId: string, where: SQL, surveyId?: string) {
  const surveys = surveyId
    ? sql`SELECT ${surveyId}::uuid`
    : sql`SELECT DISTINCT r.survey_id FROM responses r WHERE ${where}`;
  const versions = await rows<{ definition: unknown }>(
    ctx.db,
    sql`SELECT v.definition FROM survey_versions v JOIN surveys s ON s.tenant_id = v.tenant_id AND s.id = v.survey_id
        WHERE v.tenant_id = ${tenantId} AND v.survey_id IN (${surveys})
        ORDER BY s.created_at, s.id, v.version DESC`,
  );
  return unionQuestions(versions.map((v) => v.definition));
}

/** A response row of the export, with its version, localized names and text analysis (`ExportRow`). */
const EXPORT_SELECT = sql`SELECT r.id, s.name AS survey_name, v.version, o.code AS unit_code, o.name AS unit_name,
  o.name_en AS unit_name_en, tp.name AS touchpoint_name, tp.name_en AS touchpoint_name_en, r.customer_ref, r.channel,
  r.answers, r.scores, r.submitted_at, ta.sentiments, ta.topics
  FROM responses r
  JOIN surveys s ON s.tenant_id = r.tenant_id AND s.id = r.survey_id
  JOIN survey_versions v ON v.tenant_id = r.tenant_id AND v.id = r.survey_version_id
  LEFT JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
  LEFT JOIN touchpoints tp ON tp.tenant_id = r.tenant_id AND tp.id = r.touchpoint_id
  LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT a.sentiment) AS sentiments,
      (SELECT jsonb_agg(DISTINCT jsonb_build_object('name', t.name, 'nameEn', t.name_en))
         FROM text_analyses a2
         JOIN text_topic_hits h ON h.tenant_id = a2.tenant_id AND h.analysis_id = a2.id
         JOIN text_topics t ON t.tenant_id = h.tenant_id AND t.id = h.topic_id
        WHERE a2.tenant_id = r.tenant_id AND a2.source_kind = 'response' AND a2.source_id = r.id) AS topics
    FROM text_analyses a
    WHERE a.tenant_id = r.tenant_id AND a.source_kind = 'response' AND a.source_id = r.id
  ) ta ON true`;

/** The export options of a job, with the language defaulting to the tenant's. */
export function resolveExportOptions(
  options: Partial<TResponseExportOptions> | undefined,
  tenantLocale: string,
): TResponseExportOptions & { lang: TUiLang } {
  const o = ZResponseExportOptions.parse(options ?? {});
  return { ...o, lang: o.lang ?? (tenantLocale === 'en' ? 'en' : 'zh-CN') };
}

/**
 * The export job: streams the filtered responses to CSV (UTF-8 with BOM, so Excel and WPS read Chinese) or XLSX, one
 * column per question (`export-columns.ts`), with progress. Rules are documented in README (Exports).
 */
export async function runExport(ctx: AppContext, job: Job<TResponseExportJob>) {
  const tenantId = job.tenantId!;
  const exp = await one<{ format: 'csv' | 'xlsx'; filters: ResponseFilters; actor: Actor; status: string }>(
    ctx.db,
    sql`SELECT format, filters, actor, status FROM exports WHERE tenant_id = ${tenantId} AND id = ${job.payload.exportId}`,
  );
  if (!exp || exp.status === 'done') return;
  const tenant = (await one<{ timezone: string; default_locale: string }>(
    ctx.db,
    sql`SELECT timezone, default_locale FROM tenants WHERE id = ${tenantId}`,
  ))!;
  const opts = resolveExportOptions(job.payload.options, tenant.default_locale);
  const where = await responseScope(ctx.db, exp.actor, exp.filters);
  const total = Number(
    (await one<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM responses r WHERE ${where}`))!.n,
  );
  await ctx.db.execute(
    sql`UPDATE exports SET status = 'running', total = ${total}, rows_written = 0 WHERE tenant_id = ${tenantId} AND id = ${job.payload.exportId}`,
  );
  const questions = await exportQuestions(ctx, tenantId, where, exp.filters.surveyId);
  const columns = exportColumns(questions, opts, tenant.timezone, exp.format === 'csv' ? wallClockText : (d) => d);
  const headers: string[][] =
    opts.keys === 'header'
      ? [columns.map((c) => (c.title === c.key ? c.title : `${c.title} [${c.key}]`))]
      : opts.keys === 'row'
        ? [columns.map((c) => c.title), columns.map((c) => c.key)]
        : [columns.map((c) => c.title)];
  const file = join(exportDir(ctx), `${job.payload.exportId}.${exp.format}`);
  const toRow = (r: ExportRow) => columns.map((c) => c.cell(r));

  let written = 0;
  const writeAll = async (emit: (row: unknown[]) => Promise<void> | void) => {
    let cursor = sql``;
    for (;;) {
      const chunk = await rows<ExportRow>(
        ctx.db,
        sql`${EXPORT_SELECT} WHERE ${where} ${cursor} ORDER BY r.submitted_at, r.id LIMIT ${CHUNK}`,
      );
      for (const r of chunk) await emit(toRow(r));
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
    out.write(`\uFEFF${headers.map((h) => h.map(csvCell).join(',')).join('\r\n')}\r\n`);
    await writeAll(async (row) => {
      if (!out.write(`${row.map(csvCell).join(',')}\r\n`)) await once(out, 'drain');
    });
    out.end();
    await once(out, 'finish');
  } else {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('responses', { views: [{ state: 'frozen', ySplit: headers.length }] });
    ws.columns = columns.map((c) =>
      c.key === 'submitted_at' ? { key: c.key, width: 20, style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : { key: c.key },
    );
    for (const h of headers) ws.addRow(h.map(safeCell)).commit();
    await writeAll((row) =>
      ws.addRow(row.map((v) => (v instanceof Date || typeof v === 'number' ? v : safeCell(v)))).commit(),
    );
    ws.commit();
    await wb.commit();
  }
  // Stored where every node reads it (the database by default): the download may reach any web node.
  const stored = await storeFile(ctx, tenantId, `export-${job.payload.exportId}.${exp.format}`, file);
  await ctx.db.execute(
    sql`UPDATE exports SET status = 'done', file = ${stored}, rows_written = ${written}, finished_at = now() WHERE tenant_id = ${tenantId} AND id = ${job.payload.exportId}`,
  );
  ctx.bus.publish({
    tenantId,
    type: 'exports.done',
    data: { id: job.payload.exportId, rows: written, requestedBy: exp.actor.id },
  });
}
