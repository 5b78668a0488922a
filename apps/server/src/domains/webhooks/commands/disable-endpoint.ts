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
  // Several batches record their outcomes at once (the runner's lanes on PostgreSQL), each in one transaction that
  // touches the same endpoint rows. Two that lock them in different orders deadlock, and the loser's batch was
  // rolled back and sent again by the job's retry (receivers saw duplicates, the log lost the first outcomes). So
  // only the rows whose count changes are touched (a success on a healthy endpoint writes nothing, the common case
  // takes no lock at all), and those are locked first in one order, by id.
  const changing = await rows<{ id: string }>(
    tx,
    sql`SELECT w.id FROM webhook_endpoints w
          JOIN jsonb_to_recordset(${JSON.stringify(counts)}::jsonb) AS x(id uuid, ok boolean, fails int) ON x.id = w.id
        WHERE w.tenant_id = ${tenantId} AND (x.fails > 0 OR (x.ok AND w.consecutive_failures <> 0))
        ORDER BY w.id
        FOR UPDATE OF w`,
  );
  if (changing.length === 0) return [];
  await tx.execute(
    sql`UPDATE webhook_endpoints w
          SET consecutive_failures = CASE WHEN x.ok THEN x.fails ELSE w.consecutive_failures + x.fails END
        FROM jsonb_to_recordset(${JSON.stringify(counts)}::jsonb) AS x(id uuid, ok boolean, fails int)
        WHERE w.tenant_id = ${tenantId} AND w.id = x.id
          AND w.id = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(changing.map((c) => c.id))}::jsonb)::uuid))`,
  );
  const off = await rows<{ id: string; url: string; created_by: string | null; consecutive_failures: number }>(
    tx,
    sql`UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'failures', disabled_at = now(), updated_at = now()
        WHERE tenant_id = ${tenantId} AND enabled AND consecutive_failures >= ${DISABLE_AFTER_FAILURES}
          AND id IN (SELECT jsonb_array_elements_text(${JSON.stringify(changing.map((c) => c.id))}::jsonb)::uuid)
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
