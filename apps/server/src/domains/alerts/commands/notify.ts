import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { enqueue, type Job } from '../../../platform/jobs.ts';
import { deliverMessage } from '../../webhooks/commands/deliver.ts';
import { deliveryTarget } from '../../webhooks/queries/delivery-target.ts';
import { emailDeliverJob, webhookDeliverJob } from '../jobs.ts';

export interface NotifyInput {
  tenantId: string;
  subject: string;
  body: string;
  /** The HTML part of the emails (the plain text is `body`). */
  html?: string;
  data: Record<string, unknown>;
  /** In-app recipients (user ids). */
  userIds?: string[];
  emails?: string[];
  /** A webhook endpoint of the tenant (`webhook_endpoints`): its URL and secrets are read when sending. */
  webhookId?: string;
}

/**
 * Writes notifications in the caller's transaction: in-app rows are visible at once; emails are sent by a job
 * through SMTP when `SMTP_URL` is set and otherwise kept in the outbox (shown in the console); webhooks are
 * delivered by a job to the rule's endpoint, signed per Standard Webhooks with the endpoint's own secret.
 */
export function notify(tx: Executor, ctx: AppContext, n: NotifyInput) {
  return notifyMany(tx, ctx, [n]);
}

/** `notify` for many alerts at once: every row in one statement, webhook jobs in one more. */
export async function notifyMany(tx: Executor, ctx: AppContext, list: NotifyInput[]) {
  const rowsOut: Array<{
    t: string;
    id: string;
    c: string;
    r: string;
    s: string;
    b: string;
    h: string | null;
    d: Record<string, unknown>;
    st: string;
    w: string | null;
  }> = [];
  const hooks: Array<{ tenantId: string; id: string; job: typeof webhookDeliverJob | typeof emailDeliverJob }> = [];
  for (const n of list) {
    const add = (channel: string, recipient: string, status: string, webhookId: string | null = null) => {
      const id = randomUUID();
      rowsOut.push({
        t: n.tenantId,
        id,
        c: channel,
        r: recipient,
        s: n.subject,
        b: n.body,
        h: channel === 'email' ? (n.html ?? null) : null,
        d: n.data,
        st: status,
        w: webhookId,
      });
      return id;
    };
    for (const userId of new Set(n.userIds ?? [])) add('in_app', userId, 'sent');
    for (const email of new Set(n.emails ?? [])) {
      const id = add('email', email, ctx.config.smtpUrl ? 'pending' : 'outbox');
      if (ctx.config.smtpUrl) hooks.push({ tenantId: n.tenantId, id, job: emailDeliverJob });
    }
    // The recipient people read is the endpoint's URL, filled in by the INSERT below.
    if (n.webhookId)
      hooks.push({ tenantId: n.tenantId, id: add('webhook', '', 'pending', n.webhookId), job: webhookDeliverJob });
  }
  if (rowsOut.length === 0) return;
  await tx.execute(
    sql`INSERT INTO notifications (tenant_id, id, channel, recipient, subject, body, html, data, status, webhook_id)
        SELECT x.t, x.id, x.c, CASE WHEN x.w IS NULL THEN x.r ELSE coalesce(w.url, '(deleted webhook)') END,
               x.s, x.b, x.h, x.d, x.st, x.w
        FROM jsonb_to_recordset(${JSON.stringify(rowsOut)}::jsonb) AS x(t uuid, id uuid, c text, r text, s text, b text, h text, d jsonb, st text, w uuid)
        LEFT JOIN webhook_endpoints w ON w.tenant_id = x.t AND w.id = x.w`,
  );
  const byTenant = new Map<
    string,
    { job: (typeof hooks)[number]['job']; tenantId: string; payloads: Array<{ notificationId: string }> }
  >();
  for (const h of hooks) {
    const k = `${h.job.kind}|${h.tenantId}`;
    const l = byTenant.get(k);
    if (l) l.payloads.push({ notificationId: h.id });
    else byTenant.set(k, { job: h.job, tenantId: h.tenantId, payloads: [{ notificationId: h.id }] });
  }
  for (const { job, tenantId, payloads } of byTenant.values()) await enqueue(tx, job, payloads, { tenantId });
}

/**
 * Job handler: POSTs the alert to its endpoint as an `alert.fired` message (`webhook-id` = the notification's id, the
 * same on every retry); a non-2xx answer or a network error throws so the job retries with backoff. An endpoint that
 * was deleted or switched off marks the notification failed instead of retrying.
 */
export async function deliverWebhook(ctx: AppContext, job: Job<{ notificationId: string }>) {
  const n = await one<{
    webhook_id: string | null;
    subject: string;
    body: string;
    data: unknown;
    status: string;
    created_at: Date | string;
  }>(
    ctx.db,
    sql`SELECT webhook_id, subject, body, data, status, created_at FROM notifications
        WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.notificationId}`,
  );
  if (!n || n.status === 'sent' || n.status === 'failed') return;
  const target = n.webhook_id && job.tenantId ? await deliveryTarget(ctx.db, job.tenantId, n.webhook_id) : undefined;
  if (!target?.enabled || target.secrets.length === 0) {
    await ctx.db.execute(
      sql`UPDATE notifications SET status = 'failed' WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.notificationId}`,
    );
    return;
  }
  // The guarded client refuses internal destinations (SSRF) and does not follow redirects: a 3xx fails here.
  const { status } = await deliverMessage(ctx, target, {
    id: `msg_${job.payload.notificationId}`,
    type: 'alert.fired',
    data: {
      notificationId: job.payload.notificationId,
      subject: n.subject,
      body: n.body,
      firedAt: new Date(n.created_at).toISOString(),
      ...(n.data as Record<string, unknown>),
    },
  });
  if (status < 200 || status > 299) throw new Error(`webhook answered ${status}`);
  await ctx.db.execute(
    sql`UPDATE notifications SET status = 'sent' WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.notificationId}`,
  );
}
