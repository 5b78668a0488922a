import type { AppContext } from '../../platform/context.ts';
import { sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';

const DEMO_FRAME_ANCESTORS = ['https://member.savor.example', 'https://*.wechat.savor.example'];

/**
 * The demo chain embeds its survey page in its member site and its WeChat service-account portal, so those two
 * origins may frame it; every other site gets frame-ancestors 'none'. Set only when the list is still empty.
 */
export async function seedFrameAncestors(ctx: AppContext, demo: DemoTenant) {
  await ctx.db.execute(
    sql`UPDATE tenants SET frame_ancestors = ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(DEMO_FRAME_ANCESTORS)}::jsonb))
        WHERE id = ${demo.tenantId} AND frame_ancestors = '{}'`,
  );
}
