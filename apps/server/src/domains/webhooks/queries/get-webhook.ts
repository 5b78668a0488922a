import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { pathUnder } from '../../org/scope.ts';
import { WEBHOOK_COLUMNS, type WebhookRow } from '../presenter.ts';

const FROM = sql.raw(`webhook_endpoints w JOIN org_units o ON o.tenant_id = w.tenant_id AND o.id = w.org_unit_id`);

/** The endpoints whose unit lies in the caller's subtree, newest first (an endpoint's unit is its scope). */
export function listWebhooks(ex: Executor, actor: Actor): Promise<WebhookRow[]> {
  return rows<WebhookRow>(
    ex,
    sql`SELECT ${sql.raw(WEBHOOK_COLUMNS)} FROM ${FROM}
        WHERE w.tenant_id = ${actor.tenantId} AND ${pathUnder('o', actor.orgPath)}
        ORDER BY w.created_at DESC, w.id`,
  );
}

/** One endpoint in the caller's subtree; 404 for another tenant's or another branch's. */
export async function getWebhook(ex: Executor, actor: Actor, id: string): Promise<WebhookRow> {
  const row = await one<WebhookRow>(
    ex,
    sql`SELECT ${sql.raw(WEBHOOK_COLUMNS)} FROM ${FROM}
        WHERE w.tenant_id = ${actor.tenantId} AND w.id = ${id} AND ${pathUnder('o', actor.orgPath)}`,
  );
  if (!row) throw notFound('Webhook');
  return row;
}
