import { ZSecuritySettingsResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router } from '../../platform/routing.ts';
import { setFrameAncestors } from './commands/set-frame-ancestors.ts';
import { ZFrameAncestors } from './frame-ancestors.ts';
import { frameAncestorsOf } from './queries/security-settings.ts';

const tags = ['security'];

/** The tenant's security settings: today, which sites may show the survey page in a frame. */
export async function securityRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/settings/security',
    {
      schema: { tags, summary: 'Security settings of the tenant', response: { 200: ZSecuritySettingsResponse } },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'security.manage');
      return { frameAncestors: await frameAncestorsOf(ctx.db, actor.tenantId) };
    },
  );

  r.put(
    '/settings/security',
    {
      schema: {
        tags,
        summary:
          "Set the origins that may frame the survey page (CSP frame-ancestors): 'self' or https origins, `*.` wildcards allowed; [] for none",
        body: z.object({ frameAncestors: ZFrameAncestors }).strict(),
        response: { 200: ZSecuritySettingsResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return inTransaction(ctx, async (tx) => {
        await setFrameAncestors(tx, actor, req.body.frameAncestors);
        return { frameAncestors: await frameAncestorsOf(tx, actor.tenantId) };
      });
    },
  );
}
