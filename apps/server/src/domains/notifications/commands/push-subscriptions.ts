import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

/** A browser's PushSubscription as `subscription.toJSON()` gives it. */
export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  userAgent?: string;
}

/**
 * Stores the caller's browser subscription. The endpoint is unique per tenant: the same browser subscribing again
 * (or after someone else signed in on it) updates the row and moves it to the caller. The endpoint's address is
 * checked when sending (platform/outbound.ts), where DNS answers count, not here.
 */
export async function savePushSubscription(ex: Executor, clock: Clock, actor: Actor, s: PushSubscriptionInput) {
  const row = await one<{ id: string; created_at: Date | string }>(
    ex,
    sql`INSERT INTO push_subscriptions (tenant_id, id, user_id, endpoint, p256dh, auth, user_agent, created_at)
        VALUES (${actor.tenantId}, ${randomUUID()}, ${actor.id}, ${s.endpoint}, ${s.keys.p256dh}, ${s.keys.auth},
                ${s.userAgent ?? null}, ${clock.now().toISOString()}::timestamptz)
        ON CONFLICT (tenant_id, endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh,
          auth = EXCLUDED.auth, user_agent = EXCLUDED.user_agent
        RETURNING id, created_at`,
  );
  return row as { id: string; created_at: Date | string };
}

/** Removes the caller's subscription of this endpoint (the browser unsubscribed); someone else's is a 404. */
export async function deletePushSubscription(ex: Executor, actor: Actor, endpoint: string) {
  const hit = await rows(
    ex,
    sql`DELETE FROM push_subscriptions WHERE tenant_id = ${actor.tenantId} AND user_id = ${actor.id} AND endpoint = ${endpoint} RETURNING id`,
  );
  if (!hit.length) throw notFound('Push subscription');
}
