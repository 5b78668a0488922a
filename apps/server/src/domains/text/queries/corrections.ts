import { type Executor, rows, sql } from '../../../platform/db.ts';

/** One training line: the corrected text and the sentiment a person settled on. */
export interface CorrectionLine {
  text: string;
  label: 'negative' | 'neutral' | 'positive';
  /** The triage class a person set (absent when they only corrected sentiment or topics). */
  triage?: string | null;
}

/**
 * Sentiment corrections as training data for `npm run train:sentiment -- --corrections FILE`: the latest
 * correction per analysis (topic-only corrections carry the sentiment as it stood), oldest analysis first so
 * the file is stable between exports. `tenantId` undefined = every tenant (the operator's CLI export).
 */
export async function correctionsForTraining(ex: Executor, tenantId?: string): Promise<CorrectionLine[]> {
  return rows<CorrectionLine>(
    ex,
    sql`SELECT text, label, triage FROM (
          SELECT DISTINCT ON (tenant_id, analysis_id) tenant_id, analysis_id, at, text, after->>'sentiment' AS label,
                 CASE WHEN (after->>'triageSet')::boolean THEN after->>'triage' END AS triage
          FROM text_corrections
          WHERE ${tenantId === undefined ? sql`true` : sql`tenant_id = ${tenantId}`}
          ORDER BY tenant_id, analysis_id, at DESC, id DESC
        ) latest
        ORDER BY at, tenant_id, analysis_id`,
  );
}

/** JSON lines, one `{"text","label"}` per correction (what the training script reads). */
export function correctionsJsonl(list: readonly CorrectionLine[]): string {
  return (
    list
      .map((c) => JSON.stringify({ text: c.text, label: c.label, ...(c.triage ? { triage: c.triage } : {}) }))
      .join('\n') + (list.length ? '\n' : '')
  );
}
