import type { TSdkKeyResponse, TSdkWidget } from '@loopcx/shared';

/** An `sdk_keys` row as the key queries select it. */
export interface SdkKeyRow {
  id: string;
  name: string;
  key: string;
  allowed_origins: string[];
  allowed_event_types: string[];
  org_unit_id: string;
  touchpoint_id: string | null;
  feedback_widget: TSdkWidget | null;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

/** The columns every key query selects, with `k` the `sdk_keys` alias. */
export const SDK_KEY_COLUMNS =
  'k.id, k.name, k.key, k.allowed_origins, k.allowed_event_types, k.org_unit_id, k.touchpoint_id, k.feedback_widget, k.created_at, k.last_used_at, k.revoked_at';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** A public write key as the API answers it (the key string included: it is public by design). */
export const presentSdkKey = (k: SdkKeyRow): TSdkKeyResponse => ({
  id: k.id,
  name: k.name,
  key: k.key,
  allowedOrigins: k.allowed_origins,
  allowedEventTypes: k.allowed_event_types,
  orgUnitId: k.org_unit_id,
  touchpointId: k.touchpoint_id,
  feedbackWidget: k.feedback_widget ?? null,
  createdAt: new Date(k.created_at).toISOString(),
  lastUsedAt: iso(k.last_used_at),
  revokedAt: iso(k.revoked_at),
});
