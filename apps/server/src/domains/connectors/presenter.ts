import type { TConnectorResponse, TConnectorRunResponse } from '@loopcx/shared';
import type { ConnectorRow, RunRow } from './queries/get-connector.ts';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** A connector as the API answers it: never its secret; the inbound path for webhooks. */
export function presentConnector(c: ConnectorRow): TConnectorResponse {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    source: c.source,
    channel: c.channel,
    orgUnit: { id: c.org_unit_id, name: c.unit_name },
    enabled: c.enabled,
    url: c.url,
    inboundPath: c.kind === 'webhook' ? `/api/v1/inbound/${c.id}` : null,
    mapping: c.mapping as Record<string, string>,
    itemsPath: c.items_path,
    cursorParam: c.cursor_param,
    cursorPath: c.cursor_path,
    cursor: c.cursor,
    pollMinutes: c.poll_minutes,
    nextPollAt: c.kind === 'webhook' || !c.enabled ? null : iso(c.next_poll_at),
    lastRunAt: iso(c.last_run_at),
    lastStatus: c.last_status === 'ok' || c.last_status === 'error' ? c.last_status : null,
    createdAt: iso(c.created_at)!,
    updatedAt: iso(c.updated_at)!,
  };
}

export function presentRun(r: RunRow): TConnectorRunResponse {
  return {
    id: r.id,
    trigger: r.trigger,
    status: r.status,
    messageId: r.message_id,
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at)!,
    fetched: r.fetched,
    stored: r.stored,
    duplicates: r.duplicates,
    rejected: r.rejected,
    cursorBefore: r.cursor_before,
    cursorAfter: r.cursor_after,
    error: r.error,
  };
}
