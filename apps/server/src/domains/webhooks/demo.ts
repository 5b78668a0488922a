import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { newWebhookSecret } from './sign.ts';

/**
 * The demo's webhook endpoint: the chain's data platform, at HQ, switched off (the demo has no receiver to reach;
 * an owner points it at one, rotates the secret to see it, and picks it in an alert rule). Its secret was rotated
 * a week ago, so the page shows a secret's age.
 */
export async function seedWebhooks(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM webhook_endpoints WHERE tenant_id = ${demo.tenantId}`)) return;
  const id = randomUUID();
  const owner = demo.users.get('owner@savor.example') ?? null;
  const now = ctx.clock.now().getTime();
  const created = new Date(now - 60 * 86400_000).toISOString();
  const rotated = new Date(now - 7 * 86400_000).toISOString();
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO webhook_endpoints (tenant_id, id, url, description, org_unit_id, enabled, created_by, created_at, updated_at)
          VALUES (${demo.tenantId}, ${id}, 'https://data.savor.example/loopcx/webhooks', '集团数据平台 Data platform',
                  ${demo.rootId}, false, ${owner}, ${created}, ${rotated})`,
    );
    await tx.execute(
      sql`INSERT INTO webhook_secrets (tenant_id, endpoint_id, id, secret, created_at)
          VALUES (${demo.tenantId}, ${id}, ${randomUUID()}, ${newWebhookSecret()}, ${rotated})`,
    );
  });
}
