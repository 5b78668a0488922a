import { createHmac, randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { enqueue, type Job } from '../../../platform/jobs.ts';
import { outboundRequest } from '../../../platform/outbound.ts';
import { emailDeliverJob, webhookDeliverJob } from '../jobs.ts';

export interface NotifyInput {
  tenantId: string;
  subject: string;
  body: string;
  data: Record<string, unknown>;
  /** In-app recipients (user ids). */
  userIds?: string[];
  emails?: string[];
  webhookUrl?: string;
}

/**
 * Writes notifications in the caller's transaction: in-app rows are visible at once; emails are sent by a job
 * through SMTP when `SMTP_URL` is set and otherwise kept in the outbox (shown in the console); webhooks are
 * delivered by a job, signed with HMAC-SHA256.
 */
export async function notify(tx: Executor, ctx: AppContext, n: NotifyInput) {
  for (const userId of new Set(n.userIds ?? [])) {
    await insert(tx, n, 'in_app', userId, 'sent');
  }
  for (const email of new Set(n.emails ?? [])) {
    // Without SMTP the message is kept in the outbox so nothing is silently dropped.
    const id = await insert(tx, n, 'email', email, ctx.config.smtpUrl ? 'pending' : 'outbox');
    if (ctx.config.smtpUrl) await enqueue(tx, emailDeliverJob, [{ notificationId: id }], { tenantId: n.tenantId });
  }
  if (n.webhookUrl) {
    const id = await insert(tx, n, 'webhook', n.webhookUrl, 'pending');
    await enqueue(tx, webhookDeliverJob, [{ notificationId: id }], { tenantId: n.tenantId });
  }
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
    d: Record<string, unknown>;
    st: string;
  }> = [];
  const hooks: Array<{ tenantId: string; id: string; job: typeof webhookDeliverJob | typeof emailDeliverJob }> = [];
  for (const n of list) {
    const add = (channel: string, recipient: string, status: string) => {
      const id = randomUUID();
      rowsOut.push({ t: n.tenantId, id, c: channel, r: recipient, s: n.subject, b: n.body, d: n.data, st: status });
      return id;
    };
    for (const userId of new Set(n.userIds ?? [])) add('in_app', userId, 'sent');
    for (const email of new Set(n.emails ?? [])) {
      const id = add('email', email, ctx.config.smtpUrl ? 'pending' : 'outbox');
      if (ctx.config.smtpUrl) hooks.push({ tenantId: n.tenantId, id, job: emailDeliverJob });
    }
    if (n.webhookUrl)
      hooks.push({ tenantId: n.tenantId, id: add('webhook', n.webhookUrl, 'pending'), job: webhookDeliverJob });
  }
  if (rowsOut.length === 0) return;
  await tx.execute(
    sql`INSERT INTO notifications (tenant_id, id, channel, recipient, subject, body, data, status)
        SELECT x.t, x.id, x.c, x.r, x.s, x.b, x.d, x.st
        FROM jsonb_to_recordset(${JSON.stringify(rowsOut)}::jsonb) AS x(t uuid, id uuid, c text, r text, s text, b text, d jsonb, st text)`,
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

async function insert(tx: Executor, n: NotifyInput, channel: string, recipient: string, status: string) {
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO notifications (tenant_id, id, channel, recipient, subject, body, data, status)
        VALUES (${n.tenantId}, ${id}, ${channel}, ${recipient}, ${n.subject}, ${n.body}, ${JSON.stringify(n.data)}::jsonb, ${status})`,
  );
  return id;
}

/** `x-loopcx-signature: t=<unix>,v1=<hex hmac of "t.body">` — receivers recompute it with the tenant secret. */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', `webhook:${secret}`).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** Job handler: POSTs the webhook; a non-2xx or network error throws so the job retries with backoff. */
export async function deliverWebhook(ctx: AppContext, job: Job<{ notificationId: string }>) {
  const res = (await ctx.db.execute(
    sql`SELECT recipient, subject, data, status FROM notifications WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.notificationId}`,
  )) as unknown as { rows: Array<{ recipient: string; subject: string; data: unknown; status: string }> };
  const n = res.rows[0];
  if (!n || n.status === 'sent') return;
  const body = JSON.stringify({ id: job.payload.notificationId, type: 'alert', subject: n.subject, data: n.data });
  // The guarded client refuses internal destinations (SSRF) and does not follow redirects: a 3xx fails here.
  const response = await outboundRequest(ctx, n.recipient, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-loopcx-signature': signWebhook(ctx.config.secret, body, ctx.clock.now()),
    },
    body,
    timeoutMs: 10_000,
  });
  if (response.status < 200 || response.status > 299) throw new Error(`webhook answered ${response.status}`);
  await ctx.db.execute(
    sql`UPDATE notifications SET status = 'sent' WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.notificationId}`,
  );
}
