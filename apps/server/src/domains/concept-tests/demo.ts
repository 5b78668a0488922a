import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { prepareResponse } from '../responses/prepare.ts';
import { type PreparedResponse, writeResponses } from '../responses/writer.ts';
import { publishSurvey } from '../surveys/commands/change-survey-status.ts';
import { demoOwner } from '../surveys/demo.ts';
import { analyzeSources } from '../text/commands/analyze-sources.ts';
import { createFromTemplate } from './commands/create-from-template.ts';
import { recordDecision } from './commands/record-decision.ts';
import { patchConceptTest } from './commands/save-concept-test.ts';
import { getConceptTest } from './queries/concept-tests.ts';

const DAY = 86400_000;

export interface FieldAnswer {
  unit: { id: string; path: string };
  answers: Record<string, unknown>;
  at: Date;
}

/**
 * Writes answers to a live survey the way the demo writes its responses (responses/demo.ts): validated and scored
 * against the published version by `prepareResponse`, stored with rollups by `writeResponses`. Returns the ids.
 */
export async function answerSurvey(
  ctx: AppContext,
  tenantId: string,
  surveyId: string,
  list: FieldAnswer[],
  keyPrefix: string,
): Promise<string[]> {
  const v = await one<{ id: string; definition: Record<string, unknown>; bindings: Record<string, unknown> }>(
    ctx.db,
    sql`SELECT v.id, v.definition, v.bindings FROM surveys s JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
        WHERE s.tenant_id = ${tenantId} AND s.id = ${surveyId}`,
  );
  if (!v) throw new Error('the survey is not published');
  const items: PreparedResponse[] = [];
  for (const [i, a] of list.entries()) {
    const { item, errors } = await prepareResponse(ctx, {
      tenantId,
      surveyId,
      version: v,
      answers: a.answers,
      orgUnitId: a.unit.id,
      orgPath: a.unit.path,
      touchpointId: null,
      customerRef: null,
      channel: 'link',
      invitationId: null,
      locale: 'zh-cn',
      idempotencyKey: `${keyPrefix}-${i}`,
      submittedAt: a.at,
      hashOf: a.answers,
    });
    if (!item) throw new Error(`answers do not validate: ${JSON.stringify(errors)}`);
    items.push(item);
  }
  const out = await ctx.db.transaction((tx) => writeResponses(tx, items, { listeners: false }));
  return out.map((r) => {
    if ('error' in r) throw r.error;
    return r.id;
  });
}

/** Shuffled booleans: exactly `k` true among `n` (so the demo's approval is what its name says). */
function exactly(k: number, n: number, next: () => number): boolean[] {
  const out = Array.from({ length: n }, (_, i) => i < k);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const CRAYFISH = {
  likes: ['小龙虾很新鲜，味道正宗', '麻辣够味，很下饭', '分量足', 'Spicy and tasty', '味道不错'],
  dislikes: [
    '太辣了，吃不消',
    '价格有点贵',
    '性价比不高，价格太贵',
    '分量太少了',
    '剥壳太麻烦，手上全是油',
    'Too pricey for the portion',
    '口味太重，有点咸',
  ],
};
const SALAD = {
  likes: ['很新鲜，健康清爽', '分量足，性价比很高', '味道不错，酱汁好吃', 'Fresh and light', '健康又好吃，会再点'],
  dislikes: ['价格有点贵', '分量有点少', '菜有点凉', '口味偏淡'],
};

/**
 * Concept tests in the demo (step 74), through the real commands: two new dishes tested in eight stores over the
 * last two weeks — "新品：麻辣小龙虾套餐" at 52 % approval (130 of 250: the upper Wilson bound is below 60 %, so
 * the gate vetoes) and "新品：轻食沙拉碗" at 72 % (144 of 200: the lower bound clears 60 %, launch) — each with
 * likes and dislikes that text analytics turns into top reasons and one recorded decision; and a SUS test of the
 * mini-program ordering flow (60 respondents) whose usability score the page shows. Idempotent.
 */
export async function seedConceptTests(ctx: AppContext, demo: DemoTenant): Promise<void> {
  if (await one(ctx.db, sql`SELECT 1 FROM concept_tests WHERE tenant_id = ${demo.tenantId}`)) return;
  const owner = await demoOwner(ctx, demo);
  const rand = prng(demo.seed ^ 0xc0ce97);
  const now = ctx.clock.now().getTime();
  const stores = [...demo.units.entries()]
    .filter(([, u]) => u.kind === 'store')
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, 8)
    .map(([, u]) => u);
  const made = await ctx.db.transaction(async (tx) => {
    const mk = async (templateId: string, name: string) => {
      const m = await createFromTemplate(tx, owner, { templateId, name }, new Date(now - 15 * DAY));
      await publishSurvey(tx, owner, m.surveyId);
      return m;
    };
    return {
      crayfish: await mk('concept', '新品：麻辣小龙虾套餐'),
      salad: await mk('concept', '新品：轻食沙拉碗'),
      sus: await mk('usability-sus', '小程序点餐流程'),
    };
  });
  const at = () => new Date(now - rand.int(1, 14) * DAY + rand.int(0, 10 * 3600_000) - 12 * 3600_000);
  const frequency = () => rand.pick(['weekly', 'monthly', 'monthly', 'rarely', 'first']);
  const concept = (k: number, n: number, texts: typeof CRAYFISH) =>
    exactly(k, n, rand.next).map((approve) => {
      const score = approve ? rand.pick([4, 4, 5]) : rand.pick([1, 2, 3, 3]);
      const answers: Record<string, unknown> = {
        approval: score,
        purchase_intent: approve
          ? rand.pick(['definitely', 'probably', 'probably'])
          : rand.pick(['unsure', 'probably_not', 'definitely_not']),
        frequency: frequency(),
      };
      if (approve && rand.chance(0.6)) answers.likes = rand.pick(texts.likes);
      if (!approve && rand.chance(0.7)) answers.dislikes = rand.pick(texts.dislikes);
      if (approve && rand.chance(0.15)) answers.dislikes = rand.pick(texts.dislikes);
      return { unit: rand.pick(stores), answers, at: at() };
    });
  const sus = Array.from({ length: 60 }, () => {
    const ease = rand.next();
    const answers: Record<string, unknown> = { adopt: rand.chance(0.55 + ease * 0.4) };
    // A fairly usable flow (mean SUS around 70): positive items high, negative ones low, with individual spread.
    for (let i = 1; i <= 10; i++) {
      const good = Math.max(1, Math.min(5, Math.round(3.4 + ease * 1.4 + (rand.next() - 0.5) * 1.6)));
      answers[`sus${i}`] = i % 2 === 1 ? good : 6 - good;
    }
    if (rand.chance(0.4))
      answers.comment = rand.pick([
        '支付步骤太多',
        '找不到优惠券入口',
        '加购按钮太小',
        '下单很顺畅',
        'Checkout took too many steps',
      ]);
    return { unit: rand.pick(stores), answers, at: at() };
  });
  const key = `demo-concept-${demo.seed}`;
  const ids = [
    ...(await answerSurvey(ctx, demo.tenantId, made.crayfish.surveyId, concept(130, 250, CRAYFISH), `${key}-crayfish`)),
    ...(await answerSurvey(ctx, demo.tenantId, made.salad.surveyId, concept(144, 200, SALAD), `${key}-salad`)),
    ...(await answerSurvey(ctx, demo.tenantId, made.sus.surveyId, sus, `${key}-sus`)),
  ];
  for (let i = 0; i < ids.length; i += 500) await analyzeSources(ctx, demo.tenantId, 'response', ids.slice(i, i + 500));
  // The product team records each dish's gate decision the day after fieldwork closed.
  await ctx.db.transaction(async (tx) => {
    for (const m of [made.crayfish, made.salad]) {
      const t = await getConceptTest(tx, owner, m.id, { lock: true });
      await recordDecision(tx, owner, t, new Date(now - 2 * 3600_000));
    }
  });
}

/**
 * Demo step 79, after the catalogue (76): the salad-bowl concept test names its product, 轻食沙拉碗 at stage test,
 * so the product page shows the launch decision it waits on (through the command, as a user would link it).
 */
export async function linkDemoConceptProducts(ctx: AppContext, demo: DemoTenant): Promise<void> {
  const test = await one<{ id: string; product_id: string | null }>(
    ctx.db,
    sql`SELECT id, product_id FROM concept_tests WHERE tenant_id = ${demo.tenantId} AND name = '新品：轻食沙拉碗'`,
  );
  const product = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM products WHERE tenant_id = ${demo.tenantId} AND code = 'SALAD-BOWL'`,
  );
  if (!test || !product || test.product_id) return;
  const owner = await demoOwner(ctx, demo);
  await ctx.db.transaction(async (tx) => {
    const row = await getConceptTest(tx, owner, test.id, { lock: true });
    await patchConceptTest(tx, owner, row, { productId: product.id }, ctx.clock.now());
  });
}
