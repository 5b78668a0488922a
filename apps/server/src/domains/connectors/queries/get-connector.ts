import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { pathUnder } from '../../org/scope.ts';
import type { TConnectorMapping } from '../schema.ts';

/** A connector row with its unit (the secret stays sealed; only create and rotate answer it). */
export interface ConnectorRow {
  tenant_id: string;
  id: string;
  name: string;
  kind: 'webhook' | 'rss' | 'json_api';
  source: 'social' | 'forum' | 'app_review' | 'call_transcript' | 'other';
  channel: string | null;
  org_unit_id: string;
  unit_name: string;
  unit_path: string;
  enabled: boolean;
  url: string | null;
  mapping: TConnectorMapping;
  items_path: string | null;
  cursor_param: string | null;
  cursor_path: string | null;
  cursor: string | null;
  poll_minutes: number;
  next_poll_at: Date | string | null;
  last_run_at: Date | string | null;
  last_status: string | null;
  secret_sealed: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const SELECT = sql.raw(
  `SELECT c.*, o.name AS unit_name, o.path AS unit_path FROM feedback_connectors c JOIN org_units o ON o.tenant_id = c.tenant_id AND o.id = c.org_unit_id`,
);

/** The connectors whose unit lies in the caller's subtree (a connector's unit is its scope), newest first. */
export function listConnectors(ex: Executor, actor: Actor): Promise<ConnectorRow[]> {
  return rows<ConnectorRow>(
    ex,
    sql`${SELECT} WHERE c.tenant_id = ${actor.tenantId} AND ${pathUnder('o', actor.orgPath)} ORDER BY c.created_at DESC, c.id`,
  );
}

/** One connector in the caller's subtree; 404 for another tenant's or another branch's. */
export async function getConnector(ex: Executor, actor: Actor, id: string): Promise<ConnectorRow> {
  const row = await one<ConnectorRow>(
    ex,
    sql`${SELECT} WHERE c.tenant_id = ${actor.tenantId} AND c.id = ${id} AND ${pathUnder('o', actor.orgPath)}`,
  );
  if (!row) throw notFound('Connector');
  return row;
}

/**
 * A connector by id alone, for the public inbound route and the poll job: the id is the only thing the caller
 * holds, and the signature (inbound) or the scheduler's claim (poll) is what authorises it, never the id.
 */
export function connectorById(ex: Executor, id: string): Promise<ConnectorRow | undefined> {
  return one<ConnectorRow>(ex, sql`${SELECT} WHERE c.id = ${id}`);
}

export interface RunRow {
  id: string;
  trigger: 'schedule' | 'manual' | 'inbound';
  status: 'ok' | 'error';
  message_id: string | null;
  started_at: Date | string;
  finished_at: Date | string;
  fetched: number;
  stored: number;
  duplicates: number;
  rejected: number;
  cursor_before: string | null;
  cursor_after: string | null;
  error: string | null;
}

/** The latest runs of a connector the caller may see (the connector is loaded through its scope first). */
export async function listRuns(ex: Executor, actor: Actor, connectorId: string, limit = 50): Promise<RunRow[]> {
  await getConnector(ex, actor, connectorId);
  return rows<RunRow>(
    ex,
    sql`SELECT id, trigger, status, message_id, started_at, finished_at, fetched, stored, duplicates, rejected, cursor_before, cursor_after, error
        FROM feedback_connector_runs WHERE tenant_id = ${actor.tenantId} AND connector_id = ${connectorId}
        ORDER BY started_at DESC, id DESC LIMIT ${limit}`,
  );
}
