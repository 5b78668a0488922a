import { type Executor, one, sql } from '../../../platform/db.ts';
import { loadTopics, taxonomyVersion } from '../analyzer-cache.ts';
import { presentTopic } from '../presenter.ts';
import { latestRun } from './runs.ts';

/** The tenant's topic tree with its version, the pack it started from and the latest reanalysis run. */
export async function getTaxonomy(ex: Executor, tenantId: string) {
  const pack = await one<{ pack: string | null }>(
    ex,
    sql`SELECT pack FROM text_taxonomies WHERE tenant_id = ${tenantId}`,
  );
  return {
    version: await taxonomyVersion(ex, tenantId),
    pack: pack?.pack ?? null,
    topics: (await loadTopics(ex, tenantId)).map(presentTopic),
    reanalysis: await latestRun(ex, tenantId, 'reanalysis'),
  };
}
