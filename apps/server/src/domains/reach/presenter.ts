import type { TChannelResponse, TContactPolicy, TInvitationResponse, TTriggerResponse } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { invitationUrl } from './commands/send-invitations.ts';
import type { ChannelRow } from './queries/channels.ts';
import type { InvitationRow } from './queries/invitations.ts';
import type { TriggerRow } from './queries/triggers.ts';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A channel without its secrets. */
export function presentChannel(c: ChannelRow): TChannelResponse {
  return {
    id: c.id,
    kind: c.kind as TChannelResponse['kind'],
    name: c.name,
    url: c.url,
    config: c.config ?? {},
    enabled: c.enabled,
    hasSecrets: c.secrets_sealed !== null,
    createdAt: iso(c.created_at) as string,
    updatedAt: iso(c.updated_at) as string,
  };
}

export function presentTrigger(t: TriggerRow): TTriggerResponse {
  const p = t.policy;
  return {
    id: t.id,
    name: t.name,
    eventType: t.event_type,
    condition: t.condition,
    surveyId: t.survey_id,
    channelId: t.channel_id,
    delayMinutes: t.delay_minutes,
    samplePercent: Number(t.sample_percent),
    expiresInHours: t.expires_in_hours,
    context: t.context ?? {},
    recipient: t.recipient ?? {},
    policy: p ? (p as Partial<TContactPolicy>) : null,
    reminderAfterDays: t.reminder_after_days,
    enabled: t.enabled,
    createdAt: iso(t.created_at) as string,
    updatedAt: iso(t.updated_at) as string,
  };
}

/** An invitation; the link is given for invitations that went or will go out (never for suppressed ones). */
export function presentInvitation(ctx: AppContext, i: InvitationRow): TInvitationResponse {
  const linkable = i.status !== 'suppressed';
  return {
    id: i.id,
    status: i.view_status as TInvitationResponse['status'],
    reason: i.reason,
    error: i.error,
    attempts: i.attempts,
    surveyId: i.survey_id,
    channelId: i.channel_id,
    interceptId: i.intercept_id,
    interceptName: i.intercept_name,
    triggerId: i.trigger_id,
    eventId: i.event_id,
    customerId: i.customer_id,
    customerRef: i.customer_ref,
    orgUnitId: i.org_unit_id,
    touchpointId: i.touchpoint_id,
    url: linkable
      ? invitationUrl(ctx, i.tenant_id, i.survey_id, i.id, i.expires_at ? new Date(i.expires_at) : null)
      : null,
    context: i.context,
    createdAt: iso(i.created_at) as string,
    sendAt: iso(i.send_at),
    sentAt: iso(i.sent_at),
    openedAt: iso(i.opened_at),
    startedAt: iso(i.started_at),
    completedAt: iso(i.responded_at),
    expiresAt: iso(i.expires_at),
    remindedAt: iso(i.reminded_at),
  };
}
