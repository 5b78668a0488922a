import {
  approvalInterval,
  gateDecision,
  SUS_ITEMS,
  susBand,
  susScore,
  type TGateEvidence,
  usabilityMean,
} from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { orgScope } from '../../org/scope.ts';
import { answered, approvedSql } from '../approval.ts';
import type { ConceptTestRow } from '../presenter.ts';

const SEGMENTS = 30;
const REASONS = 8;

interface Counts {
  n: number;
  k: number;
}

const segment = (
  by: 'unit' | 'answer',
  key: string,
  label: string,
  labelEn: string | null,
  c: Counts,
  conf: number,
) => ({
  by,
  key,
  label,
  labelEn,
  n: c.n,
  approvals: c.k,
  approval: c.n ? c.k / c.n : null,
  ci: c.n ? approvalInterval(c.k, c.n, conf) : null,
});

/**
 * The live gate of a test: approvals among the survey's responses that answered the approval question, the
 * decision from the Wilson interval (`gateDecision`), and its evidence.
 *
 * The decision is the tenant's product decision, so n and approval count every response of the survey, whoever
 * asks; only the by-unit table narrows to the caller's org subtree (a store manager sees their stores' rows, not
 * other regions'). A response id alone is not a tenant boundary: every join below carries `tenant_id`.
 */
export async function gateEvidence(ex: Executor, actor: Actor, t: ConceptTestRow, now: Date): Promise<TGateEvidence> {
  const rule = {
    question: t.approval_question,
    type: t.approval_type,
    approveAtLeast: t.approve_at_least,
    approveValues: t.approve_values,
  };
  const ans = answered(rule.question);
  const ok = approvedSql(rule);
  const base = sql`r.tenant_id = ${actor.tenantId} AND r.survey_id = ${t.survey_id}`;
  const total = (await one<Counts>(
    ex,
    sql`SELECT count(*) FILTER (WHERE ${ans})::int AS n, count(*) FILTER (WHERE ${ans} AND ${ok})::int AS k
        FROM responses r WHERE ${base}`,
  )) ?? { n: 0, k: 0 };
  const gate = gateDecision({
    k: total.k,
    n: total.n,
    threshold: t.threshold,
    minN: t.min_n,
    confidence: t.confidence,
  });

  const units = await rows<Counts & { id: string; name: string; name_en: string | null }>(
    ex,
    sql`SELECT o.id, o.name, o.name_en, count(*)::int AS n, count(*) FILTER (WHERE ${ok})::int AS k
        FROM responses r JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
        WHERE ${base} AND ${ans} AND ${orgScope(actor, 'o')}
        GROUP BY o.id, o.name, o.name_en ORDER BY n DESC, o.name LIMIT ${SEGMENTS}`,
  );
  const bySegment = units.map((u) => segment('unit', u.id, u.name, u.name_en, u, t.confidence));
  if (t.segment_question) {
    const answers = await rows<Counts & { v: string }>(
      ex,
      sql`SELECT r.answers ->> ${t.segment_question}::text AS v, count(*)::int AS n, count(*) FILTER (WHERE ${ok})::int AS k
          FROM responses r WHERE ${base} AND ${ans} AND ${answered(t.segment_question)}
          GROUP BY 1 ORDER BY n DESC, v LIMIT ${SEGMENTS}`,
    );
    const labels = await choiceLabels(ex, actor, t.survey_id, t.segment_question);
    bySegment.push(
      ...answers.map((a) => {
        const l = labels.get(a.v);
        return segment('answer', a.v, l?.zh ?? a.v, l?.en ?? null, a, t.confidence);
      }),
    );
  }

  // Topics of the comments left in this survey (text analytics stores one analysis per response question and a
  // hit per topic): how many respondents raised each, negatively, and whether they approved.
  const topics = await rows<{
    topic_id: string;
    code: string;
    name: string;
    name_en: string | null;
    n: number;
    negative: number;
    approvers: number;
  }>(
    ex,
    sql`SELECT h.topic_id, tt.code, tt.name, tt.name_en, count(DISTINCT r.id)::int AS n,
          count(DISTINCT r.id) FILTER (WHERE h.sentiment = 'negative')::int AS negative,
          count(DISTINCT r.id) FILTER (WHERE ${ans} AND ${ok})::int AS approvers
        FROM text_analyses a
        JOIN text_topic_hits h ON h.tenant_id = a.tenant_id AND h.analysis_id = a.id
        JOIN text_topics tt ON tt.tenant_id = h.tenant_id AND tt.id = h.topic_id
        JOIN responses r ON r.tenant_id = a.tenant_id AND r.id = a.source_id
        WHERE a.tenant_id = ${actor.tenantId} AND a.source_kind = 'response' AND a.survey_id = ${t.survey_id} AND ${base}
        GROUP BY h.topic_id, tt.code, tt.name, tt.name_en`,
  );
  const reason = (x: (typeof topics)[number]) => ({
    topicId: x.topic_id,
    code: x.code,
    name: x.name,
    nameEn: x.name_en,
    n: x.n,
    negative: x.negative,
    approvers: x.approvers,
    others: x.n - x.approvers,
  });
  const reasons = [...topics].sort((a, b) => b.n - a.n || a.code.localeCompare(b.code)).slice(0, REASONS);
  const negative = topics
    .filter((x) => x.negative > 0)
    .sort((a, b) => b.negative - a.negative || a.code.localeCompare(b.code))
    .slice(0, REASONS);

  return {
    decision: gate.decision,
    approval: gate.approval,
    ci: gate.ci,
    n: total.n,
    approvals: total.k,
    threshold: t.threshold,
    minN: t.min_n,
    confidence: t.confidence,
    approvalQuestion: t.approval_question,
    reasons: reasons.map(reason),
    negativeReasons: negative.map(reason),
    bySegment,
    usability: await usability(ex, actor, t),
    computedAt: now.toISOString(),
  };
}

type Text = string | Record<string, string> | undefined;
const zhOf = (x: Text) => (typeof x === 'string' ? x : (x?.['zh-cn'] ?? x?.default));
const enOf = (x: Text) => (typeof x === 'string' ? x : (x?.default ?? x?.en));

/**
 * The texts of a question's answers in the survey's current definition (choices; yes/no labels), so a segment
 * reads "每周" / "Weekly" rather than the stored value; values without a text keep the value.
 */
async function choiceLabels(ex: Executor, actor: Actor, surveyId: string, question: string) {
  const s = await one<{ definition: { pages?: Array<{ elements?: Array<Record<string, unknown>> }> } }>(
    ex,
    sql`SELECT definition FROM surveys WHERE tenant_id = ${actor.tenantId} AND id = ${surveyId}`,
  );
  const out = new Map<string, { zh: string; en: string | null }>();
  const walk = (els: Array<Record<string, unknown>>) => {
    for (const e of els) {
      if (e.name === question) {
        for (const c of (e.choices as unknown[]) ?? []) {
          if (typeof c !== 'object' || c === null) continue;
          const { value, text } = c as { value: unknown; text: Text };
          const zh = zhOf(text);
          if (zh) out.set(String(value), { zh, en: enOf(text) ?? null });
        }
        for (const [v, key] of [
          ['true', 'labelTrue'],
          ['false', 'labelFalse'],
        ] as const) {
          const zh = zhOf(e[key] as Text);
          if (zh) out.set(v, { zh, en: enOf(e[key] as Text) ?? null });
        }
      }
      if (Array.isArray(e.elements)) walk(e.elements as Array<Record<string, unknown>>);
    }
  };
  for (const p of s?.definition.pages ?? []) walk(p.elements ?? []);
  return out;
}

/** A t interval of a bounded score kept inside the score's range (small samples overshoot it). */
const clamp = (ci: [number, number] | null, lo: number, hi: number): [number, number] | null =>
  ci && [Math.max(lo, ci[0]), Math.min(hi, ci[1])];

/**
 * SUS tests: the mean per-respondent SUS score (respondents who answered all ten items) with its 95 % t interval
 * and adjective band; SEQ tests: the mean ease rating (1–7) of the approval question. Other kinds: null.
 */
async function usability(ex: Executor, actor: Actor, t: ConceptTestRow): Promise<TGateEvidence['usability']> {
  const base = sql`r.tenant_id = ${actor.tenantId} AND r.survey_id = ${t.survey_id}`;
  if (t.kind === 'sus') {
    const items = sql.join(
      SUS_ITEMS.map((q) => sql`r.answers -> ${q}::text`),
      sql`, `,
    );
    const list = await rows<{ items: unknown[] }>(
      ex,
      sql`SELECT jsonb_build_array(${items}) AS items FROM responses r WHERE ${base}`,
    );
    const scores = list.map((x) => susScore(x.items)).filter((s): s is number => s !== null);
    const m = usabilityMean(scores);
    return { kind: 'sus', ...m, ci: clamp(m.ci, 0, 100), band: m.mean === null ? null : susBand(m.mean) };
  }
  if (t.kind === 'seq') {
    const q = sql`r.answers ->> ${t.approval_question}::text`;
    const list = await rows<{ v: number }>(
      ex,
      sql`SELECT (${q})::double precision AS v FROM responses r WHERE ${base} AND ${q} ~ '^-?[0-9]+(\\.[0-9]+)?$'`,
    );
    const m = usabilityMean(list.map((x) => x.v));
    return { kind: 'seq', ...m, ci: clamp(m.ci, 1, 7), band: null };
  }
  return null;
}
