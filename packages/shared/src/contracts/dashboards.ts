/** Response contracts of the dashboards routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';
import { DASHBOARD_SECTIONS } from '../dashboards.ts';

/**
 * A saved dashboard's config as answered: the shape ZDashboardConfig validated on the way in, without its defaults
 * and strictness (a key the server no longer knows is dropped from the answer rather than failing it).
 */
export const ZDashboardConfigResponse = z.object({
  metrics: z.array(z.string()),
  orgUnitId: z.string().nullable(),
  touchpointId: z.string().nullable(),
  period: z.union([z.object({ days: z.number() }), z.object({ from: z.string(), to: z.string() })]),
  rankMetric: z.string(),
  sections: z.array(z.enum(DASHBOARD_SECTIONS)),
  outcomes: z
    .array(
      z.object({
        metric: z.string(),
        outcomeEventType: z.string(),
        outcome: z.enum(['occurs', 'absent']),
        withinDays: z.number(),
        surveyId: z.string().optional(),
      }),
    )
    .optional(),
});

/** A saved dashboard as a viewer sees it (GET/POST/PATCH /dashboards/:id). */
export const ZSavedDashboardResponse = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  shared: z.boolean(),
  owner: z.object({ id: z.string(), name: z.string() }),
  /** The viewer owns it (may edit, share, delete). */
  mine: z.boolean(),
  config: ZDashboardConfigResponse,
  /** The unit the viewer's data is shown for: the saved unit when inside their subtree, else their own. */
  effectiveOrgUnitId: z.string(),
  /** True when the saved unit was outside the viewer's subtree and replaced by their own. */
  clipped: z.boolean(),
  updatedAt: z.string(),
});
export type TSavedDashboardResponse = z.infer<typeof ZSavedDashboardResponse>;

/** GET /dashboards: the viewer's own dashboards, then those shared in the tenant. */
export const ZDashboardListResponse = z.object({ items: z.array(ZSavedDashboardResponse) });
export type TDashboardListResponse = z.infer<typeof ZDashboardListResponse>;
