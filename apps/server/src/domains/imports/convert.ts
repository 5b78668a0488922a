import { createHash } from 'node:crypto';
import {
  isReasonCode,
  type SurveyQuestion,
  surveyQuestions,
  type TImportMapping,
  type TImportProblem,
  type TReason,
} from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { pathWithin } from '../org/scope.ts';
import { prepareWith } from '../responses/prepare.ts';
import { compiledVersion, tenantDay } from '../responses/survey-cache.ts';
import { tenantUnits } from '../responses/unit-cache.ts';
import type { PreparedResponse } from '../responses/writer.ts';
import { cachedTenantTimeZone } from '../tenancy/queries/tenant-time-zone.ts';
import { type ConvertedRow, convertRow, importProblem } from './mapping.ts';
import type { ImportRow } from './presenter.ts';
import type { SourceRow } from './source.ts';

/** Channel of imported responses: alert rules skip it (history opens no tickets); everything else treats it as any. */
export const IMPORT_CHANNEL = 'import';

/** Everything a batch of rows needs, loaded once per import run. */
export interface ImportPlan {
  imp: ImportRow;
  mapping: TImportMapping;
  versionId: string;
  bindings: Record<string, unknown>;
  questions: Map<string, SurveyQuestion>;
  timeZone: string;
  /** The path of the unit whose subtree rows may name (the import's creator's unit). */
  scopePath: string;
  now: Date;
}

export async function planImport(
  ctx: AppContext,
  imp: ImportRow,
  mapping: TImportMapping,
  survey: { version_id: string; definition: unknown; bindings?: Record<string, unknown> | null },
  scopePath: string,
): Promise<ImportPlan> {
  return {
    imp,
    mapping,
    versionId: survey.version_id,
    bindings: survey.bindings ?? {},
    questions: new Map(surveyQuestions(survey.definition).map((q) => [q.name, q])),
    timeZone: await cachedTenantTimeZone(ctx.db, imp.tenant_id),
    scopePath,
    now: ctx.clock.now(),
  };
}

/**
 * The idempotency key of an imported row: by its mapped id column when there is one (the same response in another
 * file is still a duplicate), else by the file's content hash and the row number (the same file again).
 */
export function importKey(plan: ImportPlan, row: number, externalId: string | undefined): string {
  const survey = plan.imp.survey_id;
  if (externalId) {
    const id = externalId.length <= 100 ? externalId : createHash('sha256').update(externalId).digest('hex');
    return `import|${survey}|id:${id}`;
  }
  return `import|${survey}|${plan.imp.sha256!.slice(0, 32)}:${row}`;
}

export interface PreparedBatch {
  items: Array<{ row: number; item: PreparedResponse }>;
  converted: Map<number, ConvertedRow>;
  rejects: TImportProblem[];
}

/**
 * Rows → responses ready for the writer, exactly as ingest prepares them (the survey version's rules, scores,
 * tenant day), or rejects naming row, column and reason. Nothing is written here.
 */
export async function prepareRows(ctx: AppContext, plan: ImportPlan, rows: SourceRow[]): Promise<PreparedBatch> {
  const tenantId = plan.imp.tenant_id;
  const compiled = await compiledVersion(ctx, tenantId, plan.versionId);
  const day = await tenantDay(ctx, tenantId);
  const units = await tenantUnits(ctx, tenantId);
  const defaultUnit = plan.mapping.defaultOrgUnitId ? units.byId.get(plan.mapping.defaultOrgUnitId) : undefined;
  const headers = plan.imp.headers;
  const out: PreparedBatch = { items: [], converted: new Map(), rejects: [] };
  const columnOf = (name: string) => {
    // prepareWith names a problem by question (`nps`, `matrix.row`); the column is the one mapped to it.
    const exact = plan.mapping.columns.indexOf(`q:${name}`);
    if (exact >= 0) return exact;
    return plan.mapping.columns.findIndex((t) => t.startsWith(`q:${name.split('.')[0]}`));
  };
  for (const r of rows) {
    const reject = (column: number, reason: TReason) => out.rejects.push(importProblem(r.row, column, headers, reason));
    if (r.error) {
      reject(0, r.error);
      continue;
    }
    const c = convertRow(r.row, r.cells, plan.mapping.columns, headers, plan.questions, plan.timeZone);
    out.converted.set(r.row, c);
    if (c.problems.length) {
      out.rejects.push(...c.problems);
      continue;
    }
    const unitCol = plan.mapping.columns.indexOf('unitCode') + 1;
    const unit = c.unitCode ? units.byCode.get(c.unitCode) : defaultUnit;
    if (!unit || !pathWithin(unit.path, plan.scopePath)) {
      reject(
        c.unitCode ? unitCol : 0,
        c.unitCode ? { code: 'row.unknown_unit', params: { code: c.unitCode } } : { code: 'row.no_unit' },
      );
      continue;
    }
    const submittedAt = c.submittedAt ?? plan.now;
    if (submittedAt.getTime() > plan.now.getTime() + 5 * 60_000) {
      reject(plan.mapping.columns.indexOf('submittedAt') + 1, { code: 'row.in_future' });
      continue;
    }
    if (!Object.keys(c.answers).length) {
      reject(0, { code: 'row.no_answers' });
      continue;
    }
    const { errors, item } = prepareWith(ctx, compiled, day, {
      tenantId,
      surveyId: plan.imp.survey_id,
      version: { id: plan.versionId, bindings: plan.bindings },
      answers: c.answers,
      context: { import: { id: plan.imp.id, row: r.row } },
      orgUnitId: unit.id,
      orgPath: unit.path,
      touchpointId: null,
      customerRef: c.customer ?? null,
      channel: IMPORT_CHANNEL,
      invitationId: null,
      locale: null,
      idempotencyKey: importKey(plan, r.row, c.externalId),
      submittedAt,
      // The replay check compares what the row says, not which file or run it came from.
      hashOf: { answers: c.answers, at: submittedAt.toISOString(), unit: unit.id, customer: c.customer ?? null },
    });
    if (!item) {
      for (const e of errors) {
        const col = columnOf(e.name.replace(/^answers\./, ''));
        // The survey's own rules: coded (answer.*) where the validator knows the problem, in English otherwise.
        if (isReasonCode(e.code)) reject(col + 1, { code: e.code, params: { ...e.params, field: e.name } });
        else
          out.rejects.push({
            row: r.row,
            column: col + 1,
            columnName: headers[col] ?? null,
            reason: `${e.name}: ${e.reason}`,
          });
      }
      continue;
    }
    out.items.push({ row: r.row, item });
  }
  return out;
}
