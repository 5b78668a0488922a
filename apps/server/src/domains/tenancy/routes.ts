import { ZTenantSettingsResponse, ZTimeZone } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router } from '../../platform/routing.ts';
import { updateTenantSettings } from './commands/update-tenant-settings.ts';
import { getTenantSettings } from './queries/get-tenant-settings.ts';
import { forgetTenantTimeZone } from './queries/tenant-time-zone.ts';

const tags = ['tenant'];

const ZTenantSettingsPatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    defaultLocale: z.enum(['zh-CN', 'en']),
    timezone: ZTimeZone,
  })
  .partial()
  .strict();

/** The caller's own tenant: read by every role, changed by owners and admins. */
export async function tenantRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/tenant',
    {
      schema: {
        tags,
        summary: "Your tenant's settings: name, default language and time zone",
        response: { 200: ZTenantSettingsResponse },
      },
    },
    async (req) => getTenantSettings(ctx.db, actorOf(req).tenantId),
  );

  r.patch(
    '/tenant',
    {
      schema: {
        tags,
        summary:
          "Change your tenant's settings (owner, admin). The time zone (IANA name) decides every day boundary: rollup days, metric periods, console date pickers and exports",
        body: ZTenantSettingsPatch,
        response: { 200: ZTenantSettingsResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tenant.write');
      const settings = await inTransaction(ctx, (tx) => updateTenantSettings(tx, actor, req.body));
      forgetTenantTimeZone(actor.tenantId);
      return settings;
    },
  );
}
