import type { TNotificationKind, TPreferenceChannel } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, sql } from '../../../platform/db.ts';

/** One choice: a kind's channel on or off. */
export interface PreferenceChange {
  kind: TNotificationKind;
  channel: TPreferenceChannel;
  enabled: boolean;
}

/** Stores the caller's own choices (upsert per kind × channel); other kinds keep theirs or the defaults. */
export async function setPreferences(ex: Executor, clock: Clock, actor: Actor, changes: PreferenceChange[]) {
  if (!changes.length) return;
  await ex.execute(
    sql`INSERT INTO notification_preferences (tenant_id, user_id, kind, channel, enabled, updated_at)
        SELECT ${actor.tenantId}, ${actor.id}, x.kind, x.channel, x.enabled, ${clock.now().toISOString()}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) AS x(kind text, channel text, enabled boolean)
        ON CONFLICT (tenant_id, user_id, kind, channel) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at`,
  );
}
