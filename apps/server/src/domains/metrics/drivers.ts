import { questionTitle, relativeWeights, type SurveyQuestion, surveyQuestions } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import { type Executor, rows, sql } from '../../platform/db.ts';
import { invalid } from '../../platform/errors.ts';
import { requireUnitInScope, unitIdsUnder } from '../org/scope.ts';

const MAX_ROWS = 50_000;
const MIN_ROWS = 30;

/**
 * Which touchpoint and rating scores drive an outcome (NPS by default): Johnson's relative weights over the
 * responses that carry the outcome and the predictors, plus each driver's performance (its mean on a 0–100
 * scale) for an importance × performance quadrant. An analysis, so it reads responses (at most 50,000).
 */
export async function keyDrivers(
  ex: Executor,
  actor: Actor,
  q: { metric: string; orgUnitId?: string; surveyId?: string; from: string; to: string },
) {
  if (!/^(nps|csat|ces)$/.test(q.metric)) throw invalid('metric', 'nps, csat or ces');
  const unit = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);
  // The subtree's unit ids as an array constant: the planner then knows how many responses they hold (column
  // statistics) and walks the time index backwards for a large subtree, or a unit's index for a store. With an
  // IN (subquery on path) it guessed one unit, read all 820,000 responses of 30 days at HQ and sorted them
  // (PostgreSQL, 10 M responses: 6.6 s; bench/RESULTS.md, dashboards).
  const units = (await rows<{ id: string }>(ex, unitIdsUnder(actor.tenantId, unit.path))).map((u) => u.id);
  const list = await rows<{ scores: Record<string, number> }>(
    ex,
    sql`SELECT r.scores FROM responses r
        WHERE r.tenant_id = ${actor.tenantId} AND r.scores ? ${q.metric} AND r.org_unit_id = ANY(${`{${units.join(',')}}`}::uuid[])
          AND r.submitted_at >= ${q.from} AND r.submitted_at < ${q.to} ${q.surveyId ? sql`AND r.survey_id = ${q.surveyId}` : sql``}
        ORDER BY r.submitted_at DESC LIMIT ${MAX_ROWS}`,
  );
  const counts = new Map<string, number>();
  for (const r of list)
    for (const k of Object.keys(r.scores)) if (k !== q.metric) counts.set(k, (counts.get(k) ?? 0) + 1);
  // Predictors answered by at least 30 % of the outcome's respondents; rows need all of them.
  const keys = [...counts.entries()]
    .filter(([, c]) => c >= list.length * 0.3)
    .map(([k]) => k)
    .sort();
  const complete = list.filter((r) => keys.every((k) => typeof r.scores[k] === 'number'));
  if (keys.length === 0 || complete.length < MIN_ROWS) {
    return {
      metric: q.metric,
      n: complete.length,
      r2: null,
      drivers: [],
      reason:
        keys.length === 0 ? 'no scores answered alongside the outcome' : `fewer than ${MIN_ROWS} complete responses`,
    };
  }
  const titles = await driverTitles(ex, actor.tenantId, q.surveyId);
  const X = keys.map((k) => complete.map((r) => r.scores[k]));
  const y = complete.map((r) => r.scores[q.metric]);
  const rw = relativeWeights(X, y);
  const drivers = keys.map((k, i) => {
    const xs = X[i];
    const min = Math.min(...xs);
    const max = Math.max(...xs);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    return {
      key: k,
      label: k.replace(/^rating:/, ''),
      titles: titles(k),
      share: rw.shares[i],
      weight: rw.weights[i],
      mean,
      performance: max > min ? ((mean - min) / (max - min)) * 100 : 100,
    };
  });
  drivers.sort((a, b) => b.share - a.share);
  return { metric: q.metric, n: complete.length, r2: rw.r2, drivers };
}

/**
 * Titles of the score keys a driver analysis shows (`rating:<question>`, `csat`, `ces`) from the current versions of
 * the tenant's surveys (or the one analysed), in both console languages: the chart says "等位时间" / "Waiting
 * time", not `wait`.
 */
async function driverTitles(ex: Executor, tenantId: string, surveyId?: string) {
  const defs = await rows<{ definition: unknown }>(
    ex,
    sql`SELECT v.definition FROM surveys s JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
        WHERE s.tenant_id = ${tenantId} ${surveyId ? sql`AND s.id = ${surveyId}` : sql``}
        ORDER BY s.created_at DESC`,
  );
  const byName = new Map<string, SurveyQuestion>();
  for (const d of defs) for (const q of surveyQuestions(d.definition)) if (!byName.has(q.name)) byName.set(q.name, q);
  return (key: string) => {
    if (!key.startsWith('rating:')) return { 'zh-CN': key.toUpperCase(), en: key.toUpperCase() };
    const q = byName.get(key.slice(7));
    const name = key.slice(7);
    return q ? { 'zh-CN': questionTitle(q, 'zh-CN'), en: questionTitle(q, 'en') } : { 'zh-CN': name, en: name };
  };
}
