import type { TWebhookResponse } from '@loopcx/shared';

/** A `webhook_endpoints` row as the webhook queries select it (never a secret). */
export interface WebhookRow {
  id: string;
  url: string;
  description: string;
  org_unit_id: string;
  enabled: boolean;
  events: string[] | null;
  survey_id: string | null;
  disabled_reason: 'failures' | null;
  disabled_at: Date | string | null;
  consecutive_failures: number;
  secret_created_at: Date | string | null;
  previous_expires_at: Date | string | null;
  rule_count: number;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The columns every endpoint query selects, with `w` the `webhook_endpoints` alias. */
export const WEBHOOK_COLUMNS = `w.id, w.url, w.description, w.org_unit_id, w.enabled, w.created_at, w.updated_at, w.events, w.survey_id,
  w.disabled_reason, w.disabled_at, w.consecutive_failures,
  (SELECT max(s.created_at) FROM webhook_secrets s WHERE s.tenant_id = w.tenant_id AND s.endpoint_id = w.id AND s.expires_at IS NULL) AS secret_created_at,
  (SELECT max(s.expires_at) FROM webhook_secrets s WHERE s.tenant_id = w.tenant_id AND s.endpoint_id = w.id AND s.expires_at > now()) AS previous_expires_at,
  (SELECT count(*)::int FROM alert_rules r WHERE r.tenant_id = w.tenant_id AND r.actions -> 'notify' ->> 'webhookId' = w.id::text) AS rule_count`;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** An endpoint as the API answers it. */
export const presentWebhook = (w: WebhookRow): TWebhookResponse => ({
  id: w.id,
  url: w.url,
  description: w.description,
  orgUnitId: w.org_unit_id,
  enabled: w.enabled,
  events: w.events ?? [],
  surveyId: w.survey_id,
  disabledReason: w.disabled_reason,
  disabledAt: iso(w.disabled_at),
  consecutiveFailures: Number(w.consecutive_failures),
  secretCreatedAt: iso(w.secret_created_at),
  previousSecretExpiresAt: iso(w.previous_expires_at),
  ruleCount: Number(w.rule_count),
  createdAt: new Date(w.created_at).toISOString(),
  updatedAt: new Date(w.updated_at).toISOString(),
});
