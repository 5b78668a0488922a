import { type SurveyQuestion, surveyQuestions, type TImportMapping, type TImportPreview } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import { AppError, type InvalidParam } from '../../../platform/errors.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { planImport, prepareRows } from '../convert.ts';
import { type ImportRow, presentImport } from '../presenter.ts';
import { chunkStream, readRows, type SourceRow } from '../source.ts';
import { importSurvey, SAMPLE_ROWS } from './upload-import.ts';

const TARGET = /^(q:\S{1,400}|submittedAt|unitCode|customer|externalId)$/;

/**
 * Checks a mapping against the file and the survey: one target per column, each question known, each target
 * once, at least one answer, a unit from a column or a default (in the caller's scope). 422 naming the column.
 */
export async function checkMapping(
  ctx: AppContext,
  actor: Actor,
  imp: ImportRow,
  mapping: TImportMapping,
  questions: SurveyQuestion[],
): Promise<void> {
  const problems: InvalidParam[] = [];
  const names = new Map(questions.map((q) => [q.name, q]));
  if (mapping.columns.length !== imp.headers.length)
    problems.push({
      name: 'columns',
      reason: `the file has ${imp.headers.length} columns; give one target for each (got ${mapping.columns.length})`,
    });
  const seen = new Map<string, number>();
  mapping.columns.forEach((t, i) => {
    const at = `columns.${i}`;
    if (t === 'ignore') return;
    if (!TARGET.test(t)) {
      problems.push({ name: at, reason: 'is not q:<question>, submittedAt, unitCode, customer, externalId or ignore' });
      return;
    }
    if (seen.has(t))
      problems.push({
        name: at,
        reason: `${t} is already mapped from column ${seen.get(t)! + 1} (${imp.headers[seen.get(t)!]})`,
      });
    seen.set(t, i);
    if (!t.startsWith('q:')) return;
    const spec = t.slice(2);
    const q = names.get(spec) ?? names.get(spec.split('.')[0]);
    if (!q) problems.push({ name: at, reason: `the survey has no question ${spec}` });
    else if (spec !== q.name) {
      const sub = spec.slice(q.name.length + 1);
      const subs = q.rows.length ? q.rows : q.items;
      if (!subs.some((s) => s.value === sub))
        problems.push({ name: at, reason: `${q.name} has no row or item ${sub}` });
    } else if (q.rows.length || q.items.length)
      problems.push({ name: at, reason: `${q.name} has rows: map a column to each as ${q.name}.<row>` });
  });
  if (!mapping.columns.some((t) => t.startsWith('q:')))
    problems.push({ name: 'columns', reason: 'map at least one column to a question (missing columns: answers)' });
  if (!mapping.columns.includes('unitCode') && !mapping.defaultOrgUnitId)
    problems.push({
      name: 'defaultOrgUnitId',
      reason: 'map a unit-code column or choose a default unit (missing column: unit)',
    });
  if (problems.length)
    throw new AppError('invalid', problems.map((p) => `${p.name}: ${p.reason}`).join('; '), {
      invalidParams: problems,
    });
  if (mapping.defaultOrgUnitId) await requireUnitInScope(ctx.db, actor, mapping.defaultOrgUnitId, 'Default unit');
}

/**
 * The first rows of the file as the mapping imports them: each row's cells, answers and time, and its problems
 * (the same conversion and survey rules the job applies; nothing is written).
 */
export async function previewImport(
  ctx: AppContext,
  actor: Actor,
  imp: ImportRow,
  mapping: TImportMapping | null,
): Promise<TImportPreview> {
  const survey = await importSurvey(ctx.db, actor.tenantId, imp.survey_id);
  const questions = surveyQuestions(survey.definition);
  const sample: SourceRow[] = [];
  await readRows(
    chunkStream(ctx, actor.tenantId, imp.id, Math.min(imp.chunk_count, 4)),
    { format: imp.format, encoding: mapping?.encoding ?? imp.encoding, batchSize: SAMPLE_ROWS, limit: SAMPLE_ROWS },
    async (rows) => {
      sample.push(...rows);
    },
  ).catch((err) => {
    // A preview of a partial read (the first chunks of a big xlsx) may end mid-file; what was read is shown.
    if (!sample.length) throw err;
  });
  const keyRow = mapping?.keyRow ?? imp.key_row;
  const dataRows = sample.filter((r) => r.row >= (keyRow ? 3 : 2)).slice(0, 20);
  let rowsOut: TImportPreview['rows'] = dataRows.map((r) => ({
    row: r.row,
    cells: r.cells.map((c) => (c === null ? '' : c instanceof Date ? c.toISOString() : String(c))),
    answers: null,
    submittedAt: null,
    problems: [],
  }));
  if (mapping && survey.version_id) {
    const bindings = await one<{ bindings: Record<string, unknown> | null }>(
      ctx.db,
      sql`SELECT bindings FROM survey_versions WHERE tenant_id = ${actor.tenantId} AND id = ${survey.version_id}`,
    );
    const plan = await planImport(
      ctx,
      imp,
      mapping,
      { version_id: survey.version_id, definition: survey.definition, bindings: bindings?.bindings },
      actor.orgPath,
    );
    const prepared = await prepareRows(ctx, plan, dataRows);
    rowsOut = rowsOut.map((r) => {
      const c = prepared.converted.get(r.row);
      const item = prepared.items.find((i) => i.row === r.row)?.item;
      return {
        ...r,
        answers: item?.answers ?? c?.answers ?? null,
        submittedAt: item?.submittedAt
          ? new Date(item.submittedAt).toISOString()
          : (c?.submittedAt?.toISOString() ?? null),
        problems: prepared.rejects.filter((p) => p.row === r.row),
      };
    });
  }
  return {
    import: presentImport(imp),
    questions: questions.flatMap((q) => {
      const subs = q.rows.length ? q.rows : q.items;
      const title = (lang: 'zh-CN' | 'en') => {
        const t = q.title;
        return typeof t === 'string'
          ? t
          : ((lang === 'en' ? (t?.en ?? t?.default) : (t?.['zh-cn'] ?? t?.default)) ?? q.name);
      };
      if (!subs.length) return [{ target: `q:${q.name}`, titleZh: title('zh-CN'), titleEn: title('en') }];
      return subs.map((s) => ({
        target: `q:${q.name}.${s.value}`,
        titleZh: `${title('zh-CN')} - ${s.value}`,
        titleEn: `${title('en')} - ${s.value}`,
      }));
    }),
    rows: rowsOut,
  };
}

/** Stores a checked mapping on an import that has not started (409 once it has). */
export async function setMapping(ctx: AppContext, actor: Actor, imp: ImportRow, mapping: TImportMapping) {
  if (imp.status !== 'uploaded')
    throw new AppError('conflict', `The import is ${imp.status}; upload the file again to change its mapping`);
  const survey = await importSurvey(ctx.db, actor.tenantId, imp.survey_id);
  await checkMapping(ctx, actor, imp, mapping, surveyQuestions(survey.definition));
  const stored = { ...mapping, keyRow: mapping.keyRow ?? imp.key_row };
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`UPDATE response_imports SET mapping = ${JSON.stringify(stored)}::jsonb
          WHERE tenant_id = ${actor.tenantId} AND id = ${imp.id}`,
    );
    await audit(tx, actor, 'response_import.map', 'response_import', imp.id, stored, imp.mapping);
  });
  return { ...imp, mapping: stored };
}
