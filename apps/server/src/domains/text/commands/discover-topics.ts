import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';
import { extractOpinionPairs, posTag } from '../../../text-engine/index.ts';
import { loadTopics, type TopicRow } from '../analyzer-cache.ts';

const DAY = 86400_000;
const WINDOW_DAYS = 30;
const MAX_TEXTS = 20_000;
const MIN_COUNT = 3;
const PER_KIND = 25;
const Z95 = 1.96;

// Words that carry no topic: pronouns, function words, fillers (zh and en).
const STOP = new Set(
  (
    '我们 你们 他们 她们 自己 这个 那个 这些 那些 一个 一些 没有 什么 怎么 还是 就是 但是 因为 所以 可以 非常 觉得 感觉 真的 比较 已经 时候 一下 有点 有些 以后 以前 今天 昨天 ' +
    '东西 事情 问题 地方 时间 下次 第一次 一次 三次 两次 现在 这次 这家 那家 大家 朋友 家人 小时 分钟 一直 还有 不过 而且 然后 其实 希望 建议 不是 不会 只能 应该 可能 需要 ' +
    'the and was were for with this that have had but not very are our they them you your there their just really would could been from when what which will more some than'
  ).split(/\s+/),
);

const isHan = (w: string) => /[\u3400-\u9fff]/.test(w);
const usable = (w: string) =>
  !STOP.has(w.toLowerCase()) && (isHan(w) ? w.length >= 2 && w.length <= 8 : /^[a-z][a-z-]{2,24}$/i.test(w));
const NOUN = /^(n|nz|vn|ng)$/;
// jieba tags words missing from its dictionary `x`: new product words (闪退, 宝宝椅) are exactly those; fragments
// that start with a degree or negation word (很差, 太忙, 没人理) are opinions, not things.
const OPINION_START = /^(很|太|没|不|真|挺|超|好|有点|全|都|也|又|还|人)/;
// English has no part-of-speech tags here, so English discovery would be mostly adjectives: nouns are Chinese.
const nounish = (w: { word: string; tag: string }) =>
  (NOUN.test(w.tag) && isHan(w.word)) ||
  (w.tag === 'x' && isHan(w.word) && w.word.length >= 2 && !OPINION_START.test(w.word));

/** Every include keyword of the taxonomy, normalised, to tell covered terms from new ones. */
function coverage(topics: TopicRow[]) {
  const keys: string[] = [];
  for (const t of topics) {
    for (const lang of ['zh', 'en'] as const)
      for (const k of t.rules?.[lang]?.include ?? []) keys.push(k.replace(/[*"]/g, '').trim().toLowerCase());
    keys.push(t.name.toLowerCase());
    if (t.name_en) keys.push(t.name_en.toLowerCase());
  }
  const list = keys.filter((k) => k.length > 0);
  // A Chinese keyword covers every word containing it (漏 covers 漏汤); an English one needs three letters.
  return (term: string) => {
    const w = term.toLowerCase();
    return list.some(
      (k) => k === w || ((isHan(k) || k.length >= 3) && w.includes(k)) || (w.length >= 2 && k.includes(w)),
    );
  };
}

interface TextRow {
  id: string;
  text: string;
  sentiment: string;
  cur: boolean;
}

interface Proposal {
  kind: 'pair' | 'uncovered' | 'rising';
  term: string;
  terms: string[];
  score: number;
  evidence: Record<string, unknown>;
}

/**
 * Proposes new topics and keywords from the last 30 days of analysed text, for a person to accept:
 * - pair: noun + opinion pairs (味道-一般, 速度-太慢) about a noun no topic covers, mostly negative;
 * - uncovered: frequent nouns (and words jieba does not know, such as 闪退) that no topic's keywords cover;
 * - rising: uncovered nouns whose share of negative texts rose against the previous 30 days (log-odds ratio, z test).
 * Re-running refreshes the evidence of open proposals and never re-proposes a dismissed or accepted term.
 */
export async function discoverTopics(ctx: AppContext, tenantId: string) {
  const now = ctx.clock.now();
  const from = new Date(now.getTime() - WINDOW_DAYS * DAY).toISOString();
  const prevFrom = new Date(now.getTime() - 2 * WINDOW_DAYS * DAY).toISOString();
  const texts = await rows<TextRow>(
    ctx.db,
    sql`(SELECT id, text, sentiment, true AS cur FROM text_analyses
         WHERE tenant_id = ${tenantId} AND occurred_at >= ${from} AND occurred_at < ${now.toISOString()} ORDER BY occurred_at DESC LIMIT ${MAX_TEXTS})
        UNION ALL
        (SELECT id, text, sentiment, false AS cur FROM text_analyses
         WHERE tenant_id = ${tenantId} AND occurred_at >= ${prevFrom} AND occurred_at < ${from} ORDER BY occurred_at DESC LIMIT ${MAX_TEXTS})`,
  );
  const covered = coverage(await loadTopics(ctx.db, tenantId));
  // The tenant's own name (味道连锁) is everywhere and never a topic.
  const tenantName = (
    (await rows<{ name: string }>(ctx.db, sql`SELECT name FROM tenants WHERE id = ${tenantId}`))[0]?.name ?? ''
  ).toLowerCase();
  const brand = (w: string) => tenantName.includes(w);
  const examples = new Map<string, Array<{ analysisId: string; text: string }>>();
  const example = (key: string, t: TextRow) => {
    const list = examples.get(key) ?? [];
    if (list.length < 3 && !list.some((e) => e.text === t.text))
      list.push({ analysisId: t.id, text: t.text.slice(0, 300) });
    examples.set(key, list);
  };
  const pairs = new Map<string, { aspect: string; opinion: string; count: number; negative: number }>();
  const nouns = new Map<string, number>();
  // Document counts of terms in negative texts, current vs previous period.
  const negCur = new Map<string, number>();
  const negPrev = new Map<string, number>();
  let nNegCur = 0;
  let nNegPrev = 0;
  for (const t of texts) {
    const words = posTag(t.text);
    const things = new Set(
      words
        .filter(nounish)
        .map((x) => x.word.toLowerCase())
        .filter((w) => usable(w) && !brand(w)),
    );
    if (t.sentiment === 'negative') {
      if (t.cur) nNegCur++;
      else nNegPrev++;
      const counts = t.cur ? negCur : negPrev;
      for (const w of things) {
        counts.set(w, (counts.get(w) ?? 0) + 1);
        if (t.cur) example(`rising|${w}`, t);
      }
    }
    if (!t.cur) continue;
    for (const p of extractOpinionPairs(t.text)) {
      if (!usable(p.aspect) || !isHan(p.aspect) || brand(p.aspect) || covered(p.aspect) || !p.opinion) continue;
      const key = `${p.aspect}-${p.opinion}`;
      const e = pairs.get(key) ?? { aspect: p.aspect, opinion: p.opinion, count: 0, negative: 0 };
      e.count++;
      if (p.polarity === 'negative') e.negative++;
      pairs.set(key, e);
      example(`pair|${key}`, t);
    }
    for (const w of things) {
      if (covered(w)) continue;
      nouns.set(w, (nouns.get(w) ?? 0) + 1);
      example(`uncovered|${w}`, t);
    }
  }
  const proposals: Proposal[] = [];
  proposals.push(
    ...[...pairs.entries()]
      .filter(([, e]) => e.count >= MIN_COUNT)
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, PER_KIND)
      .map(([key, e]) => ({
        kind: 'pair' as const,
        term: key.slice(0, 100),
        terms: [e.aspect, e.opinion],
        score: e.count,
        evidence: { count: e.count, negative: e.negative, examples: examples.get(`pair|${key}`) ?? [] },
      })),
  );
  proposals.push(
    ...[...nouns.entries()]
      .filter(([, n]) => n >= MIN_COUNT)
      .sort((a, b) => b[1] - a[1])
      .slice(0, PER_KIND)
      .map(([w, n]) => ({
        kind: 'uncovered' as const,
        term: w,
        terms: [w],
        score: n,
        evidence: { count: n, examples: examples.get(`uncovered|${w}`) ?? [] },
      })),
  );
  const rising: Proposal[] = [];
  for (const [w, a] of negCur) {
    if (a < MIN_COUNT || covered(w)) continue;
    const b = negPrev.get(w) ?? 0;
    // Log-odds of the term among negative texts now vs before, with add-half smoothing; z = δ / SE.
    const delta = Math.log((a + 0.5) / (nNegCur - a + 0.5)) - Math.log((b + 0.5) / (nNegPrev - b + 0.5));
    const se = Math.sqrt(1 / (a + 0.5) + 1 / (nNegCur - a + 0.5) + 1 / (b + 0.5) + 1 / (nNegPrev - b + 0.5));
    const z = delta / se;
    if (z < Z95) continue;
    rising.push({
      kind: 'rising',
      term: w,
      terms: [w],
      score: z,
      evidence: {
        count: a,
        previous: b,
        negativeTexts: nNegCur,
        previousNegativeTexts: nNegPrev,
        logOdds: delta,
        z,
        examples: examples.get(`rising|${w}`) ?? [],
      },
    });
  }
  proposals.push(...rising.sort((x, y) => y.score - x.score).slice(0, PER_KIND));
  await saveProposals(ctx, tenantId, proposals);
  return {
    texts: texts.length,
    pairs: proposals.filter((p) => p.kind === 'pair').length,
    uncovered: proposals.filter((p) => p.kind === 'uncovered').length,
    rising: proposals.filter((p) => p.kind === 'rising').length,
  };
}

/** Upserts this run's proposals (decided ones stay decided) and drops open proposals this run no longer supports. */
async function saveProposals(ctx: AppContext, tenantId: string, proposals: Proposal[]) {
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction(async (tx) => {
    if (proposals.length) {
      const payload = proposals.map((p) => ({
        id: randomUUID(),
        kind: p.kind,
        term: p.term,
        terms: p.terms,
        evidence: p.evidence,
        score: p.score,
      }));
      await tx.execute(
        sql`INSERT INTO text_discoveries (tenant_id, id, kind, term, terms, evidence, score, status, run_at)
            SELECT ${tenantId}::uuid, x.id, x.kind, x.term, ARRAY(SELECT jsonb_array_elements_text(x.terms)), x.evidence, x.score, 'proposed', ${now}::timestamptz
            FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(id uuid, kind text, term text, terms jsonb, evidence jsonb, score float8)
            ON CONFLICT (tenant_id, kind, term) DO UPDATE SET evidence = excluded.evidence, score = excluded.score, terms = excluded.terms, run_at = excluded.run_at
            WHERE text_discoveries.status = 'proposed'`,
      );
    }
    await tx.execute(
      sql`DELETE FROM text_discoveries WHERE tenant_id = ${tenantId} AND status = 'proposed' AND run_at < ${now}::timestamptz`,
    );
  });
}

/** Job `text.discover` {runId}: runs discovery and records the outcome on the run. */
export async function runDiscoverJob(ctx: AppContext, job: Job<{ runId: string }>) {
  if (!job.tenantId || typeof job.payload?.runId !== 'string') return;
  const result = await discoverTopics(ctx, job.tenantId);
  await ctx.db.execute(
    sql`UPDATE text_runs SET status = 'done', total = ${result.texts}, done = ${result.texts}, result = ${JSON.stringify(result)}::jsonb, finished_at = ${ctx.clock.now().toISOString()}
        WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.runId}`,
  );
  ctx.bus.publish({
    tenantId: job.tenantId,
    type: 'text.discovery.done',
    data: { runId: job.payload.runId, ...result },
  });
}
