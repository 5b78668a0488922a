import { type TSdkWidget, ZSdkWidget } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, sql } from '../../platform/db.ts';
import type { PublicKey } from './queries/key-lookup.ts';

/**
 * A key's name and 吐槽 widget as stored (`sdk_keys.feedback_widget`, null = off). Read fresh on each call (not from
 * the key cache): turning the widget off takes effect at once. A stored value that no longer parses counts as off.
 */
export async function feedbackSettingsOf(
  ex: Executor,
  key: Pick<PublicKey, 'tenantId' | 'id'>,
): Promise<{ name: string; widget: TSdkWidget | null }> {
  const row = await one<{ name: string; feedback_widget: unknown }>(
    ex,
    sql`SELECT name, feedback_widget FROM sdk_keys WHERE tenant_id = ${key.tenantId} AND id = ${key.id}`,
  );
  const parsed = row?.feedback_widget ? ZSdkWidget.safeParse(row.feedback_widget) : undefined;
  return { name: row?.name ?? '', widget: parsed?.success ? parsed.data : null };
}

/** The `feedback` part of GET /sdk/v1/config: the key's widget settings, or null when the widget is off. */
export async function widgetConfigOf(ctx: AppContext, key: PublicKey): Promise<TSdkWidget | null> {
  return (await feedbackSettingsOf(ctx.db, key)).widget;
}
