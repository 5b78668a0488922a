import { z } from 'zod';
import { ZContactPolicy, ZContactPolicyResponse } from './reach.ts';

/**
 * PUT /surveys/:id/contact-policy: the survey's override of the tenant contact policy. Each field given replaces the
 * tenant's for invitations to this survey (`null` switches that rule off for it); fields left out follow the tenant.
 */
export const ZSurveyContactPolicyInput = z
  .object({
    maxInvitations: z
      .object({ count: z.number().int().min(1).max(1000), days: z.number().int().min(1).max(3650) })
      .strict()
      .nullable()
      .optional(),
    minDaysBetween: z.number().int().min(0).max(3650).nullable().optional(),
    suppressWhileTicketOpen: z.boolean().optional(),
  })
  .strict();
export type TSurveyContactPolicyInput = z.infer<typeof ZSurveyContactPolicyInput>;

/** GET/PUT/DELETE /surveys/:id/contact-policy: the override (null: none), the tenant's policy and what applies. */
export const ZSurveyContactPolicyResponse = z.object({
  surveyId: z.string(),
  override: ZContactPolicy.partial().nullable(),
  tenant: ZContactPolicyResponse,
  /** The policy invitations to this survey are held to (a trigger's own override may still change it). */
  effective: ZContactPolicy,
  updatedAt: z.string().nullable(),
});
export type TSurveyContactPolicyResponse = z.infer<typeof ZSurveyContactPolicyResponse>;
