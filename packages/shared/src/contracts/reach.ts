import { z } from 'zod';

/** Channel kinds Reach knows; a kind without a registered adapter cannot be created yet (422). */
export const CHANNEL_KINDS = ['webhook', 'email', 'wechat-template', 'sms'] as const;
export const ZChannelKind = z.enum(CHANNEL_KINDS);
export type TChannelKind = z.infer<typeof ZChannelKind>;

/** A channel as listed: never its secrets. */
export const ZChannelResponse = z.object({
  id: z.string(),
  kind: ZChannelKind,
  name: z.string(),
  url: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  /** Whether secrets are stored (they are never answered again). */
  hasSecrets: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TChannelResponse = z.infer<typeof ZChannelResponse>;
export const ZChannelListResponse = z.object({ items: z.array(ZChannelResponse) });
/** POST /channels: a webhook channel's signing secret (`whsec_…`) is answered here once. */
export const ZChannelCreatedResponse = ZChannelResponse.extend({ secret: z.string().optional() });

/** POST /channels/:id/test: what the gateway answered to a sample invitation. */
export const ZChannelTestResponse = z.object({
  ok: z.boolean(),
  error: z.string().nullable(),
  providerId: z.string().nullable(),
  latencyMs: z.number().int(),
});

/** A contact-policy override or the tenant policy. */
export const ZContactPolicy = z.object({
  maxInvitations: z.object({ count: z.number().int(), days: z.number().int() }).nullable(),
  minDaysBetween: z.number().int().nullable(),
  suppressWhileTicketOpen: z.boolean(),
});
export type TContactPolicy = z.infer<typeof ZContactPolicy>;
export const ZContactPolicyResponse = ZContactPolicy.extend({ updatedAt: z.string().nullable() });

/** A trigger rule. */
export const ZTriggerResponse = z.object({
  id: z.string(),
  name: z.string(),
  eventType: z.string(),
  condition: z.string().nullable(),
  surveyId: z.string(),
  channelId: z.string(),
  delayMinutes: z.number().int(),
  samplePercent: z.number(),
  expiresInHours: z.number().int().nullable(),
  context: z.record(z.string(), z.string()),
  recipient: z.record(z.string(), z.string()),
  policy: ZContactPolicy.partial().nullable(),
  reminderAfterDays: z.number().int().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TTriggerResponse = z.infer<typeof ZTriggerResponse>;
export const ZTriggerListResponse = z.object({ items: z.array(ZTriggerResponse) });

/** POST /triggers/:id/dry-run: what recent events would do. */
export const ZTriggerDryRunResponse = z.object({
  scanned: z.number().int(),
  /** The survey the trigger sends: its questions and what their visibility depends on (null: always shown). */
  survey: z
    .object({
      id: z.string(),
      name: z.string(),
      questions: z.array(
        z.object({ name: z.string(), title: z.string(), dependsOn: z.enum(['context', 'answers']).nullable() }),
      ),
    })
    .nullable(),
  items: z.array(
    z.object({
      eventId: z.string(),
      occurredAt: z.string(),
      customer: z.string().nullable(),
      matches: z.boolean(),
      sampled: z.boolean(),
      /** What the invitation would do now: `send`, or `suppressed` with `reason`. */
      outcome: z.enum(['send', 'suppressed', 'skipped']),
      reason: z.string().nullable(),
      /** The personalised survey context the customer would get. */
      context: z.record(z.string(), z.unknown()),
      /** The questions this customer sees with that context before answering anything (the personalised survey). */
      shownQuestions: z.array(z.string()),
    }),
  ),
});
export type TTriggerDryRunResponse = z.infer<typeof ZTriggerDryRunResponse>;

export const INVITATION_STATUSES = [
  'created',
  'scheduled',
  'sent',
  'delivered',
  'opened',
  'started',
  'completed',
  'expired',
  'suppressed',
  'failed',
] as const;
export const ZInvitationStatus = z.enum(INVITATION_STATUSES);

/** One invitation: its status is the furthest lifecycle step reached. */
export const ZInvitationResponse = z.object({
  id: z.string(),
  status: ZInvitationStatus,
  reason: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  surveyId: z.string(),
  channelId: z.string().nullable(),
  /** The intercept that showed this survey in a browser (no channel; not resendable), and its name. */
  interceptId: z.string().nullable(),
  interceptName: z.string().nullable(),
  triggerId: z.string().nullable(),
  eventId: z.string().nullable(),
  customerId: z.string().nullable(),
  /** The member id the invitation went to (as the event named the customer). */
  customerRef: z.string().nullable(),
  orgUnitId: z.string().nullable(),
  touchpointId: z.string().nullable(),
  /** The personalised link (not for suppressed invitations). */
  url: z.string().nullable(),
  context: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  sendAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
});
export type TInvitationResponse = z.infer<typeof ZInvitationResponse>;
export const ZInvitationListResponse = z.object({
  items: z.array(ZInvitationResponse),
  nextCursor: z.string().nullable(),
});

/** GET /invitations/funnel. */
export const ZInvitationFunnelResponse = z.object({
  groupBy: z.enum(['channel', 'unit', 'touchpoint', 'survey']),
  items: z.array(
    z.object({
      key: z.string().nullable(),
      label: z.string().nullable(),
      sent: z.number().int(),
      opened: z.number().int(),
      started: z.number().int(),
      completed: z.number().int(),
      suppressed: z.number().int(),
      failed: z.number().int(),
      /** completed ÷ sent, %, null when nothing was sent. */
      responseRate: z.number().nullable(),
    }),
  ),
});
export type TInvitationFunnelResponse = z.infer<typeof ZInvitationFunnelResponse>;
export type TChannelTestResponse = z.infer<typeof ZChannelTestResponse>;
export type TChannelCreatedResponse = z.infer<typeof ZChannelCreatedResponse>;
export type TContactPolicyResponse = z.infer<typeof ZContactPolicyResponse>;
