import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { enqueue, wakeWorkers } from '../../../platform/jobs.ts';
import { safeErrorMessage } from '../../../platform/log-safety.ts';
import { unseal } from '../../../platform/seal.ts';
import { signSurveyToken } from '../../surveys/tokens.ts';
import { retryDelayMs } from '../../webhooks/commands/send-deliveries.ts';
import { ChannelSendError, type CustomerIdentity, type OutboundInvitation } from '../channels/adapter.ts';
import { adapterFor } from '../channels/registry.ts';
import { reachSendJob } from '../jobs.ts';
import { type ChannelRow, channelRecord } from '../queries/channels.ts';
import { renderMessage, surveySummary } from '../render.ts';
import { signUnsubscribeToken } from '../tokens.ts';
import { RECIPIENT_SEAL } from './evaluate-events.ts';

/** Attempts per send before the invitation is marked failed (about 9 hours with the webhook backoff). */
export const MAX_ATTEMPTS = 8;
/** How long a claimed send is held; a worker that dies mid-send frees it for the job's retry after this. */
const LEASE_SECONDS = 120;
/** Sends in flight at once per job. */
const CONCURRENCY = 32;

interface Claimed {
  id: string;
  tenant_id: string;
  survey_id: string;
  customer_id: string | null;
  channel_id: string;
  trigger_id: string | null;
  status: string;
  attempts: number;
  sends: number;
  expires_at: Date | string | null;
  responded_at: Date | string | null;
  reminded_at: Date | string | null;
  recipient_sealed: string | null;
  opted_out_at: Date | string | null;
  reminder_after_days: number | null;
  survey_name: string;
  survey_status: string;
  definition: Record<string, unknown> | null;
}

const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;

/** The personalised survey link of an invitation (the respondent page resolves customer and context from its row). */
export function invitationUrl(ctx: AppContext, tenantId: string, surveyId: string, id: string, expiresAt: Date | null) {
  const token = signSurveyToken(ctx.config.secret, {
    tenantId,
    surveyId,
    invitationId: id,
    expiresAt: expiresAt ?? undefined,
  });
  return `${ctx.config.publicUrl}/s/${token}`;
}

/** The one-click unsubscribe link every message carries. */
export function unsubscribeUrl(ctx: AppContext, tenantId: string, id: string) {
  return `${ctx.config.publicUrl}/u/${signUnsubscribeToken(ctx.config.secret, tenantId, id)}`;
}

/**
 * Sends due invitations (`scheduled`, send time reached) or, with `reminder`, the reminder of sent ones.
 *
 * Exactly-once towards the customer, as far as the channel allows: each invitation is leased (`lease_until`) so two
 * workers never send it at once; the send's idempotency key (`sendKey`: the invitation id, `.n` for later sends)
 * stays the same across retries and a crash after the provider accepted but before the row was marked `sent`
 * (the job runs again and sends with the same key, which the receiver de-duplicates — Standard Webhooks'
 * `webhook-id`). Before sending, opt-out, expiry, a response already given and the survey being live are checked
 * again, since a delayed send may be hours after the decision. Failures the adapter calls retryable are retried with backoff and jitter
 * up to MAX_ATTEMPTS; others fail the invitation at once, with the error kept on it.
 */
export async function sendInvitations(
  ctx: AppContext,
  tenantId: string,
  invitationIds: string[],
  opts: { reminder?: boolean } = {},
): Promise<void> {
  if (!invitationIds.length) return;
  const reminder = opts.reminder ?? false;
  const now = ctx.clock.now();
  const due = reminder
    ? sql`i.status IN ('sent', 'delivered') AND i.reminded_at IS NULL AND i.reminder_due_at <= ${now.toISOString()}::timestamptz`
    : sql`i.status = 'scheduled' AND i.send_at <= ${now.toISOString()}::timestamptz`;
  const claimed = await rows<Claimed>(
    ctx.db,
    sql`WITH c AS (
          UPDATE invitations i SET lease_until = ${now.toISOString()}::timestamptz + make_interval(secs => ${LEASE_SECONDS})
          WHERE i.tenant_id = ${tenantId} AND i.id = ANY(${uuidArray(invitationIds)}::uuid[]) AND ${due}
            AND (i.lease_until IS NULL OR i.lease_until < ${now.toISOString()}::timestamptz)
          RETURNING i.*)
        SELECT c.id, c.tenant_id, c.survey_id, c.customer_id, c.channel_id, c.trigger_id, c.status, c.attempts, c.sends,
               c.expires_at, c.responded_at, c.reminded_at, c.recipient_sealed, cu.opted_out_at, t.reminder_after_days,
               s.name AS survey_name, s.status AS survey_status, v.definition
        FROM c
        JOIN surveys s ON s.tenant_id = c.tenant_id AND s.id = c.survey_id
        LEFT JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
        LEFT JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
        LEFT JOIN reach_triggers t ON t.tenant_id = c.tenant_id AND t.id = c.trigger_id`,
  );
  if (!claimed.length) return;
  const channels = new Map(
    (
      await rows<ChannelRow>(
        ctx.db,
        sql`SELECT * FROM channels WHERE tenant_id = ${tenantId} AND id = ANY(${uuidArray([...new Set(claimed.map((c) => c.channel_id))])}::uuid[])`,
      )
    ).map((c) => [c.id, c]),
  );
  // Secrets are opened once per channel and batch, not per invitation (AES-GCM and a key derivation each).
  const records = new Map<string, ReturnType<typeof channelRecord>>();
  const recordOf = (c: ChannelRow) => {
    let r = records.get(c.id);
    if (!r) {
      r = channelRecord(ctx.config.secret, c);
      records.set(c.id, r);
    }
    return r;
  };
  const customerIds = [...new Set(claimed.map((c) => c.customer_id).filter((c): c is string => !!c))];
  const identities = new Map<string, CustomerIdentity[]>();
  for (const r of await rows<{ customer_id: string; kind: string; value: string }>(
    ctx.db,
    sql`SELECT customer_id, kind, value FROM customer_identities
        WHERE tenant_id = ${tenantId} AND customer_id = ANY(${uuidArray(customerIds)}::uuid[]) AND kind IN ('member', 'wechat_openid')
        ORDER BY kind, value`,
  ))
    identities.set(r.customer_id, [...(identities.get(r.customer_id) ?? []), { kind: r.kind, value: r.value }]);

  const outcomes: Array<{
    id: string;
    set?: ReturnType<typeof sql>;
    sent?: boolean;
    providerId?: string;
    reminderDue?: string | null;
  }> = [];
  const retries: Array<{ id: string; at: Date }> = [];
  const nowIso = now.toISOString();
  const settle = async (inv: Claimed) => {
    const expired = inv.expires_at && new Date(inv.expires_at).getTime() <= now.getTime();
    const closed = inv.survey_status !== 'live';
    if (inv.opted_out_at || inv.responded_at || expired || closed) {
      // Nothing to send any more. A first send becomes suppressed (with why); a reminder is simply not sent.
      if (reminder) outcomes.push({ id: inv.id, set: sql`reminded_at = NULL, reminder_due_at = NULL` });
      else if (inv.opted_out_at) outcomes.push({ id: inv.id, set: sql`status = 'suppressed', reason = 'opted_out'` });
      else if (closed) outcomes.push({ id: inv.id, set: sql`status = 'suppressed', reason = 'survey_not_live'` });
      else if (expired) outcomes.push({ id: inv.id, set: sql`status = 'suppressed', reason = 'expired'` });
      else outcomes.push({ id: inv.id, set: sql`status = 'suppressed', reason = 'responded'` });
      return;
    }
    const channel = channels.get(inv.channel_id);
    const adapter = channel && adapterFor(channel.kind);
    if (!channel || !adapter || !channel.enabled) {
      outcomes.push({
        id: inv.id,
        set: reminder
          ? sql`reminder_due_at = NULL`
          : sql`status = 'failed', failed_at = ${nowIso}::timestamptz, error = ${'the channel is missing, switched off or not available'}`,
      });
      return;
    }
    const definition = inv.definition ?? {};
    const locale = String((definition as { locale?: string }).locale ?? 'zh-CN').replace(/^zh-cn$/i, 'zh-CN');
    const expiresAt = inv.expires_at ? new Date(inv.expires_at) : null;
    const url = invitationUrl(ctx, tenantId, inv.survey_id, inv.id, expiresAt);
    const unsub = unsubscribeUrl(ctx, tenantId, inv.id);
    const survey = surveySummary(inv.survey_id, inv.survey_name, definition, locale);
    const sealed = inv.recipient_sealed
      ? unseal(ctx.config.secret, RECIPIENT_SEAL, tenantId, inv.recipient_sealed)
      : undefined;
    const message: OutboundInvitation = {
      invitationId: inv.id,
      sendKey: inv.sends === 0 ? inv.id : `${inv.id}.${inv.sends}`,
      reminder,
      tenantId,
      locale,
      customer: {
        id: inv.customer_id ?? '',
        identities: [
          ...(identities.get(inv.customer_id ?? '') ?? []),
          ...(sealed ? (JSON.parse(sealed) as CustomerIdentity[]) : []),
        ],
      },
      url,
      unsubscribeUrl: unsub,
      survey,
      message: renderMessage(locale, survey.title, url, unsub, reminder),
    };
    try {
      const result = await adapter.send(ctx, recordOf(channel), message);
      const reminderDue =
        !reminder && inv.reminder_after_days
          ? new Date(now.getTime() + inv.reminder_after_days * 86_400_000).toISOString()
          : null;
      outcomes.push(
        reminder
          ? { id: inv.id, set: sql`reminded_at = ${nowIso}::timestamptz, sends = sends + 1` }
          : { id: inv.id, sent: true, providerId: result.providerId, reminderDue },
      );
    } catch (err) {
      const retryable = err instanceof ChannelSendError ? err.retryable : true;
      const text = (err instanceof ChannelSendError ? err.message : `send failed: ${safeErrorMessage(err)}`).slice(
        0,
        500,
      );
      const attempts = inv.attempts + 1;
      if (reminder) {
        // One reminder, best effort: a failed reminder is recorded on the invitation and not retried.
        outcomes.push({ id: inv.id, set: sql`reminded_at = ${nowIso}::timestamptz, error = ${`reminder: ${text}`}` });
      } else if (retryable && attempts < MAX_ATTEMPTS) {
        const at = new Date(now.getTime() + retryDelayMs(attempts));
        retries.push({ id: inv.id, at });
        outcomes.push({
          id: inv.id,
          set: sql`attempts = ${attempts}, error = ${text}, send_at = ${at.toISOString()}::timestamptz`,
        });
      } else {
        outcomes.push({
          id: inv.id,
          set: sql`status = 'failed', attempts = ${attempts}, error = ${text}, failed_at = ${nowIso}::timestamptz`,
        });
      }
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, async () => {
      while (next < claimed.length) await settle(claimed[next++]);
    }),
  );
  await ctx.db.transaction(async (tx) => {
    // The common outcome (sent) in one statement; the rest one by one.
    const sentIds = outcomes.filter((o) => o.sent).map((o) => o.id);
    if (sentIds.length)
      await tx.execute(
        sql`UPDATE invitations SET status = 'sent', sent_at = ${nowIso}::timestamptz, attempts = attempts + 1, sends = sends + 1,
              error = NULL, provider_id = x.pid, reminder_due_at = x.rd, lease_until = NULL
            FROM jsonb_to_recordset(${JSON.stringify(outcomes.filter((o) => o.sent).map((o) => ({ id: o.id, pid: o.providerId ?? null, rd: o.reminderDue ?? null })))}::jsonb)
              AS x(id uuid, pid text, rd timestamptz)
            WHERE invitations.tenant_id = ${tenantId} AND invitations.id = x.id`,
      );
    for (const o of outcomes)
      if (!o.sent)
        await tx.execute(
          sql`UPDATE invitations SET ${o.set}, lease_until = NULL WHERE tenant_id = ${tenantId} AND id = ${o.id}`,
        );
    for (const r of retries) await enqueue(tx, reachSendJob, [{ invitationIds: [r.id] }], { tenantId, runAt: r.at });
  });
  if (retries.length) wakeWorkers(ctx);
}
