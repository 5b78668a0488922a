import type { TSdkIntercept } from '@loopcx/shared';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import type { PublicKey } from '../../sdk-keys/admit.ts';
import { type InterceptRow, presentSdkIntercept } from '../presenter.ts';

const cache = new Map<string, { list: TSdkIntercept[]; at: number }>();
/** How long a node reuses a key's intercept list: every page view of every visitor reads it. */
const TTL_MS = 5000;

/**
 * The intercepts the SDK of this key runs: enabled, of a live survey, for every key or this one. Cached per key for
 * a few seconds on each node (edits on this node drop it at once, `forgetInterceptConfigs`).
 */
export async function interceptsForKey(ex: Executor, key: PublicKey): Promise<TSdkIntercept[]> {
  const hit = cache.get(key.id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.list;
  const list = (
    await rows<InterceptRow>(
      ex,
      sql`SELECT i.id, i.display, i.selector, i.conditions, i.delay_ms, i.sample_percent, i.once_per_days
          FROM sdk_intercepts i JOIN surveys s ON s.tenant_id = i.tenant_id AND s.id = i.survey_id AND s.status = 'live'
          WHERE i.tenant_id = ${key.tenantId} AND i.enabled
            AND (cardinality(i.key_ids) = 0 OR ${key.id}::uuid = ANY(i.key_ids))
          ORDER BY i.created_at, i.id`,
    )
  ).map(presentSdkIntercept);
  if (cache.size > 10_000) cache.clear();
  cache.set(key.id, { list, at: Date.now() });
  return list;
}

/** Drops this node's cached intercept lists (after an intercept is created, changed or deleted). */
export function forgetInterceptConfigs() {
  cache.clear();
}
