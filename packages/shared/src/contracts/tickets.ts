/** Response contracts of the tickets routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';

/** A ticket as lists and actions answer it. */
export const ZTicketResponse = z.object({
  id: z.string(),
  number: z.string(),
  source: z.string(),
  status: z.string(),
  priority: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  orgUnitId: z.string(),
  orgUnit: z
    .object({ id: z.string(), code: z.string(), name: z.string().optional(), nameEn: z.string().nullable().optional() })
    .optional(),
  teamId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  responseId: z.string().nullable(),
  feedbackId: z.string().nullable(),
  /** The audit whose fatal failure opened the ticket (source `audit`); null otherwise. */
  auditId: z.string().nullable(),
  surveyId: z.string().nullable(),
  customerRef: z.string().nullable(),
  ruleId: z.string().nullable(),
  firstResponseDueAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  firstRespondedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  overdue: z.boolean(),
  slaRemainingMinutes: z.number().nullable(),
  escalationLevel: z.number(),
  rootCauseId: z.string().nullable(),
  /** The root cause a resolved or closed ticket was closed with, in both languages. */
  rootCause: z.object({ id: z.string(), code: z.string(), name: z.string(), nameEn: z.string().nullable() }).nullable(),
  /** The triggering response's scores (`nps`, `csat`, `ces`): cards compose their title from them. */
  scores: z.record(z.string(), z.number()),
  /** The call-back phone the respondent left, masked (138****8000); null when none. */
  contactPhone: z.string().nullable(),
  resolution: z.string().nullable(),
  followupOutcome: z.string().nullable(),
  reopenCount: z.number(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type TTicketResponse = z.infer<typeof ZTicketResponse>;

/** `GET /tickets`: a page, newest first; `nextCursor` null on the last page. */
export const ZTicketListResponse = z.object({ items: z.array(ZTicketResponse), nextCursor: z.string().nullable() });
export type TTicketListResponse = z.infer<typeof ZTicketListResponse>;

/** An entry of a ticket's history. */
export const ZTicketEvent = z.object({
  id: z.number(),
  kind: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  data: z.unknown(),
  at: z.string(),
});
export type TTicketEvent = z.infer<typeof ZTicketEvent>;

/** `GET /tickets/:id`: the ticket, its history and the minutes spent in each status. */
export const ZTicketDetailResponse = ZTicketResponse.extend({
  events: z.array(ZTicketEvent),
  timeInStatus: z.record(z.string(), z.number()),
});
export type TTicketDetailResponse = z.infer<typeof ZTicketDetailResponse>;

/** `POST /tickets/:id/contact-phone`: the full call-back number, for those who work the ticket (audited). */
export const ZTicketContactPhoneResponse = z.object({ phone: z.string() });
export type TTicketContactPhoneResponse = z.infer<typeof ZTicketContactPhoneResponse>;

/** `POST /tickets/bulk-assign` */
export const ZTicketBulkAssignResponse = z.object({ items: z.array(ZTicketResponse) });
export type TTicketBulkAssignResponse = z.infer<typeof ZTicketBulkAssignResponse>;

/** `POST /tickets/:id/comments` (201) */
export const ZTicketCommentResponse = z.object({ ok: z.boolean() });
export type TTicketCommentResponse = z.infer<typeof ZTicketCommentResponse>;

// Averages come from PostgreSQL `numeric`, which the drivers hand over as text; numbers are accepted too.
const ZNumeric = z.union([z.number(), z.string()]);

/** `GET /tickets/reports/summary` */
export const ZTicketSummaryResponse = z.object({
  from: z.string(),
  to: z.string(),
  volume: z.number(),
  resolved: z.number(),
  slaCompliance: z.number().nullable(),
  reopenRate: z.number().nullable(),
  meanHoursToClose: z.number().nullable(),
  byUnit: z.array(
    z.object({
      orgUnitId: z.string(),
      code: z.string(),
      name: z.string(),
      volume: z.number(),
      meanHoursToClose: ZNumeric.nullable(),
    }),
  ),
  rootCausePareto: z.array(
    z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), count: z.number() }),
  ),
});
export type TTicketSummaryResponse = z.infer<typeof ZTicketSummaryResponse>;

/** A root cause of the taxonomy (a new one echoes what was given: `parentId`/`nameEn` absent when not given). */
export const ZRootCauseResponse = z.object({
  id: z.string(),
  parentId: z.string().nullable().optional(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable().optional(),
  status: z.string(),
});
export type TRootCauseResponse = z.infer<typeof ZRootCauseResponse>;

/** `GET /root-causes` */
export const ZRootCauseListResponse = z.object({ items: z.array(ZRootCauseResponse) });
export type TRootCauseListResponse = z.infer<typeof ZRootCauseListResponse>;

/** The SLA of a priority, in minutes. */
export const ZSlaPolicy = z.object({
  priority: z.string(),
  firstResponseMinutes: z.number(),
  resolutionMinutes: z.number(),
});

/** `GET /sla-policies` */
export const ZSlaPolicyListResponse = z.object({ items: z.array(ZSlaPolicy) });
export type TSlaPolicyListResponse = z.infer<typeof ZSlaPolicyListResponse>;

/** `PUT /sla-policies/:priority`: the policy and how many open tickets got new deadlines. */
export const ZSlaPolicyResponse = ZSlaPolicy.extend({ openTicketsUpdated: z.number() });
export type TSlaPolicyResponse = z.infer<typeof ZSlaPolicyResponse>;
