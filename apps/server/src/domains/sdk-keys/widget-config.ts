import type { TSdkWidget } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import type { PublicKey } from './queries/key-lookup.ts';

/**
 * The 吐槽 widget settings of a key, as `GET /sdk/v1/config` answers them (null = the widget is off for this key).
 * No key has widget settings yet, so every key's widget is off.
 */
export async function widgetConfigOf(_ctx: AppContext, _key: PublicKey): Promise<TSdkWidget | null> {
  return null;
}
