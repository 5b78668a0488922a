import { z } from 'zod';

/** Response contracts of the alerts routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

/** An alert rule; scope, condition and actions are stored as validated on input and answered as stored. */
export const ZAlertRuleResponse = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['response', 'metric', 'feedback']),
  enabled: z.boolean(),
  scope: z.record(z.string(), z.unknown()),
  condition: z.record(z.string(), z.unknown()),
  actions: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAlertRuleResponse = z.infer<typeof ZAlertRuleResponse>;

/** GET /alert-rules. */
export const ZAlertRuleListResponse = z.object({ items: z.array(ZAlertRuleResponse) });
export type TAlertRuleListResponse = z.infer<typeof ZAlertRuleListResponse>;
