import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { DEMO_SURVEYS } from '../surveys/demo.ts';
import { type Tone, varyComment } from './demo-text.ts';
import { prepareResponse } from './prepare.ts';
import { type PreparedResponse, writeResponses } from './writer.ts';

const DAYS = 90;
const DAY_MS = 86400_000;

const C = {
  good: [
    '菜很好吃，服务也很热情',
    '环境干净，味道正宗',
    '上菜很快，分量足',
    '服务员很贴心，会再来',
    '性价比很高',
    'Great food and friendly staff',
    'Fast service, tasty dishes',
    '招牌菜一如既往地好吃',
  ],
  mixed: [
    '味道不错，但是等位太久',
    '菜品还行，价格有点贵',
    'Food was fine but a bit pricey',
    '服务一般，菜还可以',
    '环境有点吵，味道可以',
  ],
  slow: [
    '上菜太慢了，等了四十分钟',
    '催了三次菜才上来',
    '等了很久，菜都凉了',
    'Waited 40 minutes for our mains',
    '服务员太忙了，上菜特别慢',
  ],
  food: ['菜有点咸', '菜是凉的，温度不够', '分量变少了', 'The soup was cold', '口味不如以前'],
  service: ['服务员态度很差', '叫了好几次都没人理', 'Staff were rude', '结账时服务员不耐烦'],
  packaging: [
    '外卖汤洒了一袋子',
    '包装破损，餐盒漏了',
    '打开外卖全洒了',
    'The bag leaked and the soup spilled',
    '餐盒压坏了，包装太差',
    '包装不严实，漏汤',
  ],
  delivery: ['配送太慢，送到都凉了', '骑手送错地址', 'Delivery took over an hour'],
  call: ['客服很快帮我解决了问题', '转了三次才找到人处理', 'Had to repeat my issue several times', '等待时间太长'],
};

/** A 1..max score from a latent quality in about [-1, 1]. */
function scale(q: number, r: () => number, max: number) {
  const v = Math.round(((q + 1) / 2) * (max - 1) + 1 + (r() - 0.5) * 2.2);
  return Math.max(1, Math.min(max, v));
}
function nps(q: number, r: () => number) {
  return Math.max(0, Math.min(10, Math.round(7.6 + q * 3.5 + (r() - 0.5) * 4)));
}

/**
 * Ninety days of demo responses (≥ 50,000) across the 24 stores and the journey touchpoints, deterministic from
 * the demo seed, with patterns a manager should find: SZ-03 serves slowly; the North region's NPS drops in the
 * last 30 days; takeaway packaging draws complaints (answered on the bag's QR code: the packaging touchpoint);
 * GZ-02 improves after its action 40 days ago. Validated and scored like live responses; written in bulk
 * with rollups, without running alert rules over history.
 */
export async function seedResponses(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM responses WHERE tenant_id = ${demo.tenantId} LIMIT 1`)) return;
  const rand = prng(demo.seed);
  // Touchpoints are drawn from a stream of their own, so the answers are the same as before they were placed.
  const placeRand = prng(demo.seed ^ 0x5eed7a11);
  const phoneRand = prng(demo.seed ^ 0x7e1e7e1);
  // How a comment is worded (openers, endings, suggestions, questions) comes from a stream of its own too: the
  // comments are still drawn by `rand`, so every score and every other answer stays what it was.
  const wordRand = prng(demo.seed ^ 0x3c0de7);
  const say = (text: string, tone: Tone) => varyComment(text, tone, wordRand);
  const tps = new Map(
    (
      await rows<{ id: string; code: string }>(
        ctx.db,
        sql`SELECT id, code FROM touchpoints WHERE tenant_id = ${demo.tenantId}`,
      )
    ).map((t) => [t.code, t.id]),
  );
  const place = (key: (typeof DEMO_SURVEYS)[number]['key'], fallback: string | null) => {
    let x = placeRand.next();
    for (const [code, w] of DEMO_SURVEYS.find((d) => d.key === key)!.places) {
      x -= w;
      if (x < 0) return code === null ? null : (tps.get(code) ?? fallback);
    }
    return fallback;
  };
  const surveys = await rows<{
    id: string;
    name: string;
    touchpoint_id: string | null;
    version_id: string;
    definition: Record<string, unknown>;
    bindings: Record<string, unknown>;
  }>(
    ctx.db,
    sql`SELECT s.id, s.name, s.touchpoint_id, v.id AS version_id, v.definition, v.bindings FROM surveys s JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
        WHERE s.tenant_id = ${demo.tenantId} AND s.status = 'live'`,
  );
  const byKey = (prefix: string) => surveys.find((s) => s.name.startsWith(prefix));
  const dine = byKey('堂食');
  const visit = byKey('门店');
  const npsSurvey = byKey('品牌');
  const takeaway = byKey('外卖');
  const ces = byKey('客服');
  if (!dine || !visit || !npsSurvey || !takeaway || !ces) return;
  const stores = [...demo.units.entries()].filter(([, u]) => u.kind === 'store').sort(([a], [b]) => a.localeCompare(b));
  const regionOf = (code: string) => demo.units.get(demo.units.get(demo.units.get(code)!.parentCode!)!.parentCode!)!;
  const base = new Map(stores.map(([code]) => [code, (rand.next() - 0.5) * 0.6]));
  const today = ctx.clock.now().getTime();
  let pending: PreparedResponse[] = [];
  let n = 0;
  const flush = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    await ctx.db.transaction((tx) => writeResponses(tx, batch, { listeners: false }));
  };
  const add = async (
    survey: NonNullable<typeof dine>,
    storeCode: string,
    at: Date,
    answers: Record<string, unknown>,
    customer: string | null,
    touchpointId: string | null,
  ) => {
    const unit = demo.units.get(storeCode)!;
    const { item, errors } = await prepareResponse(ctx, {
      tenantId: demo.tenantId,
      surveyId: survey.id,
      version: { id: survey.version_id, definition: survey.definition, bindings: survey.bindings },
      answers,
      orgUnitId: unit.id,
      orgPath: unit.path,
      touchpointId,
      customerRef: customer,
      channel: rand.chance(0.7) ? 'qr' : 'personal',
      invitationId: null,
      locale: 'zh-cn',
      idempotencyKey: `demo-${demo.seed}-${n++}`,
      submittedAt: at,
      hashOf: answers,
    });
    if (!item) throw new Error(`demo response does not validate: ${JSON.stringify(errors)}`);
    pending.push(item);
    if (pending.length >= 2000) await flush();
  };

  for (let d = DAYS - 1; d >= 0; d--) {
    const dayStart = today - d * DAY_MS;
    const recent = d < 30;
    for (const [code] of stores) {
      const region = regionOf(code);
      // Latent quality: most stores do well (CSAT ≈ 4); each store has its own level.
      let q = 0.45 + base.get(code)! + (rand.next() - 0.5) * 0.2;
      const northDrop = recent && region.id === demo.units.get('NORTH')!.id;
      if (northDrop) q -= 0.45;
      // GZ-02 introduced queue numbers and a serving checklist 40 days ago (the demo improvement action).
      if (code === 'GZ-02' && d < 40) q += 0.4;
      const slow = code === 'SZ-03';
      const at = () => new Date(dayStart - rand.int(0, 13 * 3600_000) - 2 * 3600_000);
      const customer = () => (rand.chance(0.45) ? `M-${rand.int(10000, 16000)}` : null);
      const comment = (score: number, max: number, extra: string[] = []) => {
        if (!rand.chance(0.55)) return undefined;
        const ratio = score / max;
        if (ratio >= 0.8) return say(rand.pick(C.good), 'good');
        if (ratio >= 0.6) return say(rand.pick(C.mixed), 'mixed');
        return say(rand.pick([...C.food, ...C.service, ...extra]), 'bad');
      };
      for (let i = rand.int(7, 9); i > 0; i--) {
        const speed = slow ? rand.int(1, 2) : scale(q, rand.next, 5);
        const csat = slow ? Math.min(scale(q, rand.next, 5), rand.int(2, 3)) : scale(q, rand.next, 5);
        const answers: Record<string, unknown> = {
          csat,
          food: scale(q + 0.1, rand.next, 5),
          service: scale(q, rand.next, 5),
          speed,
        };
        if (csat <= 3)
          answers.reasons = slow
            ? ['speed']
            : [rand.pick(['taste', 'temperature', 'speed', 'service', 'hygiene', 'price'])];
        const text = slow && rand.chance(0.6) ? say(rand.pick(C.slow), 'bad') : comment(csat, 5);
        if (text) answers.comment = text;
        await add(dine, code, at(), answers, customer(), place('dine', dine.touchpoint_id));
      }
      for (let i = rand.int(5, 7); i > 0; i--) {
        const csat = slow ? rand.int(2, 3) : scale(q, rand.next, 5);
        const npsScore = nps(q - (slow ? 0.5 : 0), rand.next);
        const answers: Record<string, unknown> = {
          csat,
          wait: scale(q, rand.next, 5),
          serve: slow ? rand.int(1, 2) : scale(q, rand.next, 5),
          nps: npsScore,
        };
        if (csat <= 2 || npsScore <= 6) {
          answers.low_reason = say(slow ? rand.pick(C.slow) : rand.pick([...C.food, ...C.service, ...C.mixed]), 'bad');
          answers.contact_ok = rand.chance(0.6);
          // Drawn from a stream of its own, so every other answer stays what it was before phones were asked.
          if (answers.contact_ok)
            answers.contact_phone = `1${phoneRand.pick([3, 5, 7, 8, 9])}${String(phoneRand.int(0, 999_999_999)).padStart(9, '0')}`;
        } else if (npsScore >= 9 && rand.chance(0.5)) answers.highlight = say(rand.pick(C.good), 'good');
        await add(visit, code, at(), answers, customer(), place('visit', visit.touchpoint_id));
      }
      for (let i = rand.int(3, 5); i > 0; i--) {
        const score = nps(q, rand.next);
        const answers: Record<string, unknown> = { nps: score };
        if (score <= 8) answers.improve = [rand.pick(['taste', 'speed', 'service', 'price', 'environment', 'portion'])];
        const text = comment(
          score,
          10,
          northDrop ? ['最近菜品质量下降了', '换了厨师吗？味道变了', 'Quality has slipped lately'] : [],
        );
        if (text) answers.nps_reason = text;
        await add(npsSurvey, code, at(), answers, customer(), place('nps', npsSurvey.touchpoint_id));
      }
      for (let i = rand.int(4, 6); i > 0; i--) {
        const packagingIssue = rand.chance(0.22);
        const csat = packagingIssue ? rand.int(1, 2) : scale(q, rand.next, 5);
        const answers: Record<string, unknown> = { csat, food: scale(q, rand.next, 5) };
        if (csat <= 3) answers.reasons = [packagingIssue ? 'temperature' : rand.pick(['taste', 'speed', 'price'])];
        const delivery = !packagingIssue && csat <= 3 && rand.chance(0.4);
        const text = packagingIssue
          ? say(rand.pick(C.packaging), 'bad')
          : delivery
            ? say(rand.pick(C.delivery), 'bad')
            : comment(csat, 5);
        if (text) answers.comment = text;
        // A spilled bag is mostly reported from the bag's QR code, a late rider from the delivery link.
        const reported = placeRand.chance(0.6);
        const tp =
          reported && packagingIssue
            ? tps.get('tw-packaging')
            : reported && delivery
              ? tps.get('tw-delivery')
              : place('takeaway', takeaway.touchpoint_id);
        await add(takeaway, code, at(), answers, customer(), tp ?? takeaway.touchpoint_id);
      }
      if (rand.chance(0.6)) {
        const score = Math.max(1, Math.min(7, Math.round(5 + q * 2 + (rand.next() - 0.5) * 3)));
        const resolved = score >= 4 ? rand.chance(0.9) : rand.chance(0.4);
        const answers: Record<string, unknown> = { ces: score, resolved };
        if (score <= 4 || !resolved) answers.ces_reason = say(rand.pick(C.call), 'mixed');
        await add(ces, code, at(), answers, customer(), place('ces', ces.touchpoint_id));
      }
    }
  }
  await flush();
}
