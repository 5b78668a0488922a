import type { TAuditEntryResponse } from '@loopcx/shared';
import type { AuditRow } from './queries/list-audit.ts';

/** An audit row as the API answers it. */
export function presentAuditEntry(r: AuditRow): TAuditEntryResponse {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: { kind: r.actor_kind, id: r.actor_id, label: r.actor_label },
    action: r.action,
    object: { type: r.target_type, id: r.target_id },
    outcome: r.outcome,
    status: r.status,
    before: r.before ?? null,
    after: r.after ?? null,
    ip: r.ip,
    userAgent: r.user_agent,
    requestId: r.request_id,
  };
}
