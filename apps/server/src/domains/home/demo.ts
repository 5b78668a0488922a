import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { prepareResponse } from '../responses/prepare.ts';
import { type PreparedResponse, writeResponses } from '../responses/writer.ts';

const DAY_MS = 86400_000;
/** The store whose week went wrong: in the East region, and the demo store manager's own store. */
const STORE = 'SH-01';
const SLOW = ['上菜太慢了，等了四十分钟', '催了三次菜才上来', '等了很久，菜都凉了', 'Waited 40 minutes for our mains'];
const RUDE = ['服务员态度很差', '叫了好几次都没人理', 'Staff were rude', '新来的服务员不熟悉菜单'];

/**
 * The home page's story (issue 19): this week SH-01 (上海人民广场店) lost two cooks and its dinner service
 * slowed — on each of the last six days a handful of extra dine-in and visit responses with low scores and
 * comments about slow serving and inattentive staff. The East manager's home then shows a significant NPS/CSAT
 * drop at SH-01 (the previous week is the ordinary history), the tickets the alert and ticket steps open for these
 * detractors (some overdue), and the rising "slow serving" complaints; the store manager's phone shows the bad
 * week beside the store's praise. Runs after the 90 days of responses and before alerts, tickets and text analysis
 * (so those steps treat these answers like any other). Deterministic from its own random stream, so the other
 * steps' data stays what it was; idempotent by its idempotency keys.
 */
export async function seedHomeStory(ctx: AppContext, demo: DemoTenant) {
  const unit = demo.units.get(STORE);
  if (!unit) return;
  const key = (i: number) => `demo-home-${demo.seed}-${i}`;
  if (
    await one(ctx.db, sql`SELECT 1 FROM responses WHERE tenant_id = ${demo.tenantId} AND idempotency_key = ${key(0)}`)
  )
    return;
  const surveys = await rows<{
    id: string;
    name: string;
    touchpoint_id: string | null;
    version_id: string;
    definition: Record<string, unknown>;
    bindings: Record<string, unknown>;
  }>(
    ctx.db,
    sql`SELECT s.id, s.name, s.touchpoint_id, v.id AS version_id, v.definition, v.bindings FROM surveys s
        JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
        WHERE s.tenant_id = ${demo.tenantId} AND s.status = 'live'`,
  );
  const dine = surveys.find((s) => s.name.startsWith('堂食'));
  const visit = surveys.find((s) => s.name.startsWith('门店'));
  if (!dine || !visit) return;
  const rand = prng(demo.seed ^ 0x40e5);
  const now = ctx.clock.now().getTime();
  const batch: PreparedResponse[] = [];
  let n = 0;
  const add = async (survey: typeof dine, at: Date, answers: Record<string, unknown>) => {
    const { item, errors } = await prepareResponse(ctx, {
      tenantId: demo.tenantId,
      surveyId: survey.id,
      version: { id: survey.version_id, definition: survey.definition, bindings: survey.bindings },
      answers,
      orgUnitId: unit.id,
      orgPath: unit.path,
      touchpointId: survey.touchpoint_id,
      customerRef: rand.chance(0.4) ? `M-${rand.int(10000, 16000)}` : null,
      channel: 'qr',
      invitationId: null,
      locale: 'zh-cn',
      idempotencyKey: key(n++),
      submittedAt: at,
      hashOf: answers,
    });
    if (!item) throw new Error(`home demo response does not validate: ${JSON.stringify(errors)}`);
    batch.push(item);
  };
  for (let d = 5; d >= 0; d--) {
    // Dinner service, 18:00–21:00 Beijing time (10:00–13:00 UTC) of that day, and never in the future.
    const dayStart = Math.floor((now - d * DAY_MS) / DAY_MS) * DAY_MS;
    const at = () => new Date(Math.min(now - 30 * 60_000, dayStart + rand.int(10 * 60, 13 * 60) * 60_000));
    for (let i = rand.int(5, 7); i > 0; i--) {
      const slow = rand.chance(0.6);
      await add(dine, at(), {
        csat: rand.int(1, 2),
        food: rand.int(2, 4),
        service: rand.int(1, 3),
        speed: slow ? 1 : rand.int(2, 3),
        reasons: [slow ? 'speed' : 'service'],
        comment: rand.pick(slow ? SLOW : RUDE),
      });
    }
    for (let i = rand.int(4, 6); i > 0; i--) {
      await add(visit, at(), {
        csat: rand.int(1, 2),
        wait: rand.int(1, 2),
        serve: rand.int(1, 3),
        nps: rand.int(0, 5),
        low_reason: rand.pick([...SLOW, ...RUDE]),
        contact_ok: false,
      });
    }
  }
  await ctx.db.transaction((tx) => writeResponses(tx, batch, { listeners: false }));
}
