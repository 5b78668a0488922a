import { type Executor, rows, sql } from '../../../platform/db.ts';
import type { DiscoveryRow } from '../commands/decide-discovery.ts';
import { presentDiscovery } from '../presenter.ts';
import { latestRun } from './runs.ts';

export interface ListDiscoveriesOptions {
  status: 'proposed' | 'accepted' | 'dismissed';
  kind?: 'pair' | 'uncovered' | 'rising';
}

/** The tenant's discovery proposals of a status, best first per kind (at most 300), with the latest discovery run. */
export async function listDiscoveries(ex: Executor, tenantId: string, opts: ListDiscoveriesOptions) {
  const list = await rows<DiscoveryRow>(
    ex,
    sql`SELECT id, kind, term, terms, evidence, score, status, topic_id, run_at, decided_at FROM text_discoveries
      WHERE tenant_id = ${tenantId} AND status = ${opts.status} ${opts.kind ? sql`AND kind = ${opts.kind}` : sql``}
      ORDER BY kind, score DESC, term LIMIT 300`,
  );
  return { items: list.map(presentDiscovery), lastRun: await latestRun(ex, tenantId, 'discovery') };
}
