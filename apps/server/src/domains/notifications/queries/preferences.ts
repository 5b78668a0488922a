import {
  channelOffered,
  DEFAULT_PREFERENCE_CHANNELS,
  NOTIFICATION_KINDS,
  PREFERENCE_CHANNELS,
  type TNotificationPreferencesResponse,
} from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';

/** The caller's channels per kind (own choices over the defaults; a channel the kind does not offer is off) and how many browsers receive their pushes. */
export async function loadPreferences(ex: Executor, actor: Actor): Promise<TNotificationPreferencesResponse> {
  const own = await rows<{ kind: string; channel: string; enabled: boolean }>(
    ex,
    sql`SELECT kind, channel, enabled FROM notification_preferences WHERE tenant_id = ${actor.tenantId} AND user_id = ${actor.id}`,
  );
  const mine = new Map(own.map((p) => [`${p.kind}|${p.channel}`, p.enabled]));
  const devices = await one<{ n: number }>(
    ex,
    sql`SELECT count(*)::int AS n FROM push_subscriptions WHERE tenant_id = ${actor.tenantId} AND user_id = ${actor.id}`,
  );
  return {
    items: NOTIFICATION_KINDS.map((kind) => {
      const defaults = Object.fromEntries(
        PREFERENCE_CHANNELS.map((c) => [c, DEFAULT_PREFERENCE_CHANNELS[kind].includes(c)]),
      ) as Record<(typeof PREFERENCE_CHANNELS)[number], boolean>;
      const channels = Object.fromEntries(
        PREFERENCE_CHANNELS.map((c) => [c, channelOffered(kind, c) && (mine.get(`${kind}|${c}`) ?? defaults[c])]),
      ) as Record<(typeof PREFERENCE_CHANNELS)[number], boolean>;
      return { kind, channels, defaults };
    }),
    pushDevices: devices?.n ?? 0,
  };
}
