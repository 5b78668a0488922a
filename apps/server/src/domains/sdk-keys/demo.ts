import { createHash } from 'node:crypto';
import { type TEventType, type TPropertySchema, variantsOf } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import type { PreparedEvent } from '../events/prepare.ts';
import { eventTypesFor, forgetEventTypes } from '../events/queries/event-types.ts';
import { writeEvents } from '../events/writer.ts';
import { tenantDay } from '../responses/survey-cache.ts';
import { newPublicKey } from './commands/save-sdk-key.ts';

const DAY_MS = 86400_000;

const PAYMENT_FAILED: TPropertySchema = {
  orderId: { type: 'string' },
  amount: { type: 'number' },
  reason: { type: 'string', enum: ['card_declined', 'timeout', 'insufficient_funds', 'risk_blocked'], dimension: true },
};

const PAGES = [
  ['/', '首页'],
  ['/menu', '菜单'],
  ['/menu/spicy-noodles', '招牌麻辣面'],
  ['/stores', '门店查询'],
  ['/checkout', '结算'],
  ['/member', '会员中心'],
] as const;

/**
 * The web site's SDK key "官网 Web" (origins: localhost:3000 and the server's own public URL; types page.view and
 * payment.failed, declared here with orderId / amount / reason), on the online channel unit when the demo has
 * one, else HQ; and 7 days of page views and failed payments written through the event writer as the SDK would
 * (source `sdk`, idempotency key `sdk|<keyId>|<event id>`), a share of them by identified members.
 */
export async function seedSdkKeys(ctx: AppContext, demo: DemoTenant) {
  const t = demo.tenantId;
  if (await one(ctx.db, sql`SELECT 1 AS x FROM sdk_keys WHERE tenant_id = ${t} LIMIT 1`)) return;
  await ctx.db.execute(
    sql`INSERT INTO event_types (tenant_id, key, name, name_en, description, properties, strict, value_label)
        VALUES (${t}, 'payment.failed', '支付失败', 'Payment failed', 'A payment the customer tried and that did not go through (web, app).',
                ${JSON.stringify(PAYMENT_FAILED)}::jsonb, false, '金额')
        ON CONFLICT (tenant_id, key) DO NOTHING`,
  );
  forgetEventTypes(t);
  const unit = demo.units.get('ONLINE') ?? demo.units.get('HQ')!;
  const owner = demo.users.get('owner@savor.example') ?? null;
  const origins = [...new Set(['http://localhost:3000', new URL(ctx.config.publicUrl).origin])];
  const keyId = uuidv7(ctx.clock.now().getTime());
  await ctx.db.execute(
    sql`INSERT INTO sdk_keys (tenant_id, id, name, key, allowed_origins, allowed_event_types, org_unit_id, created_by, created_at, last_used_at)
        VALUES (${t}, ${keyId}, '官网 Web', ${newPublicKey()}, ARRAY[${sql.join(
          origins.map((o) => sql`${o}`),
          sql`, `,
        )}]::text[], ARRAY['page.view', 'payment.failed']::text[], ${unit.id}, ${owner},
        ${new Date(ctx.clock.now().getTime() - 8 * DAY_MS).toISOString()}::timestamptz, ${ctx.clock.now().toISOString()}::timestamptz)`,
  );
  const types = await eventTypesFor(ctx.db, t, { refresh: true });
  const view = types.get('page.view') as TEventType;
  const failed = types.get('payment.failed') as TEventType;
  const rand = prng(demo.seed + 36);
  const day = await tenantDay(ctx, t);
  const now = ctx.clock.now().getTime();
  const items: PreparedEvent[] = [];
  const add = (
    type: TEventType,
    at: number,
    member: string | null,
    anon: string,
    properties: Record<string, unknown>,
    value: number | null,
  ) => {
    const id = uuidv7(at);
    const props = { ...properties, $anonymousId: anon };
    items.push({
      tenantId: t,
      id,
      type: type.key,
      occurredAt: new Date(at).toISOString(),
      orgUnitId: unit.id,
      orgPath: unit.path,
      touchpointId: null,
      customerRef: member,
      properties: props,
      value,
      idempotencyKey: `sdk|${keyId}|${id}`,
      bodyHash: createHash('sha256').update(JSON.stringify(props)).digest('hex'),
      source: 'sdk',
      day: day(new Date(at)),
      variants: variantsOf(type, props),
    });
  };
  for (let d = 7; d >= 0; d--) {
    const visits = 40 + rand.int(0, 30);
    for (let v = 0; v < visits; v++) {
      let at = now - d * DAY_MS - rand.int(0, d === 0 ? 6 * 3600_000 : DAY_MS - 1);
      if (at > now - 60_000) at = now - 60_000;
      const member = rand.chance(0.35) ? `M-${rand.int(10000, 16000)}` : null;
      const anon = createHash('sha256').update(`${demo.seed}-${d}-${v}`).digest('hex').slice(0, 32);
      const pages = 1 + rand.int(0, 4);
      for (let p = 0; p < pages; p++) {
        const [url, title] = PAGES[rand.int(0, PAGES.length - 1)];
        add(
          view,
          at + p * 40_000,
          member,
          anon,
          { url: `https://www.savor.example${url}`, title, platform: 'web' },
          null,
        );
      }
      // About one visit in twelve reaches checkout and fails to pay; the "timeout" share rises in the last 2 days.
      if (rand.chance(1 / 12)) {
        const reasons =
          d <= 2
            ? ['timeout', 'timeout', 'card_declined', 'insufficient_funds']
            : ['card_declined', 'timeout', 'insufficient_funds', 'risk_blocked'];
        const amount = 30 + rand.int(0, 170);
        const tries = rand.chance(0.3) ? 3 : 1;
        for (let k = 0; k < tries; k++)
          add(
            failed,
            at + pages * 40_000 + k * 20_000,
            member,
            anon,
            {
              orderId: `W${d}${String(v).padStart(4, '0')}`,
              amount,
              reason: reasons[rand.int(0, reasons.length - 1)],
            },
            amount,
          );
      }
    }
  }
  await ctx.db.transaction((tx) => writeEvents(tx, items));
}
