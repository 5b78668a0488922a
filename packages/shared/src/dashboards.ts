import { z } from 'zod';
import { AUDIT_METRICS } from './contracts/inspections.ts';
import { ZOutcomeTile } from './contracts/outcomes.ts';
import { ZMetricRef } from './journeys.ts';

/** A dashboard shows a metric key or one of the service-QA indicators (`audit.*`, ranked by store). */
const ZDashboardMetric = z.union([ZMetricRef, z.enum(AUDIT_METRICS)], {
  error: 'a metric key such as csat, nps or cpo, or an audit.* indicator',
});

/** Sections a saved dashboard can show, in order. */
export const DASHBOARD_SECTIONS = ['tiles', 'ranking', 'trend', 'drivers', 'heatmap'] as const;

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/**
 * What a saved dashboard remembers. `orgUnitId: null` means "the viewer's own unit", so one shared dashboard
 * (a regional weekly) serves every manager; a unit outside a viewer's subtree is replaced by their own unit.
 */
export const ZDashboardConfig = z
  .object({
    metrics: z.array(ZDashboardMetric).min(1).max(8).default(['nps', 'csat', 'ces', 'responses']),
    orgUnitId: z.uuid().nullable().default(null),
    touchpointId: z.uuid().nullable().default(null),
    period: z
      .union([
        z.object({ days: z.number().int().min(1).max(400) }).strict(),
        z.object({ from: ZDay, to: ZDay }).strict(),
      ])
      .default({ days: 30 }),
    rankMetric: ZDashboardMetric.default('nps'),
    sections: z
      .array(z.enum(DASHBOARD_SECTIONS))
      .max(DASHBOARD_SECTIONS.length)
      .default([...DASHBOARD_SECTIONS]),
    /** X → O tiles (decision 78): an outcome's rate by score group over the dashboard's unit; optional. */
    outcomes: z.array(ZOutcomeTile).max(4).optional(),
  })
  .strict();
export type TDashboardConfig = z.infer<typeof ZDashboardConfig>;

export const ZDashboardCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullable().optional(),
    shared: z.boolean().default(false),
    config: ZDashboardConfig,
  })
  .strict();
export const ZDashboardUpdate = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(2000).nullable().optional(),
    shared: z.boolean().optional(),
    config: ZDashboardConfig.optional(),
  })
  .strict();
export type TDashboardCreate = z.infer<typeof ZDashboardCreate>;
export type TDashboardUpdate = z.infer<typeof ZDashboardUpdate>;

/** A saved dashboard as a viewer sees it. */
export interface TSavedDashboard {
  id: string;
  name: string;
  description: string | null;
  shared: boolean;
  owner: { id: string; name: string };
  /** The viewer owns it (may edit, share, delete). */
  mine: boolean;
  config: TDashboardConfig;
  /** The unit the viewer's data is shown for: the saved unit when inside their subtree, else their own. */
  effectiveOrgUnitId: string;
  /** True when the saved unit was outside the viewer's subtree and replaced by their own. */
  clipped: boolean;
  updatedAt: string;
}
