import { type Executor, one, sql } from '../../../platform/db.ts';

/** Where and how a delivery to an endpoint goes: its URL, whether it is on, and every secret still signing. */
export interface DeliveryTarget {
  url: string;
  enabled: boolean;
  secrets: string[];
}

/** The endpoint as a delivery job reads it (no actor: the job was enqueued by a rule of the same tenant). */
export async function deliveryTarget(ex: Executor, tenantId: string, id: string): Promise<DeliveryTarget | undefined> {
  const row = await one<{ url: string; enabled: boolean; secrets: string[] | null }>(
    ex,
    sql`SELECT w.url, w.enabled,
          (SELECT array_agg(s.secret ORDER BY s.created_at DESC) FROM webhook_secrets s
            WHERE s.tenant_id = w.tenant_id AND s.endpoint_id = w.id AND (s.expires_at IS NULL OR s.expires_at > now())) AS secrets
        FROM webhook_endpoints w WHERE w.tenant_id = ${tenantId} AND w.id = ${id}`,
  );
  return row ? { url: row.url, enabled: row.enabled, secrets: row.secrets ?? [] } : undefined;
}
