import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { createAudit } from './commands/create-audit.ts';

const DAY = 86400_000;

/** The demo's mystery-shopping agency: its shopper does every mystery shop through the signed link. */
export const MYSTERY_SHOPPER = { name: '暗访员 · 明察调研', email: 'shopper@mingcha.example' };

/**
 * One mystery shop of SZ-01 assigned to the agency’s shopper, due in three days: its page
 * in the console shows the live link and QR code, and the link opens the inspector's page on a phone.
 */
export async function seedExternalAudit(ctx: AppContext, tenantId: string, owner: Actor, checklistId: string) {
  const unit = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM org_units WHERE tenant_id = ${tenantId} AND code = 'SZ-01'`,
  );
  if (!unit) return;
  const now = ctx.clock.now().getTime();
  await ctx.db.transaction((tx) =>
    createAudit(
      tx,
      owner,
      {
        checklistId,
        orgUnitId: unit.id,
        kind: 'mystery_shop',
        external: MYSTERY_SHOPPER,
        dueAt: new Date(now + 3 * DAY).toISOString(),
      },
      new Date(now - DAY),
    ),
  );
}
