import webpush from 'web-push';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';
import { OutboundFailed, outboundRequest } from '../../../platform/outbound.ts';
import { vapidKeys, vapidSubject } from '../vapid.ts';

/** What the service worker receives (apps/console/public/sw.js shows it and opens `link` on click). */
export interface PushPayload {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

/** Push messages wait this long on the push service for an offline browser (RFC 8030 TTL). */
const TTL_SECONDS = 24 * 3600;

/**
 * Job handler: sends one notification as a web push to every browser of its recipient. Each message is encrypted
 * for the subscription (RFC 8291, aes128gcm) and signed with the install's VAPID key (RFC 8292) by the web-push
 * package, then POSTed through the outbound policy (platform/outbound.ts): a subscription endpoint on a private
 * address is refused unless allow-listed. 404/410 from the push service mean the subscription is gone: it is
 * deleted. When no browser took it and at least one failure may pass (network, 429, 5xx), the job throws and
 * retries; otherwise the row is marked sent (or failed).
 */
export async function sendPush(ctx: AppContext, job: Job<{ notificationId: string }>) {
  const tenantId = job.tenantId;
  if (!tenantId) return;
  const n = await one<{
    recipient: string;
    kind: string;
    subject: string;
    body: string;
    link: string | null;
    status: string;
  }>(
    ctx.db,
    sql`SELECT recipient, kind, subject, body, link, status FROM notifications
        WHERE tenant_id = ${tenantId} AND id = ${job.payload.notificationId} AND channel = 'push'`,
  );
  if (n?.status !== 'pending') return;
  const subs = await rows<{ id: string; endpoint: string; p256dh: string; auth: string }>(
    ctx.db,
    sql`SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE tenant_id = ${tenantId} AND user_id = ${n.recipient}`,
  );
  const keys = await vapidKeys(ctx.db, ctx);
  const payload: PushPayload = {
    id: job.payload.notificationId,
    kind: n.kind,
    title: n.subject,
    body: n.body.slice(0, 1000),
    link: n.link,
  };
  let delivered = 0;
  let transient = 0;
  for (const s of subs) {
    let status: number;
    try {
      const req = webpush.generateRequestDetails(
        { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
        JSON.stringify(payload),
        {
          vapidDetails: { subject: vapidSubject(ctx), publicKey: keys.publicKey, privateKey: keys.privateKey },
          TTL: TTL_SECONDS,
          contentEncoding: 'aes128gcm',
        },
      );
      const res = await outboundRequest(ctx, req.endpoint, {
        method: 'POST',
        headers: req.headers as Record<string, string>,
        body: req.body ?? undefined,
        timeoutMs: 10_000,
        maxResponseBytes: 4096,
      });
      status = res.status;
    } catch (err) {
      // A timeout or a lost connection may pass; a refused destination (OutboundRefused: a private address) or
      // keys the package rejects will not get better by retrying.
      if (err instanceof OutboundFailed) transient++;
      continue;
    }
    if (status >= 200 && status < 300) {
      delivered++;
      await ctx.db.execute(
        sql`UPDATE push_subscriptions SET last_sent_at = ${ctx.clock.now().toISOString()} WHERE tenant_id = ${tenantId} AND id = ${s.id}`,
      );
    } else if (status === 404 || status === 410) {
      await ctx.db.execute(sql`DELETE FROM push_subscriptions WHERE tenant_id = ${tenantId} AND id = ${s.id}`);
    } else if (status === 429 || status >= 500) transient++;
  }
  if (delivered === 0 && transient > 0) throw new Error(`push service unavailable for ${transient} subscription(s)`);
  await ctx.db.execute(
    sql`UPDATE notifications SET status = ${delivered > 0 ? 'sent' : 'failed'}
        WHERE tenant_id = ${tenantId} AND id = ${job.payload.notificationId}`,
  );
}
