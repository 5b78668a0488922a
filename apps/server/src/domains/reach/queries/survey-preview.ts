import { type Executor, one, sql } from '../../../platform/db.ts';
import { compileSurvey, loadModel } from '../../surveys/compile.ts';

/** A question of the survey a trigger sends, as the dry-run lists it. */
export interface PreviewQuestion {
  name: string;
  title: string;
  /** Whether its visibility depends on the survey context (`{context.…}`) or on answers; null when always shown. */
  dependsOn: 'context' | 'answers' | null;
}

/**
 * The survey a trigger's invitations open (its published version, the draft before a first publish), compiled once
 * per dry-run: the questions, and for a survey context which of them the respondent sees before answering anything.
 * Visibility runs on the same compiled conditions the response validator uses, so "shown" here is what the
 * respondent page shows; questions that appear only after some answers are listed as depending on answers.
 */
export async function surveyPreview(ex: Executor, tenantId: string, surveyId: string) {
  // The tenant filter is the boundary: the trigger's survey id comes from a row of the same tenant.
  const s = await one<{ name: string; definition: unknown }>(
    ex,
    sql`SELECT s.name, coalesce(v.definition, s.definition) AS definition FROM surveys s
        LEFT JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
        WHERE s.tenant_id = ${tenantId} AND s.id = ${surveyId}`,
  );
  if (!s) return null;
  const compiled = compileSurvey(s.definition);
  const model = loadModel(s.definition);
  const expressions = new Map<string, string>();
  for (const q of model.getAllQuestions(false, false, true) as Array<{
    name: string;
    visibleIf?: string;
    parent?: { visibleIf?: string; parent?: unknown };
    page?: { visibleIf?: string };
  }>) {
    const parts = [q.visibleIf, q.page?.visibleIf];
    for (let p = q.parent as { visibleIf?: string; parent?: unknown } | undefined; p; p = p.parent as typeof p)
      parts.push(p.visibleIf);
    expressions.set(q.name, parts.filter(Boolean).join(' '));
  }
  model.dispose();
  const questions: PreviewQuestion[] = [...compiled.questions.values()].map((q) => {
    const expr = expressions.get(q.name) ?? '';
    const vars = [...expr.matchAll(/\{([^}]+)\}/g)].map((m) => m[1].trim());
    return {
      name: q.name,
      title: q.title,
      dependsOn: vars.length === 0 ? null : vars.every((v) => v.startsWith('context.')) ? 'context' : 'answers',
    };
  });
  return {
    id: surveyId,
    name: s.name,
    questions,
    /** The questions shown to a respondent with this context before any answer. */
    shown(context: Record<string, unknown>): string[] {
      const values = { context };
      return [...compiled.questions.values()]
        .filter(
          (q) =>
            (!q.visibleIf || q.visibleIf.runValues(values)) && q.containerVisibleIf.every((c) => c.runValues(values)),
        )
        .map((q) => q.name);
    },
  };
}
