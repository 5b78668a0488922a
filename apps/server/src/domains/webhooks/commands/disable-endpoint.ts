import { rows, sql, type Tx } from '../../../platform/db.ts';

/** Failed attempts in a row after which an endpoint is switched off (问卷星 stops after 10; we allow retries). */
export const DISABLE_AFTER_FAILURES = 20;

/** What the failure count needs of one attempt. */
export interface AttemptResult {
  endpoint: string;
  ok: boolean;
}

/**
 * Keeps each endpoint's count of failed attempts since its last success and switches off an endpoint that reaches
 * DISABLE_AFTER_FAILURES: its waiting deliveries are given up (the log keeps them for redelivery) and its owner — the
 * user who created it, or the tenant's owners when that user is gone — gets an in-app notification in their
 * language. Switching the endpoint on again (PATCH enabled) clears the count. Runs in the outcome's transaction.
 */
export async function disableFailingEndpoints(tx: Tx, tenantId: string, attempts: AttemptResult[]) {
  if (attempts.length === 0) return;
  const per = new Map<string, { ok: boolean; fails: number }>();
  for (const a of attempts) {
    const p = per.get(a.endpoint) ?? { ok: false, fails: 0 };
    if (a.ok) per.set(a.endpoint, { ok: true, fails: 0 });
    else per.set(a.endpoint, { ok: p.ok, fails: p.fails + 1 });
  }
  const counts = [...per].map(([id, p]) => ({ id, ok: p.ok, fails: p.fails }));
  await tx.execute(
    sql`UPDATE webhook_endpoints w
          SET consecutive_failures = CASE WHEN x.ok THEN x.fails ELSE w.consecutive_failures + x.fails END
        FROM jsonb_to_recordset(${JSON.stringify(counts)}::jsonb) AS x(id uuid, ok boolean, fails int)
        WHERE w.tenant_id = ${tenantId} AND w.id = x.id AND (x.ok OR x.fails > 0)`,
  );
  const off = await rows<{ id: string; url: string; created_by: string | null; consecutive_failures: number }>(
    tx,
    sql`UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'failures', disabled_at = now(), updated_at = now()
        WHERE tenant_id = ${tenantId} AND enabled AND consecutive_failures >= ${DISABLE_AFTER_FAILURES}
          AND id IN (SELECT jsonb_array_elements_text(${JSON.stringify(counts.map((c) => c.id))}::jsonb)::uuid)
        RETURNING id, url, created_by, consecutive_failures`,
  );
  for (const w of off) {
    await tx.execute(
      sql`UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL,
            error = ${`endpoint switched off after ${w.consecutive_failures} failed attempts in a row`}
          WHERE tenant_id = ${tenantId} AND endpoint_id = ${w.id} AND status IN ('pending', 'retrying')`,
    );
    const origin = URL.canParse(w.url) ? new URL(w.url).origin : 'webhook';
    const zh = {
      s: `Webhook 已自动停用：${origin}`,
      b: `连续 ${w.consecutive_failures} 次投递失败，端点已停用，未完成的投递已标记为失败。修复接收方后，在“连接 → Webhooks”中重新启用，并可逐条重新投递。`,
    };
    const en = {
      s: `Webhook switched off: ${origin}`,
      b: `${w.consecutive_failures} deliveries in a row failed, so the endpoint was switched off and its waiting deliveries were given up. Fix the receiver, switch it on again under Connect → Webhooks, and redeliver what it missed.`,
    };
    // The creator if still active, otherwise the tenant's active owners.
    await tx.execute(
      sql`INSERT INTO notifications (tenant_id, id, channel, recipient, subject, body, data, status, webhook_id)
          SELECT ${tenantId}, gen_random_uuid(), 'in_app', u.id::text,
                 CASE WHEN u.locale = 'en' THEN ${en.s} ELSE ${zh.s} END,
                 CASE WHEN u.locale = 'en' THEN ${en.b} ELSE ${zh.b} END,
                 ${JSON.stringify({ kind: 'webhook.disabled', webhookId: w.id })}::jsonb, 'sent', ${w.id}::uuid
          FROM users u
          WHERE u.tenant_id = ${tenantId} AND u.status = 'active'
            AND (u.id = ${w.created_by}::uuid
                 OR (u.role = 'owner' AND NOT EXISTS (SELECT 1 FROM users c WHERE c.tenant_id = ${tenantId}
                                                        AND c.id = ${w.created_by}::uuid AND c.status = 'active')))`,
    );
  }
  return off.map((w) => w.id);
}
